// Test fixtures for tair liveness checks on hand-built views: every node up and unpaused, the network healed.
import type { NodeId, NodeView, View } from '../../../sim/index.ts';
import type { ClientState, TairState } from '../../../protocols/tair/state.ts';
import type { Table } from '../../../protocols/tair/table.ts';

/** A liveness-phase view of these node states (keyed by node id). */
export function viewOf(states: Record<string, TairState>): View<TairState> {
  const nodes: NodeView<TairState>[] = Object.entries(states).map(([id, state]) => ({
    id: id as NodeId, kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1,
  }));
  return { nowUs: 0, phase: 'liveness', nodes, node: (id) => nodes.find((n) => n.id === id)!, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true };
}

/** A two-bucket table at `version` (client version alike, no transition) with `owner` the only copy of each bucket. */
export const table = (version: number, owner: string): Table => ({ version, clientVersion: version, transitionVersion: 0, hash: [[owner], [owner]], dest: [[owner], [owner]], aliveAtBuild: ['ds1', 'ds2'], isBuildError: false, migrated: [] });

/** A client holding table `t` (and believing its version). */
export const client = (t: Table | null): ClientState => ({ kind: 'client', table: t, configVersion: t?.version ?? 0, newConfigVersion: t?.version ?? 0, csIndex: 0, pending: [], nextReq: 1, lastRefreshUs: 0, links: {} });
