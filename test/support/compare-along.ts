// Runs fuzz seeds with one test-only invariant added after the protocol's own, visiting every node with a state after
// every event checked: how a test compares a fast path with the full one along real runs (an entry listing, an entry
// diff, a signature-keyed coverage key). One scaffold instead of an Invariant literal and node loop per test.
import type { NodeView, ProtocolModule, RunConfig, View } from '../../sim/index.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';

export interface AlongSeed { readonly seed: number; readonly bugs?: readonly string[] }

/**
 * `visit` answers null while the fast and full paths agree, or a message, which stops that seed as a violation.
 * Returns each seed's violation message (null when every check held; a protocol invariant of a bug-flag seed may stop
 * it first, as it would any run).
 */
export function compareAlongSeeds<S>(
  protocol: ProtocolModule<S>,
  seeds: readonly AlongSeed[],
  visit: (n: NodeView<S>, s: S, view: View<S>, along: AlongSeed) => string | null,
  run: Partial<RunConfig> = {},
): (string | null)[] {
  return seeds.map((along) => {
    const compare = {
      name: 'test-compare-along',
      description: 'test only: a fast path against the full one',
      check(view: View<S>): string | null {
        for (const n of view.nodes) {
          const s = n.state;
          if (s === undefined) continue;
          const m = visit(n, s, view, along);
          if (m !== null) return m;
        }
        return null;
      },
    };
    const p = { ...protocol, invariants: [...protocol.invariants, compare] };
    return runFuzzSeed({ protocol: p as never, seed: along.seed, bugs: along.bugs ?? [], run }).violation?.message ?? null;
  });
}

/** Runs one fuzz seed and hands `visit` the view after every event (onEvent: a recorder, it decides nothing). */
export function afterEveryEvent<S>(protocol: ProtocolModule<S>, seed: number, bugs: readonly string[], visit: (view: View<S>, eventIndex: number) => void): void {
  runFuzzSeed({ protocol, seed, bugs, run: { onEvent: (i, _r, v) => visit(v as View<S>, i) } });
}
