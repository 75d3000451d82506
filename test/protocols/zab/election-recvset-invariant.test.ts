// election-counts-same-round: a FOLLOWING/LEADING notification of the server's own round goes into recvset before
// outofelection (FastLeaderElection.lookForLeader). Holds on clean fuzz seed 1, whose elections take that path (the
// tenth session's mutant that drops the recvset put, election.ts `recvset` → "", fails there at seed 1); fails on the
// states that slip leaves.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { electionCountsSameRound } from '../../../protocols/zab/election-recvset-invariant.ts';
import type { Election, Vote, ZabNode } from '../../../protocols/zab/state.ts';
import { runView } from './run-view.ts';

describe('zab: election-counts-same-round', () => {
  it('holds on clean fuzz seed 1, where a LOOKING server hears a FOLLOWING vote of its own round', () => {
    expect(zabProtocol.invariants.map((i) => i.name)).toContain('election-counts-same-round');
    const r = runFuzzSeed({ protocol: zabProtocol, seed: 1 });
    expect(r.verdict, r.violation?.message).toBe('pass');
  });

  // n3 LOOKING in round 2 (gen 4); n1 reports FOLLOWING n2. Every other field comes from a clean run's server.
  const base = Object.values(runSimulation({ protocol: zabProtocol, seed: 1, faultPhaseUs: 4_000_000, faults: [] }).finalStates as Record<string, ZabNode>)[0]!;
  const own: Vote = { leader: 3, zxid: 0, electionEpoch: 2, peerEpoch: 0, state: 'LOOKING' };
  const following = (round: number): Vote => ({ leader: 2, zxid: 5, electionEpoch: round, peerEpoch: 1, state: 'FOLLOWING' });
  const at = (recvset: Record<string, Vote>, outofelection: Record<string, Vote>, clock = 2, gen = 4): ZabNode => ({
    ...base, state: 'LOOKING', logicalclock: clock, gen,
    election: { proposal: own, recvset, outofelection, notTimeoutUs: 200_000, lastPollUs: 0, isFinalizing: false, finalizeSeq: 0 } satisfies Election,
  });

  it('fails when a same-round FOLLOWING vote lands in outofelection only (the slip)', () => {
    const run = runView(electionCountsSameRound);
    expect(run.set({ n3: at({ n3: own }, {}) })).toBeNull();
    expect(run.set({ n3: at({ n3: own }, { n1: following(2) }) })).toBe("n3 in round 2 kept n1's FOLLOWING vote for n2 in outofelection but not in recvset");
    // A stale recvset entry of another vote from that server does not count either.
    const stale = runView(electionCountsSameRound);
    stale.set({ n3: at({ n3: own, n1: { ...own, leader: 1 } }, {}) });
    expect(stale.set({ n3: at({ n3: own, n1: { ...own, leader: 1 } }, { n1: following(2) }) })).toMatch(/kept n1's FOLLOWING vote/);
  });

  it('passes when the vote is in both, for other rounds, and across a new lookForLeader run', () => {
    const run = runView(electionCountsSameRound);
    run.set({ n3: at({ n3: own }, {}) });
    const v = following(2);
    expect(run.set({ n3: at({ n3: own, n1: v }, { n1: v }) })).toBeNull();
    // An older round's vote goes to outofelection only (3.8 puts it in recvset only for n.electionEpoch == logicalclock).
    const older = runView(electionCountsSameRound);
    older.set({ n3: at({ n3: own }, {}) });
    expect(older.set({ n3: at({ n3: own }, { n1: following(1) }) })).toBeNull();
    // A new lookForLeader run (gen bumped) or a restart starts over: no previous state to compare with.
    const again = runView(electionCountsSameRound);
    again.set({ n3: at({ n3: own }, {}) });
    expect(again.set({ n3: at({ n3: own }, { n1: following(2) }, 2, 5) })).toBeNull();
    const restarted = runView(electionCountsSameRound);
    restarted.set({ n3: at({ n3: own }, {}) });
    expect(restarted.set({ n3: at({ n3: own }, { n1: following(2) }) }, 2)).toBeNull();
  });
});
