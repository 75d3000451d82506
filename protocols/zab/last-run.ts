// zab's checks, excuses and anomaly probe keep what they remember per run, found by the run's view object (sim's
// perRun / perRunNodeMap: a WeakMap get). About fifteen such finds follow every event, at ~15-25 ns each, and all of
// them ask for the view the last find asked for: a run's events come one after another.
import { perRun } from '../../sim/index.ts';

/**
 * `of` (a get-or-create by view: the same answer object for the same view on every call) with its last answer kept:
 * asked for the same view again, the same object is handed back without the WeakMap lookup. Exact, since `of` would
 * return that object. The last view stays referenced until another view is asked for (one finished run's memory kept
 * alive until the next run's checks start, where the WeakMap alone let it go at once).
 */
export function lastRunFirst<T>(of: (view: object) => T): (view: object) => T {
  let lastView: object | null = null;
  let lastValue: T | undefined;
  return (view) => {
    if (view === lastView) return lastValue as T;
    const v = of(view);
    lastView = view;
    lastValue = v;
    return v;
  };
}

/** perRun with the last run's answer kept (lastRunFirst). */
export const perRunLast = <T>(make: () => T): ((view: object) => T) => lastRunFirst(perRun(make));
