// Per-run memory of one configserver for one incarnation: what the tair checks that compare a configserver with its
// past keep. They kept it in a Map<string, number> under keys such as `${id}:${incarnation}` and `${key}:version`,
// built as new strings every time the check ran (after most configserver events); this is the same memory as a record
// per configserver, replaced by a fresh one when the incarnation moves. Exact: incarnations only grow, so a key of an
// older incarnation was never read again, and a fresh record reads as the absent keys did.
import { CS_IDS } from './options.ts';
import { perRunLast } from './run-memo.ts';

interface Slot<T> { readonly incarnation: number; readonly record: T }

/** `make()`'s record for this run, configserver `id` and `incarnation` (a new record at a new incarnation). */
export function perCsIncarnation<T>(make: () => T): (view: object, id: string, incarnation: number) => T {
  // One slot per configserver in CS_IDS order (cs0, cs1: the ids every caller passes), any other id in the map.
  const memory = perRunLast((): { readonly slots: (Slot<T> | undefined)[]; readonly others: Map<string, Slot<T>> } => ({ slots: [undefined, undefined], others: new Map() }));
  return (view, id, incarnation) => {
    const m = memory(view);
    const at = id === CS_IDS[0] ? 0 : id === CS_IDS[1] ? 1 : -1;
    let e = at >= 0 ? m.slots[at] : m.others.get(id);
    if (e === undefined || e.incarnation !== incarnation) {
      e = { incarnation, record: make() };
      if (at >= 0) m.slots[at] = e;
      else m.others.set(id, e);
    }
    return e.record;
  };
}
