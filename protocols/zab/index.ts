// The ZAB protocol module: ZooKeeper 3.8's FastLeaderElection + discovery, sync and broadcast.
import type { ProtocolModule } from '../../sim/index.ts';
import { seconds } from '../../sim/index.ts';
import type { ZabMsg } from './messages.ts';
import { isZabMsg } from './messages.ts';
import type { ZabNode } from './state.ts';
import type { ZabOptions } from './options.ts';
import { DEFAULT_ZAB_OPTIONS, ZAB_OPTION_DOCS, ZAB_PERTURB, participantIds, zabNodes } from './options.ts';
import { zabActor } from './node.ts';
import { ZAB_INVARIANTS } from './invariants.ts';
import { ZAB_LIVENESS, zabProbes, zabRoles } from './roles.ts';
import { tailFollowerSyncReturned, tailReadReturned, tailWriteCommitted, zabLivenessBoundUs } from './liveness.ts';
import { zabWorkload } from './workload.ts';
import { ZAB_BUGS } from './bugs.ts';
import { ZAB_MARKS, zabCoverageKey, zabCoverageKeyReads } from './coverage.ts';
import { ackedHistoryFromPageCacheProbe } from './page-cache-anomaly.ts';
import { ZAB_ANOMALIES } from './anomalies.ts';

export type { ZabNode, ZabMsg, ZabOptions };
export { BUG as ZAB_BUG } from './bugs.ts';
export { totalOrderPredicate, voteEquals, termPredicate, checkLeader } from './vote.ts';
export { planSync } from './sync-plan.ts';
export type { LeaderDb, SyncBranch, SyncPlan } from './sync-plan.ts';
export { loadHistory } from './boot.ts';
export { zabModel } from './sequential-model.ts';
export { makeZxid, epochOf, counterOf, extend } from './zxid.ts';


export const zabProtocol: ProtocolModule<ZabNode, ZabMsg, ZabOptions> = {
  name: 'zab',
  description: 'ZooKeeper 3.8 ZAB: FastLeaderElection, discovery (FOLLOWERINFO/LEADERINFO/ACKEPOCH), sync (DIFF/TRUNC/SNAP), broadcast',
  defaultOptions: DEFAULT_ZAB_OPTIONS,
  optionDocs: ZAB_OPTION_DOCS,
  nodes: zabNodes,
  actor: zabActor,
  isMessage: isZabMsg,
  roles: (view) => zabRoles(view),
  invariants: ZAB_INVARIANTS,
  liveness: [...ZAB_LIVENESS, tailWriteCommitted, tailReadReturned, tailFollowerSyncReturned],
  livenessBoundUs: zabLivenessBoundUs,
  workload: zabWorkload,
  bugs: ZAB_BUGS,
  faultBudget: {
    maxDownNodes: Math.floor((participantIds(DEFAULT_ZAB_OPTIONS).length - 1) / 2),
    roleTargets: ['leader'],
    fuzzFaultPhaseUs: seconds(10),
    fuzzStepsMax: 8,
    perturb: ZAB_PERTURB,
  },
  probes: zabProbes(),
  anomalyProbes: [ackedHistoryFromPageCacheProbe],
  anomalies: ZAB_ANOMALIES,
  coverageKey: zabCoverageKey, coverageKeyReads: zabCoverageKeyReads, marks: ZAB_MARKS,
};
