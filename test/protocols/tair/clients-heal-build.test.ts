// clients-converged and the slave's kept heal-build table (fuzz seed 512, clean, widened budget): a client polls both
// configservers in turn, so while cs1 keeps the table it built on cs0's push (anomaly dual-master-heal-build) a client
// that asked cs1 last holds that table. A checker false alarm, fixed; a client behind on any other table still fails.
import { describe, expect, it } from 'vitest';
import { clientsConverged } from '../../../protocols/tair/liveness.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { readyCs } from './cs-fixture.ts';
import { client, table, viewOf } from './view-fixture.ts';

describe('tair clients-converged with a kept heal-build table', () => {
  const cs0 = { ...readyCs('cs0', 0), table: table(10, 'ds1') };
  const kept = table(11, 'ds2');
  const cs1 = { ...readyCs('cs1', 0), table: kept, healBuildVersion: 11 };

  it('accepts a client holding the slave\'s kept heal-build table', () => {
    expect(clientsConverged.check(viewOf({ cs0, cs1, c1: client(kept) }))).toBeNull();
  });

  it('still fails a client on another table, or on the slave\'s table once it is no longer the kept one', () => {
    expect(clientsConverged.check(viewOf({ cs0, cs1, c1: client(table(11, 'ds1')) }))).toMatch(/c1 at table 11/);
    expect(clientsConverged.check(viewOf({ cs0, cs1, c1: client(table(9, 'ds1')) }))).toMatch(/c1 at table 9/);
    expect(clientsConverged.check(viewOf({ cs0, cs1: { ...cs1, healBuildVersion: 0 }, c1: client(kept) }))).toMatch(/c1 at table 11/);
  });

  it('fuzz seed 512 (clean), the seed that failed, passes', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 512 }).verdict).toBe('pass');
  });

  it('the first clean fuzz seed that reaches the kept heal-build table passes (the draw changes as the fuzzer grows, so it is searched)', () => {
    let seed = 0;
    for (let s = 1; s <= 60 && seed === 0; s++) {
      const r = runFuzzSeed({ protocol: tairProtocol, seed: s });
      if ((r.anomalies['dual-master-heal-build'] ?? 0) === 0) continue;
      seed = s;
      expect(r.verdict, `seed ${s}: ${r.violation?.name ?? ''}`).toBe('pass');
    }
    expect(seed).toBeGreaterThan(0);
  });
});
