// Independent capture of every node's state after chosen events, to check what reports rebuild from their diffs.
import type { RunConfig } from '../../../sim/index.ts';

export interface GroundTruth {
  /** event index → node id → JSON state (null when down). */
  readonly states: Map<number, Record<string, unknown>>;
  readonly onEvent: NonNullable<RunConfig['onEvent']>;
}

/** Capture states after every event for which `isWanted(event)` holds (all events by default). */
export function groundTruth(isWanted: (event: number) => boolean = () => true): GroundTruth {
  const states = new Map<number, Record<string, unknown>>();
  return {
    states,
    onEvent: (event, _records, view) => {
      if (!isWanted(event)) return;
      const at: Record<string, unknown> = {};
      for (const n of view.nodes) at[n.id] = n.isUp && n.state !== undefined ? JSON.parse(JSON.stringify(n.state)) : null;
      states.set(event, at);
    },
  };
}
