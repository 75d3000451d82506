// Fuzzing tair in npm test: the clean protocol passes the first 100 aimed fuzz seeds (Tair's defaults, operator
// ops, triggered faults, perturbed options); fuzz-clean.long.test.ts runs 1000 in npm run test:long.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';

describe('tair: clean protocol under fuzzing (short)', () => {
  it('passes fuzz seeds 1..100', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 100; seed++) {
      const r = runFuzzSeed({ protocol: tairProtocol, seed });
      if (r.verdict !== 'pass') failures.push(`seed ${seed}: ${r.verdict} ${r.violation?.name}: ${r.violation?.message.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
