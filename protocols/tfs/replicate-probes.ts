// Probes for the replication path: a master completed a replicate, a slave replayed one, a new master learnt a replica by report.
import type { Probe, View } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, asNs } from './state.ts';

const nsStates = (view: View<TfsState>): NsState[] =>
  NAMESERVERS.map((id) => view.nodes.find((n) => n.id === id)).flatMap((n) => {
    const s = n?.isUp ? asNs(n.state) : undefined;
    return s === undefined ? [] : [s];
  });

const hasVersionedBlock = (s: NsState): boolean => Object.values(s.blockVersions ?? {}).some((v) => v > 0);

export const REPLICATE_PROBES: Readonly<Record<string, Probe<TfsState>>> = {
  'master-completed-replicate': {
    description: 'a master ran handle_complete for a replicate task: some block it holds has a version above 0 (VERSION_INC_STEP_REPLICATE)',
    check: (view) => (nsStates(view).some((s) => s.role === 'master' && hasVersionedBlock(s)) ? null : 'no master with a replicated block'),
  },
  'slave-replayed-replicate': {
    description: 'a slave replayed a REPLICATE record through handle_complete: some block it holds has a version above 0',
    check: (view) => (nsStates(view).some((s) => s.role === 'slave' && hasVersionedBlock(s)) ? null : 'no slave with a replayed replicate'),
  },
  'switched-master-replica-from-report': {
    description: 'a master that switched in lists a block on two or more servers at version 0: a relation it neither completed nor replayed a replicate for (in a scenario whose blocks were all created on one server, one learnt from a block report)',
    check: (view) => (nsStates(view).some((s) => s.role === 'master' && s.failoverLosses.length > 0
      && s.blocks.values.some((servers, i) => servers.length >= 2 && (s.blockVersions?.[s.blocks.ids[i]!] ?? 0) === 0))
      ? null : 'no switched-in master with an unversioned replica'),
  },
};
