// Fuzzing tair (npm run test:long): the clean protocol passes 1000 aimed swarm seeds (crashes and pauses of configservers and dataservers,
// partitions, one-way partitions, clogs, clock drift, slow disks, kills during writes), in chunks.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';

describe('tair: clean protocol under fuzzing', () => {
  const CHUNK = 250;
  for (let from = 1; from <= 1000; from += CHUNK) {
    it(`passes fuzz seeds ${from}..${from + CHUNK - 1}`, () => {
      const failures: string[] = [];
      for (let seed = from; seed < from + CHUNK; seed++) {
        const r = runFuzzSeed({ protocol: tairProtocol, seed });
        if (r.verdict !== 'pass') failures.push(`seed ${seed}: ${r.verdict} ${r.violation?.name}: ${r.violation?.message.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
