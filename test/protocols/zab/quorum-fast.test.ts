// The fast paths of zab's quorum arithmetic agree with the plain ones they replaced (issue 17): isQuorum's distinct
// count without a filtered copy and Set, and learnerConns' answer remembered per unowned learners record and per copy
// learnerOf made to write one handle (its original's keys).
import { describe, expect, it } from 'vitest';
import { beginCopies, endCopies, ownFresh, Prng } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { isObserverId, isQuorum, participantIds, sidOf } from '../../../protocols/zab/options.ts';
import { forgetConns, learnerConns, sameConnsAs } from '../../../protocols/zab/learner-conns.ts';
import { compareAlongSeeds } from '../../support/compare-along.ts';
import { ZAB_BUGS } from '../../../protocols/zab/bugs.ts';
import type { LeaderRole } from '../../../protocols/zab/state.ts';

const o = zabProtocol.defaultOptions;

/** isQuorum as it was: a Set of the ids that name participants. */
const plainIsQuorum = (opts: typeof o, ids: readonly string[]): boolean => {
  const size = Math.floor(participantIds(opts).length / 2) + 1;
  return ids.length >= size && new Set(ids.filter((id) => !isObserverId(opts, id) && sidOf(id) >= 1 && sidOf(id) <= opts.serverCount)).size >= size;
};

describe('zab: isQuorum', () => {
  it('agrees with the Set count on random id lists (repeats, observers, unknown and malformed ids)', () => {
    const rng = new Prng(17, 'quorum-fast');
    const pool = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n0', 'n01', 'x', 'n-1'];
    for (const opts of [o, { ...o, serverCount: 5 }, { ...o, serverCount: 5, observerIds: ['n4', 'n5'] }, { ...o, serverCount: 1 }]) {
      for (let t = 0; t < 2000; t++) {
        const ids = Array.from({ length: rng.int(9) }, () => pool[rng.int(pool.length)]!);
        expect(isQuorum(opts, ids), `${JSON.stringify(ids)} of ${opts.serverCount}`).toBe(plainIsQuorum(opts, ids));
      }
    }
  });
});

describe('zab: learnerConns', () => {
  const plain = (r: Pick<LeaderRole, 'learners'>): number[] => Object.keys(r.learners).map(Number).sort((a, b) => a - b);
  const handle = { peer: 'n2' } as LeaderRole['learners'][number];
  it('gives the ascending connection ids of a record, asked again or not', () => {
    const r = { learners: { 12: handle, 3: handle, 7: handle } };
    expect(learnerConns(r)).toEqual(plain(r));
    expect(learnerConns(r)).toEqual([3, 7, 12]);
    const other = { learners: { 5: handle } };
    expect(learnerConns(other)).toEqual([5]);
    expect(learnerConns(r)).toEqual([3, 7, 12]);
  });
  it('does not remember a record a handler may still write', () => {
    beginCopies();
    const learners: Record<number, typeof handle> = ownFresh({ 4: handle });
    const r = { learners };
    expect(learnerConns(r)).toEqual([4]);
    learners[9] = handle;
    expect(learnerConns(r)).toEqual([4, 9]);
    endCopies(null, null);
  });
  it('answers a copy with its original\'s keys until a key is added to it', () => {
    const original = { 3: handle, 8: handle };
    expect(learnerConns({ learners: original })).toEqual([3, 8]);
    beginCopies();
    const copy: Record<number, typeof handle> = ownFresh({ ...original });
    sameConnsAs(copy, original);
    copy[8] = { ...handle };
    expect(learnerConns({ learners: copy })).toEqual([3, 8]);
    forgetConns(copy);
    copy[5] = handle;
    expect(learnerConns({ learners: copy })).toEqual([3, 5, 8]);
    endCopies(null, null);
  });
  it('agrees with a fresh count of the leader\'s record after every event of fuzz seeds', () => {
    const seeds = [...[1000, 1001, 1002, 1003, 7000, 7001].map((seed) => ({ seed })), ...ZAB_BUGS.slice(0, 4).map((b, i) => ({ seed: 1010 + i, bugs: [b.id] }))];
    let asked = 0;
    const found = compareAlongSeeds(zabProtocol, seeds, (_n, s) => {
      if (s.role.type !== 'leader') return null;
      asked++;
      const fast = learnerConns(s.role);
      const full = plain(s.role);
      return JSON.stringify(fast) === JSON.stringify(full) ? null : `learnerConns ${JSON.stringify(fast)} vs ${JSON.stringify(full)}`;
    });
    expect(found.filter((m) => m !== null && m.startsWith('learnerConns'))).toEqual([]);
    expect(asked).toBeGreaterThan(1000);
  });
});
