// A view for checks that keep memory per view object: the test replaces its node states event by event.
import type { Invariant, NodeId, NodeView, View } from '../../../sim/index.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';
import type { ZabOptions } from '../../../protocols/zab/options.ts';

/** What else an event changes besides the states: global time, phase, each node's clock reading, paused nodes. */
export interface ViewAt {
  readonly nowUs?: number;
  readonly phase?: 'faults' | 'liveness';
  /** Node id → its local clock reading (NodeView.localClockUs); omitted = none (nodeClockUs reads view.nowUs). */
  readonly clocks?: Readonly<Record<string, number>>;
  readonly paused?: readonly string[];
}

/**
 * One run's view; `set` installs the nodes' states (all up, at `incarnation`) and runs `check` on it. `options` are the
 * run's options (View.options; omitted = a view without them).
 */
export function runView(check: Invariant<ZabNode>, options?: ZabOptions): {
  view: View<ZabNode>; set(states: Record<string, ZabNode>, incarnation?: number, at?: ViewAt): string | null;
} {
  let nodes: NodeView<ZabNode>[] = [];
  let now: ViewAt = {};
  const view = {
    get nowUs() { return now.nowUs ?? 0; }, get phase() { return now.phase ?? 'faults'; }, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    get nodes() { return nodes; }, node: (id: NodeId) => nodes.find((n) => n.id === id)!,
    ...(options !== undefined ? { options } : {}),
  } as View<ZabNode>;
  return {
    view,
    set(states, incarnation = 1, at = {}) {
      now = at;
      nodes = Object.entries(states).map(([id, state]) => ({
        id: id as NodeId, kind: 'node', isUp: true, isPaused: at.paused?.includes(id) ?? false, disk: new Map(), incarnation, state,
        ...(at.clocks?.[id] !== undefined ? { localClockUs: at.clocks[id] } : {}),
      }));
      return check.check(view);
    },
  };
}
