// tfs's scoped invariant forms (ns-invariant.ts): judged only for the nodes an event changed in scoped runs, with the
// same verdict and violation event as the full check after every event.
import { describe, expect, it } from 'vitest';
import type { Invariant, InvariantCheckMode } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';
import { dsInvariant, nsInvariant, nsPairInvariant } from '../../../protocols/tfs/ns-invariant.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

const run = (inv: Invariant<TfsState>, seed: number, invariantChecks: InvariantCheckMode) =>
  runFuzzSeed({ protocol: { ...tfsProtocol, invariants: [...tfsProtocol.invariants, inv] }, seed, run: { invariantChecks } });

describe('tfs nameserver and dataserver invariants by node', () => {
  it('judge only up nameservers / dataservers, and fewer times scoped than full', () => {
    const judged = { scoped: [] as string[], full: [] as string[] };
    let mode: InvariantCheckMode = 'scoped';
    const ns = nsInvariant('test-ns', 'test only', (s, n) => { judged[mode].push(`${n.id}:${s.kind}`); return null; });
    const ds = dsInvariant('test-ds', 'test only', (s, n) => { judged[mode].push(`${n.id}:${s.kind}`); return null; });
    for (const m of ['scoped', 'full'] as const) {
      mode = m;
      expect(run(ns, 1000, m).verdict).toBe('pass');
      expect(run(ds, 1000, m).verdict).toBe('pass');
    }
    for (const j of [...judged.scoped, ...judged.full]) expect(j).toMatch(/^(ns[12]:ns|ds[1-9]:ds)$/);
    expect(judged.scoped.length).toBeGreaterThan(100);
    expect(judged.scoped.length).toBeLessThan(judged.full.length / 2);
  });

  it('fail at the same event, with the same message, scoped and full', () => {
    // Each fails the first time its nodes reach a state most fuzz seeds reach: a switch, an applied write, a lease pair.
    const failing: Invariant<TfsState>[] = [
      nsInvariant('test-switched', 'test only', (s, n) => (s.switchCount > 0 ? `${n.id} switched` : null)),
      dsInvariant('test-wrote', 'test only', (s, n) => (s.lastWrite !== null ? `${n.id} wrote ${s.lastWrite.blockId}` : null)),
      nsPairInvariant('test-pair', 'test only', (view) => {
        const [a, b] = ['ns1', 'ns2'].map((id) => view.node(id as never).state);
        return a?.kind === 'ns' && b?.kind === 'ns' && a.role !== b.role && a.oplog !== null && a.oplog.records.length > 2 ? 'pair' : null;
      }),
    ];
    let violations = 0;
    for (const inv of failing) {
      for (const seed of [1000, 1001, 1002, 1003]) {
        const scoped = run(inv, seed, 'scoped');
        const full = run(inv, seed, 'full');
        expect(scoped.traceHash, `${inv.name} seed ${seed}`).toBe(full.traceHash);
        expect(scoped.violation, `${inv.name} seed ${seed}`).toEqual(full.violation);
        if (full.violation?.name === inv.name) violations++;
      }
    }
    expect(violations).toBeGreaterThan(4);
  });
});
