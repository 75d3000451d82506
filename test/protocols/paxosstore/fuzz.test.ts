// Fuzzing paxosstore: the clean protocol passes 1000 swarm seeds (crashes, pauses, partitions, loss, clogs, drift,
// slow disks, torn writes, corrupted disks); each bug flag is caught within a stated number of seeds.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';

const fuzz = (seed: number, bugs: readonly string[] = []) => runFuzzSeed({ protocol: paxosstoreProtocol, seed, bugs, options: { ...FUZZ_OPTIONS } });

/** The first seed in 1..n whose run does not pass, or null. */
function firstFailing(n: number, run: (seed: number) => { verdict: string }): number | null {
  for (let seed = 1; seed <= n; seed++) if (run(seed).verdict !== 'pass') return seed;
  return null;
}

describe('paxosstore: clean protocol under fuzzing', () => {
  const CHUNK = 250;
  for (let from = 1; from <= 1000; from += CHUNK) {
    it(`passes fuzz seeds ${from}..${from + CHUNK - 1}`, () => {
      const failures: string[] = [];
      for (let seed = from; seed < from + CHUNK; seed++) {
        const r = fuzz(seed);
        if (r.verdict !== 'pass') failures.push(`seed ${seed}: ${r.verdict} ${r.violation?.name}: ${r.violation?.message.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    });
  }
});

// Bugs the swarm fuzzer finds on its own (the clean protocol passes these same seeds above).
const FUZZ_CAUGHT: readonly { bug: string; seeds: number }[] = [
  { bug: 'paxosstore/tpaxos-ap-guard', seeds: 60 },
  { bug: 'paxosstore/read-without-check-empty', seeds: 30 },
  { bug: 'paxosstore/catchup-no-rate-limit', seeds: 40 },
];

describe('paxosstore: the fuzzer catches bug flags', () => {
  for (const { bug, seeds } of FUZZ_CAUGHT) {
    it(`catches ${bug} within ${seeds} fuzz seeds`, () => {
      expect(firstFailing(seeds, (seed) => fuzz(seed, [bug]))).not.toBeNull();
    });
  }
});

// Every bug flag's scenario (its minimal fault schedule) fails within the stated seeds; the clean protocol passes them all.
const BUG_SCENARIOS: readonly { name: string; seeds: number }[] = [
  { name: 'tpaxos-ap-guard', seeds: 5 }, { name: 'stale-accept-served-as-chosen', seeds: 5 }, { name: 'ack-before-durable', seeds: 5 },
  { name: 'catchup-regress', seeds: 5 }, { name: 'check-empty-counts-nonempty', seeds: 5 }, { name: 'read-without-check-empty', seeds: 5 },
  { name: 'read-during-recovery', seeds: 5 }, { name: 'catchup-no-rate-limit', seeds: 5 },
  // The disk-corrupt step hits a random one of two PLog records; only the accept's loss matters.
  { name: 'trust-damaged-plog', seeds: 10 },
];

describe('paxosstore: bug scenarios over seeds', () => {
  for (const { name, seeds } of BUG_SCENARIOS) {
    it(`catches paxosstore/${name} within ${seeds} scenario seeds, and the clean protocol passes them`, () => {
      const s = loadScenarioFile(join(import.meta.dirname, `../../../scenarios/paxosstore/bug-${name}.json`));
      expect(s.bugs).toEqual([`paxosstore/${name}`]);
      const caught: number[] = [];
      for (let seed = 1; seed <= seeds; seed++) {
        if (runScenario(s, { seed }).isPassed) caught.push(seed);
        const clean = runScenario(cleanVariant(s), { seed });
        expect(clean.result.verdict, `clean seed ${seed}: ${clean.result.violation?.message}`).toBe('pass');
      }
      expect(caught.length).toBeGreaterThan(0);
    });
  }
});
