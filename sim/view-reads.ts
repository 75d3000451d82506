// Reads of the optional View fields a hand-built view (tests) may lack: the node's own clock and the run's options.
import type { NodeView, View } from './types.ts';

/** The node's local clock now (NodeView.localClockUs); a hand-built view without it reads as an undrifted clock. */
export function nodeClockUs<S>(view: View<S>, n: NodeView<S>): number {
  return n.localClockUs ?? view.nowUs;
}

/**
 * The run's protocol options (View.options), typed by the caller's protocol; undefined in a hand-built view without
 * them (a check that needs them then has nothing to compare and must say so by passing).
 */
export function runOptions<O extends object, S = unknown>(view: View<S>): Readonly<O> | undefined {
  return view.options as Readonly<O> | undefined;
}
