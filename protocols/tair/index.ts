// The Tair configserver failover protocol module: two configservers, dataservers, clients, bucket tables.
import type { ProtocolModule } from '../../sim/index.ts';
import { nodeId, seconds } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import { isTairMessage } from './messages.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS, clientIds, defaultTairOptions, dsIds, tairLivenessBoundUs, tairOptionDocs } from './options.ts';
import type { TairState } from './state.ts';
import { tairActor } from './node.ts';
import { tairRoles } from './roles.ts';
import { deadDataserverDetected, masterVersionMonotone, noDsDownWhileReachable, noFailoverWhileReachable, noVersionCollisionAfterPeerUp, singleMasterWhenConnected, slaveFollowsMaster, tableWellFormed } from './invariants.ts';
import { tairLiveness } from './liveness.ts';
import { heldTablesBuilt } from './held-table-invariant.ts';
import { clientDropsStaleTable } from './client-table-invariant.ts';
import { migInfoSynced } from './mig-info-invariant.ts';
import { groupConfPushed } from './conf-push-invariant.ts';
import { rebuildDebounced } from './rebuild-debounce-invariant.ts';
import { clientPendingUnanswered } from './client-pending-invariant.ts';
import { migrationCompletesSwitched } from './mig-complete-invariant.ts';
import { solitaryHeartbeatBumps } from './solitary-bump-invariant.ts';
import { clientDropsTableForNewer } from './client-drop-invariant.ts';
import { linksToNodes } from './links-invariant.ts';
import { forceRebuildCaused } from './force-rebuild-invariant.ts';
import { getGroupAnswered } from './get-group-invariant.ts';
import { tairWorkload } from './workload.ts';
import { tairBugs } from './bugs.ts';
import { tairAnomalyProbes, tairProbes } from './probes.ts';
import { csState } from './view-helpers.ts';
import { TAIR_MARKS, tairCoverageKey, tairCoverageKeyReads } from './coverage.ts';
import { TAIR_ANOMALIES } from './anomalies.ts';

export const tairProtocol: ProtocolModule<TairState, TairMsg, TairOptions> = {
  name: 'tair',
  description: 'Tair configserver failover: two configservers by list order, dataserver heartbeats, bucket tables, versions and migration',
  defaultOptions: defaultTairOptions,
  optionDocs: tairOptionDocs,
  nodes: (o) => [
    ...CS_IDS.map((id) => ({ id: nodeId(id), kind: 'configserver' })),
    ...dsIds(o).map((id) => ({ id: nodeId(id), kind: 'dataserver' })),
    ...clientIds(o).map((id) => ({ id: nodeId(id), kind: 'client' })),
  ],
  actor: tairActor,
  isMessage: isTairMessage,
  roles: (view) => tairRoles(view),
  invariants: [
    masterVersionMonotone, tableWellFormed, singleMasterWhenConnected, noFailoverWhileReachable, noDsDownWhileReachable, noVersionCollisionAfterPeerUp, slaveFollowsMaster,
    // The loop count that stands for server_down_time, read from a configserver's group settings.
    deadDataserverDetected((view) => {
      const s = csState(view, CS_IDS[0]) ?? csState(view, CS_IDS[1]);
      return s === undefined ? 4 : Math.ceil(s.conf.serverDowntimeUs / seconds(1));
    }),
    // Ninth session (mutation survivors of mutation/tair-sample-2026-12-05c.txt): tables handed out, clients' stale
    // tables and pending requests, the group.conf push, the rebuild debounce, a migration's completion, the solitary
    // bump, the switched buckets' forced send (protocols/tair/README.md "State the spec constrains").
    heldTablesBuilt, clientDropsStaleTable, groupConfPushed, rebuildDebounced, clientPendingUnanswered, migrationCompletesSwitched, solitaryHeartbeatBumps,
    migInfoSynced((view) => {
      const s = csState(view, CS_IDS[0]) ?? csState(view, CS_IDS[1]);
      return s === undefined ? 4 : Math.ceil(s.conf.serverDowntimeUs / seconds(1));
    }),
    // Tenth session: a client drops its table only for a newer client version (survivor client.ts:59 `true`).
    clientDropsTableForNewer,
    // Twelfth session: links only to nodes of the run (survivor cs-common.ts:66 `if (false)`, a dial to `null`).
    linksToNodes,
    // Thirteenth session: a forced rebuild only for set_force_rebuild's reasons (survivor cs-handlers.ts:120 `true`).
    forceRebuildCaused,
    // Thirteenth session: get-group answers as find_group_host gives them (survivors cs-handlers.ts:35 `>`, `true`).
    getGroupAnswered,
  ],
  liveness: tairLiveness,
  livenessBoundUs: tairLivenessBoundUs,
  workload: tairWorkload,
  bugs: tairBugs,
  faultBudget: {
    maxDownNodes: 1,
    crashableKinds: ['configserver', 'dataserver'],
    kinds: ['crash', 'pause', 'partition', 'partition-one-way', 'clog', 'clock-drift', 'clock-offset', 'disk-slow', 'disk-corrupt', 'kill-during-write'],
    // 40 s (was 30): fault windows of 2-13 s, so a cs0-cs1 cut outlasts 2·server_down_time more often (the peer-up
    // path of tair/peer-up-no-version-bump: 4 -> 24 hits per 2,000 seeds together with the two perturbations below).
    fuzzFaultPhaseUs: seconds(40),
    fuzzStepsMax: 6,
    // The operator's ops (touch, edit, force-down, and the touch after heal that accept strategy 0 relies on).
    fuzzOptions: { isOperatorInWorkload: true },
    // BUGGIFY (aimed fuzzing, each drawn for half the seeds): peers that rediscover each other sooner (more peer-up
    // bumps and dual-master heals), the rack-aware builder (relaxation), the STANDBY paths, the forced table send.
    perturb: {
      downPeerHeartbeatEveryLoops: { min: 2, max: 30 },
      // server_down_time in whole seconds, as group.conf (`_server_down_time`) and TAIR_SERVER_DOWNTIME take it; a
      // deployment may set 2 or 3 (the default 4 is kept for the undrawn half; the peer timeout uses the compile-time
      // TAIR_SERVER_DOWNTIME, which a build may define as 2 or 3 too). The peer configserver is DOWN after twice
      // this, so a shorter cs0-cs1 cut lets cs1 take over and cs0 later see it come UP (the +10 peer-up bump).
      serverDowntimeUs: { oneOf: [seconds(2), seconds(3)] },
      // Fewer clients (a deployment size, not a behaviour choice): random links and partition sides then fall on
      // configservers and dataservers more often, so cuts split the two configservers' dataserver views.
      clientCount: { oneOf: [1, 2] },
      buildStrategy: { oneOf: [1, 2] },
      acceptStrategy: { oneOf: [0, 1] },
      preLoadFlag: { oneOf: [0, 1] },
      // supported_admin=1: dataservers report not ready for this long after each start, so a crash shorter than
      // server_down_time runs ALIVE -> STANDBY (forced rebuild) -> ALIVE. The name sorts last: the draws above keep.
      supportedAdminConfigWaitUs: { oneOf: [seconds(2), seconds(5)] },
    },
  },
  probes: tairProbes,
  anomalyProbes: tairAnomalyProbes,
  anomalies: TAIR_ANOMALIES,
  coverageKey: tairCoverageKey, coverageKeyReads: tairCoverageKeyReads, marks: TAIR_MARKS,
};
