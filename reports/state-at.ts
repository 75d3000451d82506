// Every node's JSON state just after a given event, rebuilt from a recording's state chunks.
import type { RunRecording, StateChunk } from './recording.ts';
import { applyOps } from './state-diff.ts';

export interface StatesAt {
  /** JSON state per node, in recording.nodes order (null = down or not booted yet). */
  readonly states: readonly unknown[];
  /** False when the event falls in a gap the state budget dropped (states shown are the nearest earlier ones). */
  readonly isExact: boolean;
}

/** The chunk holding `event`, or the last chunk before it. */
export function chunkFor(chunks: readonly StateChunk[], event: number): StateChunk | null {
  let found: StateChunk | null = null;
  for (const c of chunks) {
    if (c.firstEvent > event) break;
    found = c;
  }
  return found;
}

export function statesAt(rec: RunRecording, event: number): StatesAt {
  const chunk = chunkFor(rec.states.chunks, event);
  if (chunk === null) return { states: rec.nodes.map(() => null), isExact: rec.states.chunks.length > 0 && rec.states.gaps.length === 0 };
  const states = structuredClone(chunk.base) as unknown[];
  for (const [e, node, ops] of chunk.diffs) {
    if (e > event) break;
    states[node] = applyOps(states[node], ops);
  }
  const isExact = !rec.states.gaps.some((g) => g.fromEvent <= event && event <= g.toEvent);
  return { states, isExact };
}
