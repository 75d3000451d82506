// A per-node invariant whose verdict depends on the node's state alone: states are immutable, so the verdict is
// remembered per node and reused while the node's state object is the same.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { NodeMemory, nodeInvariant } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

/**
 * `problem(state, nodeId, passed)`: what is wrong with this state, or null. `passed` is the node's state this check
 * judged last when it found nothing wrong there (any incarnation), else undefined: a problem that is a function of
 * each entry object and a few entity fields may skip the entries `passed` already held (entry-diff.ts). `view` is the
 * run's, for a problem that keeps per-run memory of its own (db-match.ts).
 */
export type StateProblem = (s: NodeState, id: string, passed: NodeState | undefined, view: View<NodeState>) => string | null;

interface Verdict { s: NodeState; msg: string | null }

/** Each state invariant's slot in a node's row (made in declaration order, at module load). */
let slotCount = 0;
/** Per run and node (sim/run-memory.ts: a slot in the kernel's node object), one row of verdict slots shared by every state invariant. */
const rows = new NodeMemory<(Verdict | undefined)[]>();
/**
 * The row looked up last and its node: the kernel calls each invariant in turn for the nodes an event changed, mostly
 * one, so the seven state invariants find the row by one comparison after the first's lookup (a WeakMap lookup each
 * was 0.7 % of a seed in a profile of the shipped bundle). It holds one node object of the last run checked until
 * another node is checked.
 */
let lastNode: object | null = null;
let lastRow: (Verdict | undefined)[] = [];

function rowOf(view: object, n: NodeView<NodeState>): (Verdict | undefined)[] {
  if (n === lastNode) return lastRow;
  let row = rows.get(view, n);
  if (row === undefined) rows.set(view, n, (row = []));
  lastNode = n;
  lastRow = row;
  return row;
}

export function stateInvariant(name: string, description: string, problem: StateProblem): Invariant<NodeState> {
  const slot = slotCount++;
  return nodeInvariant<NodeState>(name, description, (view: View<NodeState>, n: NodeView<NodeState>) => {
    const s = n.state;
    if (s === undefined) return null;
    const row = rowOf(view, n);
    const last = row[slot];
    if (last !== undefined && last.s === s) return last.msg;
    const msg = problem(s, n.id, last !== undefined && last.msg === null ? last.s : undefined, view);
    if (last === undefined) row[slot] = { s, msg };
    else {
      last.s = s;
      last.msg = msg;
    }
    return msg;
  });
}
