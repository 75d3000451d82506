// Unit tests for the TPaxos record rules: ballots, Update/adopt, majority promise (and the TPaxosAP guard), chosen.
import { describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../../protocols/paxosstore/record.ts';
import {
  EMPTY_RECORD, adoptPeer, ballotOwner, hasMajorityPromise, isMajorityAccepted, isRecordNewer, nextBallot, recordProblem, valueToAccept,
} from '../../../protocols/paxosstore/record.ts';

const v = (id: string) => ({ id, key: 'k0', val: 1 });
const rec = (r: Partial<EntryRecord>): EntryRecord => ({ ...EMPTY_RECORD, ...r });

describe('paxosstore: proposal numbers', () => {
  it('gives each acceptor its own residue and always goes higher', () => {
    expect(nextBallot(0, 0, 3)).toBe(4);
    expect(nextBallot(0, 2, 3)).toBe(6);
    expect(nextBallot(6, 0, 3)).toBe(10);
    expect(nextBallot(0, 0, 3)).toBeGreaterThan(3);
    for (let above = 0; above < 40; above++) for (let idx = 0; idx < 3; idx++) {
      const pn = nextBallot(above, idx, 3);
      expect(pn).toBeGreaterThan(above);
      expect(ballotOwner(pn, 3)).toBe(idx);
    }
  });
});

describe('paxosstore: Update (adoptPeer)', () => {
  it('raises the promise to the peer\'s', () => {
    expect(adoptPeer(rec({ promised: 4, prepared: 4 }), rec({ promised: 9, prepared: 9 })).promised).toBe(9);
  });
  it('adopts an accepted proposal it did not promise against', () => {
    const next = adoptPeer(rec({ promised: 4 }), rec({ promised: 6, accepted: 6, value: v('x') }));
    expect(next.accepted).toBe(6);
    expect(next.value?.id).toBe('x');
  });
  it('refuses an accept below its promise', () => {
    const next = adoptPeer(rec({ promised: 9 }), rec({ promised: 6, accepted: 6, value: v('x') }));
    expect(next.accepted).toBe(0);
    expect(next.promised).toBe(9);
  });
  it('never changes a chosen record, and takes a chosen one over anything', () => {
    const chosen = rec({ promised: 4, accepted: 4, value: v('a'), isChosen: true });
    expect(adoptPeer(chosen, rec({ promised: 99, accepted: 99, value: v('b') }))).toBe(chosen);
    expect(adoptPeer(rec({ promised: 99 }), chosen).value?.id).toBe('a');
    expect(isRecordNewer(chosen, rec({ promised: 100 }))).toBe(false);
  });
});

describe('paxosstore: Accept guard', () => {
  const promisedB1 = rec({ prepared: 4, promised: 4 });
  it('accepts once a majority promised our number', () => {
    expect(hasMajorityPromise([promisedB1, rec({ promised: 4 }), EMPTY_RECORD], 0, 2, false)).toBe(true);
    expect(hasMajorityPromise([promisedB1, EMPTY_RECORD, EMPTY_RECORD], 0, 2, false)).toBe(false);
  });
  it('refuses after we promised a higher number since (TPaxosAP), unless the guard is skipped', () => {
    const raised = rec({ prepared: 4, promised: 9 });
    expect(hasMajorityPromise([raised, rec({ promised: 4 }), rec({ promised: 9 })], 0, 2, false)).toBe(false);
    expect(hasMajorityPromise([raised, rec({ promised: 4 }), rec({ promised: 9 })], 0, 2, true)).toBe(true);
  });
  it('re-proposes the highest accepted value below its ballot', () => {
    const records = [rec({ prepared: 10 }), rec({ accepted: 4, value: v('old') }), rec({ accepted: 7, value: v('newer') })];
    expect(valueToAccept(records, 10, v('mine')).id).toBe('newer');
    expect(valueToAccept([rec({}), rec({}), rec({})], 10, v('mine')).id).toBe('mine');
  });
  it('calls a value chosen when a majority holds our accepted number', () => {
    const mine = rec({ promised: 4, accepted: 4, value: v('x') });
    expect(isMajorityAccepted([mine, rec({ accepted: 4, promised: 4, value: v('x') }), EMPTY_RECORD], 0, 2)).toBe(true);
    expect(isMajorityAccepted([mine, rec({ accepted: 7, promised: 7, value: v('y') }), EMPTY_RECORD], 0, 2)).toBe(false);
  });
  it('flags invalid records', () => {
    expect(recordProblem(rec({ prepared: 5, promised: 4 }))).not.toBeNull();
    expect(recordProblem(rec({ promised: 4, accepted: 4 }))).not.toBeNull();
    expect(recordProblem(rec({ promised: 4, accepted: 4, value: v('x') }))).toBeNull();
  });
});
