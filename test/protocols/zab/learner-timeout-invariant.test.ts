// learner-read-times-out: a learner whose leader has been silent past its read timeout (initLimit until the NEWLEADER
// ACK, syncLimit after), on its own clock, is back to LOOKING by the next instant unless paused. Holds on clean fuzz
// seed 6 (tickTime 500 ms; 41 before the merge with the perturbed isUpdatingEpochMarked: a follower there times out on its leader); fails on the states the tenth session's
// surviving slips leave (learner.ts:91/:95: the read timeout never fires or is never re-armed: the learner stays).
import { describe, expect, it } from 'vitest';
import { nodeId, runSimulation } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { learnerReadTimesOut } from '../../../protocols/zab/learner-timeout-invariant.ts';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.ts';
import type { LearnerRole, ZabNode } from '../../../protocols/zab/state.ts';
import type { ConnId, TimerId } from '../../../sim/index.ts';
import { runView } from './run-view.ts';

// Defaults: tickTime 2 s, so syncLimit (5 ticks) is 10 s and initLimit (10 ticks) 20 s.
const opts = DEFAULT_ZAB_OPTIONS;
const base = Object.values(runSimulation({ protocol: zabProtocol, seed: 1, faultPhaseUs: 4_000_000, faults: [] }).finalStates as Record<string, ZabNode>)[0]!;
const learner = (step: LearnerRole['step'], lastHeardUs: number, timer = 7, gen = 3): ZabNode => ({
  ...base, state: 'FOLLOWING', gen,
  role: {
    type: 'learner', leader: nodeId('n2'), connId: 1 as ConnId, attempts: 1, newEpoch: 1, step, syncMode: 'diff', buffered: [], committedZxids: [],
    lastHeardUs, timeoutTimer: timer as TimerId, connectStartUs: 0, isEpochTaken: true, pendingSyncs: {},
  } as LearnerRole,
});
const looking: ZabNode = { ...base, state: 'LOOKING', gen: 4, role: { type: 'none' } };

describe('zab: learner-read-times-out', () => {
  it('is registered and holds on clean fuzz seed 6, where a follower times out on its silent leader', () => {
    expect(zabProtocol.invariants.map((i) => i.name)).toContain('learner-read-times-out');
    const r = runFuzzSeed({ protocol: zabProtocol, seed: 6, run: { traceFull: true } });
    expect(r.fuzzOptions['tickTimeUs']).toBe(500_000);
    expect(r.verdict, r.violation?.message).toBe('pass');
    // Not vacuous: the clean learners do time out there (learner.ts onLearnerTimer's log line).
    expect(r.trace.some((t) => t.detail.includes('no packet from leader'))).toBe(true);
  });

  it('fails when a learner is still following at a later instant past syncLimit (the slip: no timeout)', () => {
    const run = runView(learnerReadTimesOut, opts);
    // Heard at 1 s; due at 11 s on its clock. Before: fine.
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 10_999_000, clocks: { n1: 10_999_999 } })).toBeNull();
    // Overdue at global 11 s: other events of this instant may run before the timer's: not yet a violation.
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_000, clocks: { n1: 11_000_000 } })).toBeNull();
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_000, clocks: { n1: 11_000_000 } })).toBeNull();
    // One microsecond later it is still following: its timeout did not fire.
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_001, clocks: { n1: 11_000_001 } }))
      .toMatch(/^n1 \(FOLLOWING, step uptodate\) has heard nothing from leader n2 since 1000000us .* 10000000us read timeout/);
  });

  it('reads the learner\'s own clock, not global time (drift, clock steps)', () => {
    const run = runView(learnerReadTimesOut, opts);
    // Global time is past the deadline but the learner's clock (stepped back) is not: fine.
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 12_000_000, clocks: { n1: 10_000_000 } })).toBeNull();
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 13_000_000, clocks: { n1: 10_999_999 } })).toBeNull();
    // Its clock (fast) is past it while global time is not: overdue by its own reading.
    run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 14_000_000, clocks: { n1: 11_000_000 } });
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 14_000_001, clocks: { n1: 11_000_001 } })).toMatch(/read timeout/);
  });

  it('uses initLimit before the NEWLEADER ACK and syncLimit from it', () => {
    const run = runView(learnerReadTimesOut, opts);
    // Step sync, heard at 1 s: 15 s is past syncLimit (10 s) but within initLimit (20 s).
    expect(run.set({ n1: learner('sync', 1_000_000) }, 1, { nowUs: 15_000_000 })).toBeNull();
    expect(run.set({ n1: learner('sync', 1_000_000) }, 1, { nowUs: 16_000_000 })).toBeNull();
    run.set({ n1: learner('newleader', 1_000_000) }, 1, { nowUs: 21_000_000 });
    expect(run.set({ n1: learner('newleader', 1_000_000) }, 1, { nowUs: 21_000_001 })).toMatch(/20000000us read timeout/);
    const acked = runView(learnerReadTimesOut, opts);
    acked.set({ n1: learner('acked', 1_000_000) }, 1, { nowUs: 11_000_000 });
    expect(acked.set({ n1: learner('acked', 1_000_000) }, 1, { nowUs: 11_000_001 })).toMatch(/10000000us read timeout/);
  });

  it('passes when the learner gives up, hears a packet, is paused, or is still connecting', () => {
    const gaveUp = runView(learnerReadTimesOut, opts);
    gaveUp.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_000 });
    expect(gaveUp.set({ n1: looking }, 1, { nowUs: 11_000_000 })).toBeNull();
    expect(gaveUp.set({ n1: looking }, 1, { nowUs: 30_000_000 })).toBeNull();
    const heard = runView(learnerReadTimesOut, opts);
    heard.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_000 });
    expect(heard.set({ n1: learner('uptodate', 11_000_000) }, 1, { nowUs: 11_000_001 })).toBeNull();
    // Paused: its timer waits with its other events; after the resume the deferred timer runs at that instant.
    const paused = runView(learnerReadTimesOut, opts);
    paused.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_000 });
    expect(paused.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 12_000_000, paused: ['n1'] })).toBeNull();
    expect(paused.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 14_000_000 })).toBeNull();
    expect(paused.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 14_000_001 })).toMatch(/read timeout/);
    const connecting = runView(learnerReadTimesOut, opts);
    connecting.set({ n1: learner('connecting', 1_000_000) }, 1, { nowUs: 30_000_000 });
    expect(connecting.set({ n1: learner('connecting', 1_000_000) }, 1, { nowUs: 40_000_000 })).toBeNull();
  });

  it('does not hold the timer pending at the heal to the instant (the heal zeroes drift without re-scheduling it), but its successor', () => {
    const run = runView(learnerReadTimesOut, opts);
    expect(run.set({ n1: learner('uptodate', 1_000_000, 7) }, 1, { nowUs: 10_000_000, phase: 'liveness' })).toBeNull();
    run.set({ n1: learner('uptodate', 1_000_000, 7) }, 1, { nowUs: 11_000_000, phase: 'liveness' });
    expect(run.set({ n1: learner('uptodate', 1_000_000, 7) }, 1, { nowUs: 11_004_000, phase: 'liveness' })).toBeNull();
    // Re-armed after the heal (timer 8): held to the instant again.
    run.set({ n1: learner('uptodate', 2_000_000, 8) }, 1, { nowUs: 12_000_000, phase: 'liveness' });
    expect(run.set({ n1: learner('uptodate', 2_000_000, 8) }, 1, { nowUs: 12_000_001, phase: 'liveness' })).toMatch(/read timeout/);
  });

  it('checks nothing in a hand-built view without the run\'s options', () => {
    const run = runView(learnerReadTimesOut);
    run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 11_000_000 });
    expect(run.set({ n1: learner('uptodate', 1_000_000) }, 1, { nowUs: 50_000_000 })).toBeNull();
  });
});
