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

/** What `agreeAlong` saw along one seed. */
export interface Agreement { readonly compared: number; readonly loud: number; readonly bad: readonly string[] }

/**
 * Runs one fuzz seed and, after every event, compares each (label, remembered, fresh) answer `answers` gives: how a
 * test shows a memo of an invariant's verdict equals the verdict worked out afresh. Comparing stops at the first fresh
 * answer holding a message (a run would end at that violation; past it the inputs are no longer a consistent run's).
 * `answers` must ask the fresh side first when the remembered one moves a memory on.
 */
export function agreeAlong<S>(
  protocol: ProtocolModule<S>,
  seed: number,
  bugs: readonly string[],
  answers: (view: View<S>) => Iterable<readonly [label: string, remembered: string | null, fresh: string | null]>,
): Agreement {
  let compared = 0;
  let loud = 0;
  const bad: string[] = [];
  let isDone = false;
  afterEveryEvent(protocol, seed, bugs, (view, i) => {
    if (isDone) return;
    for (const [label, remembered, fresh] of answers(view)) {
      if (remembered !== fresh && bad.length < 5) bad.push(`seed ${seed} event ${i}${label}: ${remembered} vs ${fresh}`);
      compared++;
      if (fresh !== null) { loud++; isDone = true; }
    }
  });
  return { compared, loud, bad };
}

/** What `memoAlong` saw along one seed. */
export interface MemoAgreement { readonly compared: number; readonly reused: number; readonly bad: readonly string[] }

/**
 * Runs one fuzz seed and, after every event, compares a memoised view function (a protocol's roles()) with its fresh
 * computation: equal JSON, the very same object when asked again about an unchanged view, and how often the answer
 * was handed back from the previous event (`reused`: the memo's point).
 */
export function memoAlong<S>(
  protocol: ProtocolModule<S>,
  seed: number,
  bugs: readonly string[],
  remembered: (view: View<S>) => unknown,
  fresh: (view: View<S>) => unknown,
): MemoAgreement {
  let compared = 0;
  let reused = 0;
  let last: unknown = null;
  const bad: string[] = [];
  afterEveryEvent(protocol, seed, bugs, (view) => {
    const r = remembered(view);
    if (r === last) reused++;
    last = r;
    const a = JSON.stringify(r);
    const b = JSON.stringify(fresh(view));
    if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${compared}: ${a} vs ${b}`);
    if (remembered(view) !== r && bad.length < 5) bad.push(`seed ${seed} event ${compared}: unchanged view, new answer`);
    compared++;
  });
  return { compared, reused, bad };
}
