// perRun (sim/run-memory.ts) with the last run's memory at hand: the tair checks ask their per-run memory after every
// configserver event (some twenty asks per event across the invariants, roles and per-incarnation records), and each
// ask was a WeakMap look-up by the view. One view per run, and runs in a process are sequential, so a check asks with
// the view it asked with last nearly every time: that view and its memory are kept, the WeakMap asked only on a new view.
// Exact: the memory handed back for a view is the one perRun keeps for it (made once per view, never replaced). The
// kept view holds the process's last run (its world) until the next run asks, as long as the check module lives.
import { perRun } from '../../sim/index.ts';

export function perRunLast<T>(make: () => T): (view: object) => T {
  const byRun = perRun(make);
  let lastView: object | null = null;
  let last: T | undefined;
  return (view) => {
    if (view !== lastView) {
      last = byRun(view);
      lastView = view;
    }
    return last as T;
  };
}
