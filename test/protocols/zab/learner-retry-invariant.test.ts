// learner-retries-connect: a learner before LEADERINFO goes LOOKING only when connectToLeader has no retry left
// (attempts used up, or at most the retry delay left of initLimit since its first attempt). Holds on clean fuzz seed 5,
// where a refused learner retries (and on the scenario accepted-epoch-ahead-of-leader, scenarios.test.ts); fails on the
// state the tenth session's surviving slip leaves (learner.ts:72 `step = ''`: the second refused connect sends it LOOKING).
import { describe, expect, it } from 'vitest';
import { nodeId, runSimulation } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { learnerRetriesConnect } from '../../../protocols/zab/learner-retry-invariant.ts';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.ts';
import type { LearnerRole, ZabNode } from '../../../protocols/zab/state.ts';
import { runView } from './run-view.ts';

// Defaults: 5 attempts, 100 ms retry delay, initLimit 10 ticks of 2 s = 20 s.
const opts = DEFAULT_ZAB_OPTIONS;
const base = Object.values(runSimulation({ protocol: zabProtocol, seed: 1, faultPhaseUs: 4_000_000, faults: [] }).finalStates as Record<string, ZabNode>)[0]!;
const learner = (attempts: number, step: LearnerRole['step'] = 'connecting', newEpoch = -1): ZabNode => ({
  ...base, state: 'FOLLOWING', gen: 3,
  role: {
    type: 'learner', leader: nodeId('n2'), connId: null, attempts, newEpoch, step, syncMode: 'none', buffered: [], committedZxids: [],
    lastHeardUs: 1_000_000, timeoutTimer: null, connectStartUs: 1_000_000, isEpochTaken: false, pendingSyncs: {},
  } as LearnerRole,
});
const looking: ZabNode = { ...base, state: 'LOOKING', gen: 4, role: { type: 'none' } };

describe('zab: learner-retries-connect', () => {
  it('is registered and holds on clean fuzz seed 5, where a learner is refused and retries', () => {
    expect(zabProtocol.invariants.map((i) => i.name)).toContain('learner-retries-connect');
    const r = runFuzzSeed({ protocol: zabProtocol, seed: 5, run: { traceFull: true } });
    expect(r.verdict, r.violation?.message).toBe('pass');
    // Not vacuous: a refused connect there is retried (learner.ts onLeaderConnClosed's retry timer fires).
    expect(r.trace.some((t) => t.kind === 'timer' && t.detail.includes('learner-retry'))).toBe(true);
  });

  it('fails when a learner gives up with attempts and time left (the slip: LOOKING after the second refusal)', () => {
    const run = runView(learnerRetriesConnect, opts);
    expect(run.set({ n1: learner(2) }, 1, { nowUs: 1_300_000 })).toBeNull();
    expect(run.set({ n1: looking }, 1, { nowUs: 1_300_000 }))
      .toBe('n1 gave up on leader n2 after 2 of 5 connect attempts with 19700000us of initLimit left (retry delay 100000us)');
    // Step info (FOLLOWERINFO sent, connection closed before LEADERINFO) is held to the same bound.
    const info = runView(learnerRetriesConnect, opts);
    info.set({ n1: learner(1, 'info') }, 1, { nowUs: 1_300_000 });
    expect(info.set({ n1: looking }, 1, { nowUs: 1_300_000 })).toMatch(/after 1 of 5 connect attempts/);
    // The bound is on the learner's own clock: global time past initLimit does not excuse a clock that is not.
    const clock = runView(learnerRetriesConnect, opts);
    clock.set({ n1: learner(2) }, 1, { nowUs: 30_000_000, clocks: { n1: 2_000_000 } });
    expect(clock.set({ n1: looking }, 1, { nowUs: 30_000_000, clocks: { n1: 2_000_000 } })).toMatch(/19000000us of initLimit left/);
  });

  it('passes when attempts are used up, initLimit is (nearly) spent, the leader was refused, or past LEADERINFO', () => {
    const cases: [ZabNode, ZabNode, number][] = [
      [learner(5), looking, 1_300_000],
      // Exactly the retry delay left: connectToLeader does not retry.
      [learner(2), looking, 1_000_000 + 20_000_000 - 100_000],
      [learner(2), { ...looking, refusedLeader: { leader: nodeId('n2'), epoch: 1 } }, 1_300_000],
      [learner(1, 'sync', 2), looking, 1_300_000],
    ];
    for (const [before, after, nowUs] of cases) {
      const run = runView(learnerRetriesConnect, opts);
      run.set({ n1: before }, 1, { nowUs });
      expect(run.set({ n1: after }, 1, { nowUs })).toBeNull();
    }
    // One microsecond more left than the retry delay: it must retry.
    const edge = runView(learnerRetriesConnect, opts);
    edge.set({ n1: learner(2) }, 1, { nowUs: 20_899_999 });
    expect(edge.set({ n1: looking }, 1, { nowUs: 20_899_999 })).toMatch(/100001us of initLimit left/);
    // A restart (new incarnation) is not a give-up.
    const restart = runView(learnerRetriesConnect, opts);
    restart.set({ n1: learner(2) }, 1, { nowUs: 1_300_000 });
    expect(restart.set({ n1: looking }, 2, { nowUs: 1_300_000 })).toBeNull();
    // Without the run's options nothing is checked.
    const bare = runView(learnerRetriesConnect);
    bare.set({ n1: learner(2) }, 1, { nowUs: 1_300_000 });
    expect(bare.set({ n1: looking }, 1, { nowUs: 1_300_000 })).toBeNull();
  });
});
