// Unit tests for ZAB's pieces: the vote order, vote equality, the sync decision, zxids, the model, boot replay.
import { describe, expect, it } from 'vitest';
import { makeRecord } from '../../../sim/index.ts';
import type { DiskContents, DiskRecord } from '../../../sim/index.ts';
import {
  checkLeader, counterOf, epochOf, extend, loadHistory, makeZxid, termPredicate, totalOrderPredicate, voteEquals, zabModel,
  zabProtocol,
} from '../../../protocols/zab/index.ts';

const o = zabProtocol.defaultOptions;
const o5 = { ...o, serverCount: 5 };

describe('zab: totalOrderPredicate', () => {
  it('orders by peerEpoch, then zxid, then sid', () => {
    expect(totalOrderPredicate(o, 1, 0, 2, 3, 99, 1, false)).toBe(true);
    expect(totalOrderPredicate(o, 1, 5, 1, 3, 4, 1, false)).toBe(true);
    expect(totalOrderPredicate(o, 3, 5, 1, 2, 5, 1, false)).toBe(true);
    expect(totalOrderPredicate(o, 2, 5, 1, 3, 5, 1, false)).toBe(false);
  });
  it('is not total with the ZOOKEEPER-1419 clause (FLEPredicateTest: predicate(4,0,0, 3,0,2) must be false)', () => {
    expect(totalOrderPredicate(o5, 4, 0, 0, 3, 0, 2, false)).toBe(false);
    expect(totalOrderPredicate(o5, 4, 0, 0, 3, 0, 2, true)).toBe(true);
    expect(totalOrderPredicate(o5, 3, 0, 2, 4, 0, 0, true)).toBe(true);
  });
  it('never lets an observer win', () => {
    const withObserver = { ...o, serverCount: 4, observerIds: ['n4'] };
    expect(totalOrderPredicate(withObserver, 4, 100, 9, 1, 0, 0, false)).toBe(false);
  });
});

describe('zab: vote equality and termPredicate', () => {
  const v = (leader: number, zxid: number, ee: number, pe: number, state: 'LOOKING' | 'FOLLOWING' | 'LEADING') =>
    ({ leader, zxid, electionEpoch: ee, peerEpoch: pe, state });
  it('compares only leader and peerEpoch out of election (ZOOKEEPER-1732)', () => {
    expect(voteEquals(v(3, 1, 1, 2, 'LEADING'), v(3, 9, 7, 2, 'FOLLOWING'), false)).toBe(true);
    expect(voteEquals(v(3, 1, 1, 2, 'LEADING'), v(3, 9, 7, 2, 'FOLLOWING'), true)).toBe(false);
    expect(voteEquals(v(3, 1, 1, 2, 'LOOKING'), v(3, 9, 1, 2, 'FOLLOWING'), false)).toBe(false);
  });
  it('needs a quorum of participants agreeing', () => {
    const target = v(3, 0, 1, 0, 'LOOKING');
    expect(termPredicate(o, { n1: target, n3: target }, target)).toBe(true);
    expect(termPredicate(o, { n3: target, n2: v(2, 0, 1, 0, 'LOOKING') }, target)).toBe(false);
  });
  it('checkLeader wants the leader to have said LEADING, or our own round', () => {
    expect(checkLeader({ n3: v(3, 0, 1, 0, 'LEADING') }, 3, 1, 1, 5)).toBe(true);
    expect(checkLeader({ n3: v(3, 0, 1, 0, 'FOLLOWING') }, 3, 1, 1, 5)).toBe(false);
    expect(checkLeader({}, 1, 4, 1, 4)).toBe(true);
    expect(checkLeader({}, 1, 3, 1, 4)).toBe(false);
  });
});

describe('zab: zxids', () => {
  it('keeps the epoch in the high 32 bits', () => {
    const z = makeZxid(7, 3);
    expect(epochOf(z)).toBe(7);
    expect(counterOf(z)).toBe(3);
    expect(epochOf(makeZxid(1, 0xffff_ffff) + 1)).toBe(2);
  });
});

const hist = (...zs: [number, number][]) => extend([], zs.map(([e, c]) => ({ zxid: makeZxid(e, c), epoch: e, txn: { kind: 'create' as const, path: `/${e}.${c}`, value: c }, origin: null })));

describe('zab: sequential model', () => {
  it('accepts versioned writes and sync-reads that follow them, rejects stale sync-reads', () => {
    let [ok, st] = zabModel.step(zabModel.init(), { type: 'create', path: '/a', value: 1 }, { ok: true, version: 0 });
    expect(ok).toBe(true);
    [ok, st] = zabModel.step(st, { type: 'set', path: '/a', value: 2, version: 0 }, { ok: true, version: 1 });
    expect(ok).toBe(true);
    expect(zabModel.step(st, { type: 'sync-get', path: '/a' }, { ok: true, value: 2, version: 1 })[0]).toBe(true);
    expect(zabModel.step(st, { type: 'sync-get', path: '/a' }, { ok: true, value: 1, version: 0 })[0]).toBe(false);
    expect(zabModel.step(st, { type: 'get', path: '/a' }, { ok: true, value: 1, version: 0 })[0]).toBe(true);
    expect(zabModel.step(st, { type: 'set', path: '/a', value: 3, version: 0 }, { ok: false, err: 'bad-version' })[0]).toBe(true);
    expect(zabModel.step(st, { type: 'create', path: '/a', value: 3 }, { ok: true, version: 0 })[0]).toBe(false);
  });
  // The delete rule (the ninth session's survivors workload.ts `if (out === undefined)` → true / false / `!==`): an
  // unknown outcome must step without throwing (a model that throws makes the checker's verdict 'unknown', which a fuzz
  // campaign does not count as a failure) and take effect; a known outcome must be judged.
  it('steps every op with an unknown outcome, and judges delete results', () => {
    const [, one] = zabModel.step(zabModel.init(), { type: 'create', path: '/a', value: 1 }, { ok: true, version: 0 });
    for (const op of [
      { type: 'create', path: '/b', value: 1 }, { type: 'set', path: '/a', value: 2, version: -1 }, { type: 'get', path: '/a' },
      { type: 'sync-get', path: '/a' }, { type: 'delete', path: '/a', version: 0 },
    ] as const) expect(zabModel.step(one, op, undefined)[0]).toBe(true);
    expect(zabModel.step(one, { type: 'delete', path: '/a', version: 0 }, undefined)[1]).toEqual({});
    expect(zabModel.step(one, { type: 'delete', path: '/a', version: 5 }, undefined)[1]).toEqual(one);
    expect(zabModel.step(one, { type: 'delete', path: '/a', version: 0 }, { ok: true })).toEqual([true, {}]);
    expect(zabModel.step(one, { type: 'delete', path: '/a', version: 5 }, { ok: true })[0]).toBe(false);
    expect(zabModel.step(one, { type: 'delete', path: '/b', version: -1 }, { ok: true })[0]).toBe(false);
    expect(zabModel.step(one, { type: 'delete', path: '/b', version: -1 }, { ok: false, err: 'no-node' })[0]).toBe(true);
    expect(zabModel.step(one, { type: 'delete', path: '/a', version: -1 }, { ok: false, err: 'no-node' })[0]).toBe(false);
    expect(zabModel.step(one, { type: 'delete', path: '/a', version: 5 }, { ok: false, err: 'bad-version' })[0]).toBe(true);
  });

  // The set rule's refusals (the ninth session's survivors on workload.ts `return [(out.err === 'no-node' && …`): each
  // refusal is legal only for its own reason.
  it('accepts a set refusal only for its own reason', () => {
    const [, one] = zabModel.step(zabModel.init(), { type: 'create', path: '/a', value: 1 }, { ok: true, version: 0 });
    const set = (path: string, version: number, err: string): boolean => zabModel.step(one, { type: 'set', path, value: 2, version }, { ok: false, err })[0];
    expect(set('/b', -1, 'no-node')).toBe(true);
    expect(set('/a', 5, 'bad-version')).toBe(true);
    expect(set('/a', -1, 'no-node')).toBe(false);
    expect(set('/a', 5, 'no-node')).toBe(false);
    expect(set('/b', 0, 'bad-version')).toBe(false);
    expect(set('/a', 0, 'bad-version')).toBe(false);
    expect(set('/b', 0, 'other')).toBe(false);
    expect(set('/a', 5, 'other')).toBe(false);
  });
});

describe('zab: loading the database', () => {
  const disk = (files: Record<string, DiskRecord[]>): DiskContents => new Map(Object.entries(files));
  it('replays the log after the snapshot and stops at a torn record', () => {
    const snap = makeRecord({ stamp: makeZxid(1, 2), entries: hist([1, 1], [1, 2]).map(({ h: _h, ...w }) => w) });
    const log = hist([1, 1], [1, 2], [1, 3], [1, 4]).map(({ h: _h, ...w }) => makeRecord(w));
    const torn = { ...log[3]!, crc: log[3]!.crc ^ 1 };
    const r = loadHistory(disk({ snapshot: [snap], log: [log[0]!, log[1]!, log[2]!, torn] }));
    expect(r.history.map((e) => counterOf(e.zxid))).toEqual([1, 2, 3]);
    expect(r.snapCount).toBe(2);
    expect(r.isLogClean).toBe(false);
  });
});

describe('zab: determinism', () => {
  it('replays a fuzz seed to the same trace hash and history', async () => {
    const { runFuzzSeed } = await import('../../../scenarios/fuzz-run.ts');
    const a = runFuzzSeed({ protocol: zabProtocol, seed: 7 });
    const b = runFuzzSeed({ protocol: zabProtocol, seed: 7 });
    expect(a.events).toBeGreaterThan(100);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.history.map((h) => h.result)).toEqual(a.history.map((h) => h.result));
  });
});
