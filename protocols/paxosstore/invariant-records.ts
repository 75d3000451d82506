// Record invariants (sources-and-bugs.md §3.7 P2-P4), checked after every event on a read-only view: within one
// incarnation a node's own record of an entry never lowers its promise, never lowers its accept except to adopt
// the chosen record, never changes once chosen; every number it prepared is its own (pn − 1) mod n = self.
import type { Invariant, View } from '../../sim/index.ts';
import type { EntryRecord } from './record.ts';
import { ballotOwner } from './record.ts';
import type { EntityState, NodeState } from './state.ts';
import { entryList } from './entry-list.ts';
import { changedEntries } from './entry-diff.ts';

/** Per node and entity in one incarnation: the entity last scanned whole (undefined while a scan found a problem) and each entry's own record. */
interface Seen { incarnation: number; entity: EntityState | undefined; records: Map<number, EntryRecord> }

/**
 * Per view, by node position in view.nodes (fixed for a run, as one-chosen-value's memory): the node state last scanned
 * whole (an unchanged state object, same incarnation, is skipped) and each entity's Seen. Arrays, not maps by node id:
 * this check looks at every node after every event that changed one, and a string-keyed lookup per node was most of
 * its cost when nothing had changed.
 */
interface Memory { readonly scanned: (NodeState | undefined)[]; readonly byNode: Map<string, Seen>[] }
const memories = new WeakMap<object, Memory>();

function recordStep(old: EntryRecord, nu: EntryRecord): string | null {
  if (old.isChosen) {
    return nu.isChosen && nu.value?.id === old.value?.id && nu.accepted === old.accepted ? null : `chosen record changed (${old.value?.id} at ${old.accepted} → ${nu.value?.id ?? 'none'} at ${nu.accepted}${nu.isChosen ? '' : ', not chosen'})`;
  }
  if (nu.promised < old.promised) return `promise went down ${old.promised} → ${nu.promised}`;
  if (nu.accepted < old.accepted && !nu.isChosen) return `accept went down ${old.accepted} → ${nu.accepted}`;
  return null;
}

/**
 * `before`: the entries record the last completed scan of this incarnation saw (undefined: none), whose entry objects
 * were judged then; only the others are judged now (entry-diff.ts).
 */
function scan(seen: Seen, before: EntityState['entries'] | undefined, node: string, entity: string, ent: EntityState, self: number, n: number): string | null {
  for (const key of seen.records.keys()) if (ent.entries[key] === undefined) seen.records.delete(key);
  const { keys, infos } = entryList(ent.entries);
  const changed = changedEntries(before, ent.entries);
  for (let c = 0; c < changed.length; c++) {
    const i = changed[c]!;
    const e = keys[i]!;
    const info = infos[i]!;
    const rec = info.records[self]!;
    if (rec.prepared > 0 && ballotOwner(rec.prepared, n) !== self) return `${node} ${entity} entry ${e}: prepared ${rec.prepared} is not its own number`;
    const old = seen.records.get(e);
    seen.records.set(e, rec);
    if (old === undefined || old === rec) continue;
    const bad = recordStep(old, rec);
    if (bad !== null) return `${node} ${entity} entry ${e}: ${bad}`;
  }
  return null;
}

export const recordsMonotone: Invariant<NodeState> = {
  name: 'records-monotone',
  description: 'P2-P4: per incarnation an own record never lowers its promise or (except adopting the chosen one) its accept, a chosen record never changes, prepared numbers are the node\'s own',
  // It reads node states and incarnations only: after an event that changed neither, every node is skipped below.
  scope: 'states',
  check(view: View<NodeState>) {
    let m = memories.get(view);
    if (m === undefined) memories.set(view, (m = { scanned: [], byNode: [] }));
    const { scanned, byNode } = m;
    const nodes = view.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const nv = nodes[i]!;
      const s = nv.state;
      if (s === undefined || scanned[i] === s) continue;
      let byEntity = byNode[i];
      if (byEntity === undefined) byNode[i] = byEntity = new Map();
      // for-in, not Object.keys: the same order (own string keys of a plain record) without a key array per node.
      for (const entity in s.entities) {
        const ent = s.entities[entity]!;
        let seen = byEntity.get(entity);
        if (seen === undefined || seen.incarnation !== nv.incarnation) {
          seen = { incarnation: nv.incarnation, entity: undefined, records: new Map() };
          byEntity.set(entity, seen);
        } else if (seen.entity === ent) continue;
        const before = seen.entity?.entries;
        seen.entity = undefined;
        const msg = scan(seen, before, nv.id, entity, ent, s.idx, s.n);
        if (msg !== null) return msg;
        seen.entity = ent;
      }
      scanned[i] = s;
    }
    return null;
  },
};
