// Fuzzing with the timed swarm (faults: 'timed', the pre-issue-13 fuzzer) or, where stated, the default aimed fuzzer: each bug flag is caught
// within a stated number of seeds (and the clean protocol passes those seeds);
// the clean protocol passes 1000 default-fuzz seeds (timed swarm + aimed triggered faults + perturbed options) and 100 of
// each narrowed swarm under the same default fuzzer.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { seconds } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import { ZAB_BUG, zabProtocol } from '../../../protocols/zab/index.ts';

/** A durability-focused swarm: crashes (two at once allowed: all restart before the liveness phase), slow disks, cuts. */
const durabilityMix: ProtocolModule = {
  ...zabProtocol,
  faultBudget: { ...zabProtocol.faultBudget, maxDownNodes: 2, kinds: ['crash', 'disk-slow', 'partition', 'clog'], fuzzStepsMax: 20 },
};

/** Crash-window swarm: crashes, kills during writes, slow disks, clogs and cuts, one server down at a time. */
const crashWindowMix: ProtocolModule = {
  ...zabProtocol,
  faultBudget: { ...zabProtocol.faultBudget, kinds: ['crash', 'disk-slow', 'clog', 'partition', 'kill-during-write'], fuzzStepsMax: 16 },
};

/**
 * Partition swarm: only cuts (two-sided and one-way), one server down at a time. ZOOKEEPER-1732 needs a server cut off
 * long enough to go LOOKING (its logicalclock moves on) that rejoins the ensemble through outofelection, and then
 * another server that has to rejoin: partitions make both happen, crashes reset logicalclock and hide it.
 */
const partitionMix: ProtocolModule = {
  ...zabProtocol,
  faultBudget: { ...zabProtocol.faultBudget, kinds: ['partition', 'partition-one-way'] },
};

interface Case { readonly bug: string; readonly seeds: number; readonly protocol?: ProtocolModule; readonly options?: Record<string, unknown>; readonly mix: string; readonly faults?: 'aimed' | 'timed'; readonly timeoutMs?: number }

const CASES: readonly Case[] = [
  { bug: ZAB_BUG.epochFromZxid, seeds: 10, mix: 'default swarm' },
  { bug: ZAB_BUG.predicateNotTotal, seeds: 14, mix: 'default swarm' },
  { bug: ZAB_BUG.diffInsteadOfTrunc, seeds: 60, mix: 'default swarm' },
  { bug: ZAB_BUG.commitWithoutQuorum, seeds: 10, mix: 'default swarm' },
  { bug: ZAB_BUG.ackBeforeFsync, seeds: 10, mix: 'default swarm' },
  { bug: ZAB_BUG.ackNewLeaderBeforePersist, seeds: 40, mix: 'default swarm' },
  { bug: ZAB_BUG.epochBeforePersist, seeds: 10, mix: 'default swarm' },
  { bug: ZAB_BUG.outOfElectionFullVote, seeds: 40, protocol: partitionMix, mix: 'partition swarm' },
  { bug: ZAB_BUG.counterOverflow, seeds: 5, options: { initialZxidCounter: 0xffff_fff8 }, mix: 'default swarm, counter near 2^32' },
  // Since the eleventh session the flag is 3.4.5 (boot ignores currentEpoch.tmp): it fails only where a crash lands
  // between setCurrentEpoch's tmp and its rename while the history is of a newer epoch (the window without the tmp is
  // 3.8's own, the permitted anomaly epoch-crash-window-unbootable). The default fuzzer's aimed crashes (a disk point
  // per file: `fsync currentEpoch.tmp`) first do at seed 272 (`replisim fuzz --bug zab/zk-1653-epoch-crash-window
  // --seeds 2000`: seeds 272, 668, … ; 80 when the flag meant "no marker").
  { bug: ZAB_BUG.epochCrashWindow, seeds: 272, faults: 'aimed', mix: 'default fuzz: aimed faults + perturbed options', timeoutMs: 600_000 },
  // A learner cut off the moment it handled a DIFF whose txns follow (the kernel's burst split, sim/aimed-split.ts):
  // first seed 5, 65 hits in seeds 1..2,000 (`bench/hunt.ts`, sixth 2026-12-05 session with the tail writes after the
  // heal; 44 and first seed 6 without them; 8 before the split).
  { bug: ZAB_BUG.diffSetsLastZxid, seeds: 6, faults: 'aimed', mix: 'default fuzz: aimed faults + perturbed options' },
];

describe('zab: fuzzing catches each bug flag', () => {
  for (const c of CASES) {
    it(`catches ${c.bug} within ${c.seeds} seeds (${c.mix}); the clean protocol passes the seeds it ran`, () => {
      const protocol = c.protocol ?? zabProtocol;
      const options = c.options ?? {};
      let caughtAt = -1;
      for (let seed = 1; seed <= c.seeds && caughtAt < 0; seed++) {
        if (runFuzzSeed({ protocol, seed, bugs: [c.bug], options, faults: c.faults ?? 'timed' }).verdict !== 'pass') caughtAt = seed;
      }
      expect(caughtAt, `${c.bug} not caught in seeds 1..${c.seeds}`).toBeGreaterThan(0);
      for (let seed = 1; seed <= caughtAt; seed++) {
        const r = runFuzzSeed({ protocol, seed, options, faults: c.faults ?? 'timed' });
        expect(r.violation, `clean seed ${seed}: ${r.violation?.name} ${r.violation?.message}`).toBeNull();
      }
    }, c.timeoutMs ?? 120_000);
  }
});

describe('zab: fuzzing the clean protocol', () => {
  it('passes 1000 swarm seeds', () => {
    const failed: string[] = [];
    for (let seed = 1; seed <= 1000; seed++) {
      const r = runFuzzSeed({ protocol: zabProtocol, seed }); // default: aimed faults + perturbed options
      if (r.verdict !== 'pass') failed.push(`${seed}: ${r.verdict} ${r.violation?.name} ${r.violation?.message.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
    // States are frozen in tests, and 338 s was seen beside a campaign (well under when alone). The timeout guards a hang,
    // not speed (speed lives in npm run bench), so it leaves room for a loaded machine.
  }, 900_000);

  it('passes 100 crash-window-swarm seeds', () => {
    const failed: string[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const r = runFuzzSeed({ protocol: crashWindowMix, seed }); // default: aimed faults + perturbed options
      if (r.verdict !== 'pass') failed.push(`${seed}: ${r.verdict} ${r.violation?.name} ${r.violation?.message.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  }, 120_000);

  it('passes 100 partition-swarm seeds', () => {
    const failed: string[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const r = runFuzzSeed({ protocol: partitionMix, seed }); // default: aimed faults + perturbed options
      if (r.verdict !== 'pass') failed.push(`${seed}: ${r.verdict} ${r.violation?.name} ${r.violation?.message.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  }, 120_000);

  it('passes 100 durability-swarm seeds (two servers down at once, slow disks)', () => {
    const failed: string[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const r = runFuzzSeed({ protocol: durabilityMix, seed }); // default: aimed faults + perturbed options
      if (r.verdict !== 'pass') failed.push(`${seed}: ${r.verdict} ${r.violation?.name} ${r.violation?.message.slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  }, 120_000);

  it('uses the fault budget the protocol declares', () => {
    expect(zabProtocol.faultBudget.maxDownNodes).toBe(1);
    expect(zabProtocol.faultBudget.fuzzFaultPhaseUs).toBe(seconds(10));
  });
});
