// ZAB options (zoo.cfg-style), their defaults and docs, and the helpers that derive ids and quorums from them.
import type { NodeId, NodeSpec, OptionDoc } from '../../sim/index.ts';
import { ms, nodeId, seconds } from '../../sim/index.ts';

export interface ZabOptions {
  /** Servers n1..nN; sid of nK is K. */
  readonly serverCount: number;
  /** Which of n1..nN are observers (they never vote). */
  readonly observerIds: readonly string[];
  readonly tickTimeUs: number;
  readonly initLimitTicks: number;
  readonly syncLimitTicks: number;
  readonly finalizeWaitUs: number;
  readonly maxNotificationIntervalUs: number;
  readonly cnxTimeoutUs: number;
  readonly learnerConnectAttempts: number;
  readonly learnerConnectRetryUs: number;
  readonly commitLogCount: number;
  readonly snapshotSizeFactor: number;
  readonly isTxnLogSyncEnabled: boolean;
  readonly forceSnapSync: boolean;
  readonly initialZxidCounter: number;
  readonly electionSendGapUs: number;
  /** SYNC also waits for a ping quorum, so a deposed leader cannot answer (not ZooKeeper: a linearizable sync-read). */
  readonly syncConfirmsLeadership: boolean;
  /** 3.4.6's updatingEpoch marker (ZOOKEEPER-1653's fix): closes the epoch crash window 3.8 leaves open. */
  readonly isUpdatingEpochMarked: boolean;
  /** Servers the operator starts lateStartUs after the others (a rolling start; a replaced server joining). */
  readonly lateStartIds: readonly string[];
  readonly lateStartUs: number;
  /** A server that exits (System.exit) is restarted by its supervisor this long after; 0 = no supervisor. */
  readonly supervisorRestartUs: number;
  /** Machines running a port scanner that writes an HTTP request to every other server's election port. */
  readonly portScannerIds: readonly string[];
  readonly portScanAtUs: number;
}

export const DEFAULT_ZAB_OPTIONS: ZabOptions = {
  serverCount: 3,
  observerIds: [],
  tickTimeUs: ms(2000),
  initLimitTicks: 10,
  syncLimitTicks: 5,
  finalizeWaitUs: ms(200),
  maxNotificationIntervalUs: seconds(60),
  cnxTimeoutUs: seconds(5),
  learnerConnectAttempts: 5,
  learnerConnectRetryUs: ms(100),
  commitLogCount: 500,
  snapshotSizeFactor: 0.33,
  isTxnLogSyncEnabled: true,
  forceSnapSync: false,
  initialZxidCounter: 0,
  electionSendGapUs: ms(5),
  syncConfirmsLeadership: false,
  isUpdatingEpochMarked: false,
  lateStartIds: [],
  lateStartUs: seconds(3),
  supervisorRestartUs: seconds(1),
  portScannerIds: [],
  portScanAtUs: seconds(5),
};

export const ZAB_OPTION_DOCS: { readonly [K in keyof ZabOptions]: OptionDoc } = {
  serverCount: { doc: 'number of servers n1..nN (server.N lines); sid = N. Default 3', min: 1, max: 9, unit: 'count' },
  observerIds: { doc: 'servers that are observers (peerType=observer): they learn but never vote. Default none' },
  tickTimeUs: { doc: 'tickTime, the unit of initLimit/syncLimit; leader pings every tickTime/2. Default 2000ms (zoo_sample.cfg)', min: 1000, max: 60_000_000, unit: 'us' },
  initLimitTicks: { doc: 'initLimit: ticks a learner may take to connect and sync; also each leader wait (epoch, epoch acks, NEWLEADER acks). Default 10', min: 1, max: 1000, unit: 'count' },
  syncLimitTicks: { doc: 'syncLimit: ticks of silence after which a follower drops its leader, and a leader its follower. Default 5', min: 1, max: 1000, unit: 'count' },
  finalizeWaitUs: { doc: 'FLE finalizeWait = minNotificationInterval: wait for a better vote once a quorum agrees; first poll timeout. Default 200ms', min: 1000, max: 60_000_000, unit: 'us' },
  maxNotificationIntervalUs: { doc: 'cap of the exponential notification back-off. Default 60s', min: 1000, max: 3_600_000_000, unit: 'us' },
  cnxTimeoutUs: { doc: 'zookeeper.cnxTimeout: an election-connection dial (QuorumCnxManager.initiateConnection) still pending after this is abandoned; the next resend dials again. The kernel may refuse sooner (scenario network.connectTimeout, 1s by default). Default 5s', min: 1000, max: 600_000_000, unit: 'us' },
  learnerConnectAttempts: { doc: 'connect attempts to the elected leader before going back to LOOKING (Learner.connectToLeader). Default 5', min: 1, max: 1000, unit: 'count' },
  learnerConnectRetryUs: { doc: 'zookeeper.leaderConnectDelayDuringRetryMs: pause between learner connect attempts; no retry once at most this much of tickTime·initLimit is left since the first attempt. Default 100ms (3.8; 3.4/3.5 slept 1s)', min: 1000, max: 600_000_000, unit: 'us' },
  commitLogCount: { doc: 'zookeeper.commitLogCount: the in-memory committedLog keeps the last N+1 committed txns; an older learner is synced from the on-disk txn log or by SNAP. ZooKeeper raises values below 500 to 500; smaller values here stand in for a longer run. Default 500', min: 1, max: 1_000_000, unit: 'count' },
  snapshotSizeFactor: { doc: 'zookeeper.snapshotSizeFactor: a DIFF may be served from the on-disk txn log only while the txns to send are at most this fraction of the snapshot size (records; the snapshot counts its znodes). Default 0.33', min: 0, max: 1000, unit: 'ratio' },
  isTxnLogSyncEnabled: { doc: 'false = zookeeper.snapshotSizeFactor negative: never serve a DIFF from the on-disk txn log, SNAP instead. Default true' },
  forceSnapSync: { doc: 'zookeeper.forceSnapSync (testing only): always sync learners by SNAP. Default false' },
  initialZxidCounter: { doc: 'testing only (zookeeper.testingonly.initialZxid): every new leader starts its zxid counter here. Default 0', min: 0, max: 4_294_967_295, unit: 'count' },
  lateStartIds: { doc: 'servers started lateStartUs after the others (deployment, not zoo.cfg: a rolling start, or a replaced server with an empty data directory joining a running ensemble); until then nothing listens on their ports. Default none' },
  lateStartUs: { doc: 'when the lateStartIds servers are started (virtual time from the start of the run). Default 3s', min: 0, max: 3_600_000_000, unit: 'us' },
  supervisorRestartUs: { doc: 'deployment, not zoo.cfg: ZooKeeper is "fail fast" (a COMMIT that is not the first pending txn calls System.exit) and its Administrator\'s Guide asks for a supervisor (daemontools, SMF) that restarts it; this is how long after an exit the server starts again, from its disk. 0 = no supervisor: it stays down until the run\'s heal. Default 1s (daemontools\' supervise pause between restarts)', min: 0, max: 3_600_000_000, unit: 'us' },
  portScannerIds: { doc: 'deployment, not zoo.cfg: servers on whose machine another program (a port scanner, an HTTP health check pointed at the wrong port) connects to every other server\'s election port at portScanAtUs and writes "GET / HTTP/1.1": ZooKeeper reads a sid, then a frame length > PACKETMAXSIZE, and closes the connection. Default none' },
  portScanAtUs: { doc: 'when the portScannerIds programs scan (virtual time from the start of the run). Default 5s', min: 0, max: 3_600_000_000, unit: 'us' },
  syncConfirmsLeadership: { doc: 'true = a SYNC is answered only after a quorum answered a ping sent after it arrived, so a leader a newer quorum replaced cannot answer a sync+read with stale data (fixes the permitted anomaly sync-read-from-deposed-leader; not ZooKeeper). Default false: Leader.processSync answers once the proposals before it committed' },
  isUpdatingEpochMarked: { doc: 'true = 3.4.6\'s ZOOKEEPER-1653 fix: a learner creates the updatingEpoch marker before it persists a new epoch\'s history (SNAP, NEWLEADER) and deletes it after currentEpoch; boot finds it and takes the epoch of the last zxid. Fixes the permitted anomaly epoch-crash-window-unbootable. Default false: ZooKeeper 3.8 (the fix\'s trunk port, ZOOKEEPER-2354, is in no release) recovers only from currentEpoch.tmp, so a crash after the sync\'s snapshot/txns and before currentEpoch.tmp exists leaves a server that refuses to start' },
  electionSendGapUs: { doc: 'simulation pacing of one peer\'s election SendWorker: one notification per gap, newer ones replace the queued one (SEND_CAPACITY 1). Default 5ms', min: 1, max: 10_000_000, unit: 'us' },
};

export const sidOf = (id: string): number => Number(id.slice(1));
export const idOfSid = (sid: number): NodeId => nodeId(`n${sid}`);
export const allIds = (o: ZabOptions): NodeId[] => Array.from({ length: o.serverCount }, (_, i) => nodeId(`n${i + 1}`));
export const isObserverId = (o: ZabOptions, id: string): boolean => o.observerIds.includes(id);
// Built once per options object (read after most events: election sends, quorum checks); callers never mutate it.
const participantsByOptions = new WeakMap<ZabOptions, readonly NodeId[]>();
export function participantIds(o: ZabOptions): readonly NodeId[] {
  let ids = participantsByOptions.get(o);
  if (ids === undefined) {
    ids = allIds(o).filter((id) => !isObserverId(o, id));
    participantsByOptions.set(o, ids);
  }
  return ids;
}
export const quorumSize = (o: ZabOptions): number => Math.floor(participantIds(o).length / 2) + 1;
/** Does this id name a participant (not an observer, a sid of a server)? Per options, per id: asked for every ACK. */
const participantByOptions = new WeakMap<ZabOptions, Map<string, boolean>>();
function isParticipantId(o: ZabOptions, id: string): boolean {
  let known = participantByOptions.get(o);
  if (known === undefined) { known = new Map(); participantByOptions.set(o, known); }
  let is = known.get(id);
  if (is === undefined) {
    is = !isObserverId(o, id) && sidOf(id) >= 1 && sidOf(id) <= o.serverCount;
    known.set(id, is);
  }
  return is;
}

/**
 * Does this set of ids hold a quorum of participants? Counts the distinct participant ids with a scan of the earlier
 * ones (a handful of ids; no filtered copy or Set per call, and tryCommit asks after every ACK).
 */
export function isQuorum(o: ZabOptions, ids: readonly string[]): boolean {
  const need = quorumSize(o);
  // Fewer ids than a quorum cannot hold a quorum of distinct participants.
  if (ids.length < need) return false;
  let distinct = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!isParticipantId(o, id)) continue;
    let isRepeat = false;
    for (let j = 0; j < i && !isRepeat; j++) isRepeat = ids[j] === id;
    if (!isRepeat && ++distinct >= need) return true;
  }
  return false;
}

export const zabNodes = (o: ZabOptions): NodeSpec[] =>
  allIds(o).map((id) => ({ id, kind: isObserverId(o, id) ? 'observer' : 'participant' }));

export const syncLimitUs = (o: ZabOptions): number => o.syncLimitTicks * o.tickTimeUs;
export const initLimitUs = (o: ZabOptions): number => o.initLimitTicks * o.tickTimeUs;

/**
 * BUGGIFY ranges for `faultBudget.perturb` (CONTRACT Interface 2; wired in index.ts once FaultBudget has the field): a
 * small committedLog, txn-log sync off or forced SNAPs make SNAP and txn-log syncs (the ZOOKEEPER-3642 and -1653
 * windows) common; shorter initLimit/syncLimit make elections and resyncs more frequent; a zxid counter near 2^32
 * (zookeeper.testingonly.initialZxid) makes the ZOOKEEPER-1277 rollover happen in short runs; a server started late makes a
 * SNAP that carries txns part of the seed's fault-free recording. Every range is a setting a real deployment can have
 * (commitLogCount below ZooKeeper's floor of 500 stands for a longer run); a late start is an operator's rolling start.
 */
export const ZAB_PERTURB = {
  commitLogCount: { min: 1, max: 20 },
  snapshotSizeFactor: { oneOf: [0, 0.33, 1] },
  isTxnLogSyncEnabled: { oneOf: [true, false] },
  forceSnapSync: { oneOf: [false, true] },
  initLimitTicks: { min: 2, max: 10 },
  syncLimitTicks: { min: 1, max: 5 },
  initialZxidCounter: { oneOf: [0, 0xffff_fffc] },
  // A server started 1-3 s after the other two (an operator's rolling start, a replaced server with an empty data
  // directory): it joins a running ensemble that has committed txns, so the fault-free recording run of the seed holds
  // a sync that carries them (SNAP for an empty server: txn-log-miss, forced or txn-log sync off), and the aimed steps
  // drawn from it land on that sync instead of the empty syncs at startup (ZOOKEEPER-3642's SNAP-to-NEWLEADER window).
  // Early in the 10 s fault phase, so a crash of the leader at that SNAP can still be followed by the learner's restart.
  lateStartIds: { oneOf: [['n1'], ['n2'], ['n3']] },
  lateStartUs: { min: seconds(1), max: seconds(3) },
  // Deployments the fuzzer drew never before the ninth session, whose code paths no fuzz seed reached: an observer
  // (the largest sid, so it dials the voters, which then flush a peer they never queued for; INFORM and OBSERVERINFO),
  // and a port scanner on n1's machine writing a bad frame to the other servers' election ports (RecvWorker's frame
  // check, the foreign-connection bookkeeping). Both are settings a real ensemble can have (scenarios
  // observer-never-votes and the port-scanner ones run them by hand).
  observerIds: { oneOf: [[], ['n3']] },
  portScannerIds: { oneOf: [[], ['n1']] },
  // 3.4.6's updatingEpoch marker (FIDELITY S4): drawn in one seed of eight (perturbed half the time, then one of four),
  // so the 3.8 default and its permitted anomaly epoch-crash-window-unbootable stay in most seeds while the marker's
  // paths (written at SNAP and NEWLEADER, deleted after currentEpoch, read at boot) are still fuzzed.
  isUpdatingEpochMarked: { oneOf: [false, false, false, true] },
  // A shorter tick (zoo.cfg tickTime=1000 or 500: real settings of low-latency ensembles; ZooKeeper takes any positive
  // tickTime and counts initLimit/syncLimit in its ticks). With syncLimit 2-5 ticks the read timeout is then 1-5 s, so
  // the fuzzer's 0.5-3.3 s pauses, clogs and one-way cuts of a leader outlast it: learners time out (learner.ts
  // onLearnerTimer, checked by learner-read-times-out), which the 2 s tick (syncLimit 4-10 s) almost never let happen.
  // Drawn last (sorted names), so every other perturbed option of a seed keeps its draw.
  tickTimeUs: { oneOf: [ms(1000), ms(500)] },
} as const;
