// The TFS nameserver HA protocol module: VIP heart agent, NS-NS leases, oplog sync with CRC-checked replay, safe mode.
import type { NodeSpec, ProtocolModule } from '../../sim/index.ts';
import { ms, nodeId, seconds } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import { isTfsMsg } from './messages.ts';
import type { TfsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import { DEFAULT_OPTIONS, FAST_OPTIONS, OPTION_DOCS } from './options.ts';
import { tfsActor } from './node.ts';
import { TFS_INVARIANTS } from './invariants.ts';
import { TFS_LIVENESS, livenessBoundUs } from './liveness.ts';
import { tfsRoles } from './roles.ts';
import { TFS_PROBES } from './probes.ts';
import { REPLICATE_PROBES } from './replicate-probes.ts';
import { slaveReplaysReplication } from './replicate-invariant.ts';
import { redundantReplicasBounded } from './redundant-check.ts';
import { reportRelationsApplied } from './report-apply-check.ts';
import { REDUNDANT_PROBES } from './redundant-probes.ts';
import { REPORT_PROBES } from './report-probes.ts';
import { KEEPALIVE_REFUSAL_PROBES } from './keepalive-refusal.ts';
import { blocksReplicated } from './replicate-liveness.ts';
import { tfsLivenessExtraUs } from './replicate-drain.ts';
import { tfsWorkload } from './workload.ts';
import { TFS_BUGS } from './bugs.ts';
import { TFS_MARKS, tfsCoverageKey } from './coverage.ts';
import { TFS_ANOMALIES } from './anomalies.ts';

export { FAST_OPTIONS } from './options.ts';
export type { TfsOptions } from './options.ts';
export type { TfsState, NsState } from './state.ts';
export type { TfsMsg } from './messages.ts';
export { replayHelper, makeOplogRecord, OPLOG_TYPE_BLOCK_OP, OPLOG_TYPE_COMPACT_MSG, OPLOG_TYPE_REPLICATE_MSG } from './oplog.ts';
export { BUG_NO_ALIVE_CHECK, BUG_LEASE_EXPIRY_IGNORED, BUG_NO_CRC_CHECK, BUG_NO_LEASE_SAFE_TIME, BUG_OLD_MASTER_SERVES, BUG_RETRY_CONSUMED, BUG_SKIP_100 } from './bugs.ts';

function nodes(o: TfsOptions): NodeSpec[] {
  // The agent boots first so the VIP is bound when the nameservers start.
  return [
    { id: nodeId('agent'), kind: 'agent' },
    { id: nodeId('ns1'), kind: 'nameserver' },
    { id: nodeId('ns2'), kind: 'nameserver' },
    ...Array.from({ length: o.dataserverCount }, (_, i) => ({ id: nodeId(`ds${i + 1}`), kind: 'dataserver' })),
    ...Array.from({ length: o.clientCount }, (_, i) => ({ id: nodeId(`c${i + 1}`), kind: 'client' })),
  ];
}

export const tfsProtocol: ProtocolModule<TfsState, TfsMsg, TfsOptions> = {
  name: 'tfs',
  description: 'TFS nameserver HA: a heart agent moves the VIP, leases between the nameservers, async oplog sync with CRC-checked replay, safe mode',
  defaultOptions: DEFAULT_OPTIONS,
  optionDocs: OPTION_DOCS,
  nodes,
  actor: tfsActor,
  isMessage: isTfsMsg,
  roles: (view) => tfsRoles(view),
  invariants: [...TFS_INVARIANTS, slaveReplaysReplication, redundantReplicasBounded, reportRelationsApplied],
  liveness: [...TFS_LIVENESS, blocksReplicated],
  livenessBoundUs,
  livenessExtraUs: tfsLivenessExtraUs,
  workload: tfsWorkload,
  bugs: TFS_BUGS,
  faultBudget: {
    maxDownNodes: 1,
    crashableKinds: ['nameserver', 'agent', 'dataserver'],
    kinds: ['crash', 'pause', 'partition', 'partition-one-way', 'clog', 'clock-drift', 'datagram-loss', 'disk-slow', 'kill-during-write', 'disk-corrupt', 'corrupt-messages'],
    roleTargets: ['master', 'slave', 'vip-holder'],
    fuzzFaultPhaseUs: seconds(12),
    fuzzStepsMax: 8,
    // The real timers (10 s deadtime, 300 s safe mode) leave a 12 s fault phase without failovers: fuzz with the short ones.
    fuzzOptions: FAST_OPTIONS,
    // BUGGIFY ranges around FAST_OPTIONS (each drawn with probability 1/2): small slot buffers and batches split the
    // oplog into many OpLogSyncMessages (partial batches, retries, replay stops); slow flushes widen the unshipped tail
    // a switch loses; short/long safe-mode and lease windows move the first replicate task and lease expiries against
    // failovers. Lower bounds keep the lease safe time below the lease and the heart interval above two keepalive
    // timeouts, so a liveness failure still means something (livenessBoundUs grows with these options).
    perturb: {
      oplogSlotsMax: { min: 1, max: 64 },
      oplogBatchMax: { min: 1, max: 16 },
      oplogFlushIntervalUs: { min: ms(50), max: seconds(2) },
      oplogAckTimeoutUs: { min: ms(100), max: ms(1000) },
      safeModeTimeUs: { min: ms(500), max: seconds(6) },
      dsLeaseExpireTimeUs: { min: seconds(1), max: seconds(8) },
      dsLeaseSafeTimeUs: { min: ms(50), max: ms(600) },
      heartIntervalUs: { min: ms(600), max: seconds(2) },
      dsHeartbeatIntervalUs: { min: ms(200), max: seconds(2) },
      blockIdFlushEvery: { min: 1, max: 100 },
      clientOpIntervalUs: { min: ms(20), max: ms(200) },
      // Last, so the draws above are unchanged. A third dataserver is what lets a block gain a copy beyond
      // maxReplication (S15's redundant-replica cleanup); the periodic report's day varies around FAST's 6 s.
      dataserverCount: { oneOf: [2, 3] },
      reportBlockDayUs: { min: seconds(3), max: seconds(12) },
    },
  },
  probes: { ...TFS_PROBES, ...REPLICATE_PROBES, ...REDUNDANT_PROBES, ...REPORT_PROBES, ...KEEPALIVE_REFUSAL_PROBES },
  anomalies: TFS_ANOMALIES,
  coverageKey: tfsCoverageKey, marks: TFS_MARKS,
};
