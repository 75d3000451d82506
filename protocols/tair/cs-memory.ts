// Per-run memory of one configserver for one incarnation: what the tair checks that compare a configserver with its
// past keep. They kept it in a Map<string, number> under keys such as `${id}:${incarnation}` and `${key}:version`,
// built as new strings every time the check ran (after most configserver events); this is the same memory as a record
// per configserver, replaced by a fresh one when the incarnation moves. Exact: incarnations only grow, so a key of an
// older incarnation was never read again, and a fresh record reads as the absent keys did.
import { perRunNodeMap } from '../../sim/index.ts';

/** `make()`'s record for this run, configserver `id` and `incarnation` (a new record at a new incarnation). */
export function perCsIncarnation<T>(make: () => T): (view: object, id: string, incarnation: number) => T {
  const memory = perRunNodeMap<{ readonly incarnation: number; readonly record: T }>();
  return (view, id, incarnation) => {
    const m = memory(view);
    let e = m.get(id);
    if (e === undefined || e.incarnation !== incarnation) m.set(id, (e = { incarnation, record: make() }));
    return e.record;
  };
}
