// PLog high-water invariant, checked per node after every event: MaxPLogEntry covers every entry that holds a record
// of our own. Only store() (which raises MaxPLogEntry first) and loadEntity (which rebuilds it from the PLog) give us a
// record, so a lower value is a slip: at boot it also lowers MaxChosenEntry (= MaxPLogEntry − 1), and the acceptor
// forgets what its own PLog says was chosen (mutant storage.ts `Math.max` → `Math.min` passed every other check).
import type { NodeView, View } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/** Per view and node, the last node state checked and its verdict (states are immutable). */
const memo = new WeakMap<object, Map<string, { readonly s: NodeState; readonly msg: string | null }>>();

function nodeProblem(s: NodeState, id: string): string | null {
  for (const entity in s.entities) {
    const ent = s.entities[entity]!;
    for (const key in ent.entries) {
      const entry = Number(key);
      if (entry <= ent.maxPlog) continue;
      const own = ent.entries[entry]!.records[s.idx]!;
      // An empty record is what entryOf creates for an entry we only heard of (catch-up, a probe): no PLog write.
      if (own.prepared > 0 || own.promised > 0 || own.accepted > 0 || own.isChosen) {
        return `${id} ${entity}: entry ${entry} holds our record (promised ${own.promised}, accepted ${own.accepted}) above max-plog-entry ${ent.maxPlog}`;
      }
    }
  }
  return null;
}

export const plogCoversRecords = nodeInvariant<NodeState>(
  'plog-covers-records',
  'MaxPLogEntry is at least every entry holding a record of our own (store raises it; loading rebuilds it from the PLog)',
  (view: View<NodeState>, n: NodeView<NodeState>) => {
    const s = n.state;
    if (s === undefined) return null;
    let m = memo.get(view);
    if (m === undefined) {
      m = new Map();
      memo.set(view, m);
    }
    const last = m.get(n.id);
    if (last !== undefined && last.s === s) return last.msg;
    const msg = nodeProblem(s, n.id);
    m.set(n.id, { s, msg });
    return msg;
  },
);
