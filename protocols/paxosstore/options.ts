// PaxosStore options: every default resolved here, units in the names; 2020 Certain values unless noted.
import type { OptionDoc } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';

export interface PaxosStoreOptions {
  readonly acceptorCount: number;
  readonly entityCount: number;
  readonly keysPerEntity: number;
  readonly clientCmdTimeoutUs: number;
  readonly catchupTimeoutUs: number;
  readonly maxCatchupNum: number;
  readonly catchupMaxBytesPerSecond: number;
  readonly catchupMaxCountPerSecond: number;
  readonly catchupQueueMax: number;
  readonly catchupSliceUs: number;
  readonly recoverIntervalUs: number;
  readonly recoverMaxCountPerSecond: number;
  readonly isRecoverSourceBehindSkipped: boolean;
  readonly recoverQueueMax: number;
  readonly recoverRpcTimeoutUs: number;
  readonly recoverRetries: number;
  readonly recoverPageKeys: number;
  readonly plogGcIntervalUs: number;
  readonly plogBatchMax: number;
  readonly isPreAuthEnabled: boolean;
  readonly writeRejectLeaseUs: number;
  readonly getAllRspQueueMax: number;
  readonly getAllRspServiceUs: number;
  readonly tickIntervalUs: number;
  readonly workloadOpIntervalUs: number;
}

export const DEFAULT_OPTIONS: PaxosStoreOptions = {
  acceptorCount: 3,
  entityCount: 2,
  keysPerEntity: 3,
  clientCmdTimeoutUs: ms(600),
  catchupTimeoutUs: ms(2000),
  maxCatchupNum: 10,
  catchupMaxBytesPerSecond: 102_400 * 1024,
  catchupMaxCountPerSecond: 80_000,
  catchupQueueMax: 10_000,
  catchupSliceUs: ms(10),
  recoverIntervalUs: seconds(60),
  recoverMaxCountPerSecond: 100,
  isRecoverSourceBehindSkipped: false,
  recoverQueueMax: 10_000,
  recoverRpcTimeoutUs: ms(1000),
  recoverRetries: 3,
  recoverPageKeys: 2,
  plogGcIntervalUs: seconds(24 * 3600),
  plogBatchMax: 20,
  isPreAuthEnabled: false,
  writeRejectLeaseUs: 0,
  getAllRspQueueMax: 0,
  getAllRspServiceUs: 0,
  tickIntervalUs: ms(200),
  workloadOpIntervalUs: ms(60),
};

/**
 * Small limits for fuzzing and scenarios: GC every 600 ms (so recovery happens), a tight catch-up budget
 * (so rate limiting is exercised) and a 1 s recovery re-trigger guard.
 */
export const FUZZ_OPTIONS: Partial<PaxosStoreOptions> = {
  catchupTimeoutUs: ms(300),
  catchupMaxBytesPerSecond: 6_000,
  catchupMaxCountPerSecond: 12,
  recoverIntervalUs: seconds(1),
  recoverRpcTimeoutUs: ms(150),
  plogGcIntervalUs: ms(600),
};

export const OPTION_DOCS: { readonly [K in keyof PaxosStoreOptions]: OptionDoc } = {
  acceptorCount: { doc: 'acceptors a1..aN, each proposer + acceptor + learner of every entity (AcceptorNum, default 3)', min: 1, max: 9, unit: 'count' },
  entityCount: { doc: 'entities e0..e(N-1), each with its own PLog (default 2)', min: 1, max: 100, unit: 'count' },
  keysPerEntity: { doc: 'keys k0.. the workload writes inside one entity (default 3)', min: 1, max: 1000, unit: 'count' },
  clientCmdTimeoutUs: { doc: 'client command timeout; the command is dropped unanswered (client_cmd_timeout_msec, 600 ms)', min: 1000, max: 600_000_000, unit: 'us' },
  catchupTimeoutUs: { doc: 'minimum gap between catch-up syncs of one entry (catchup_timeout_msec, 2000 ms)', min: 1000, max: 3_600_000_000, unit: 'us' },
  maxCatchupNum: { doc: 'entries per catch-up window (max_catchup_num, 10)', min: 1, max: 1_000_000, unit: 'count' },
  catchupMaxBytesPerSecond: { doc: 'catch-up worker byte budget per second (catchup_max_kb_per_second 102400 KiB)', min: 1, max: 1_099_511_627_776, unit: 'per-second' },
  catchupMaxCountPerSecond: { doc: 'catch-up worker message budget per second (catchup_max_count_per_second, 80000)', min: 1, max: 100_000_000, unit: 'per-second' },
  catchupQueueMax: { doc: 'catch-up queue cap; commands beyond it are dropped (MaxCatchUpConcurr, 10000)', min: 1, max: 10_000_000, unit: 'count' },
  catchupSliceUs: { doc: 'slice of the catch-up byte budget: each slice may carry bytes/s ÷ (1 s / slice) (kSendIntervalMS, 10 ms)', min: 1000, max: 60_000_000, unit: 'us' },
  recoverIntervalUs: { doc: 'recovery re-trigger guard after a finished or aborted GetAllAndSet (kRecoverIntervalMsec, 60 s)', min: 1000, max: 86_400_000_000, unit: 'us' },
  recoverMaxCountPerSecond: { doc: 'GetAllAndSet jobs started per second at most; more wait (recover_max_count_per_second, 100)', min: 1, max: 100_000_000, unit: 'per-second' },
  isRecoverSourceBehindSkipped: { doc: 'fix for the real hazard recovery-db-moved-back: GetAllAndSet skips a source whose committed entry is below the entry that was NotFound (default false = DBImpl.cpp, which takes the first source that answers, so an older DB can replace ours)' },
  recoverQueueMax: { doc: 'recovery request queue cap; a request beyond it unsets the flag (QueueFailed) and is retried on the next NotFound (10000)', min: 1, max: 10_000_000, unit: 'count' },
  recoverRpcTimeoutUs: { doc: 'timeout of one GetAllAndSet RPC try (RecoverTimeoutMS, 1000 ms)', min: 1000, max: 600_000_000, unit: 'us' },
  recoverRetries: { doc: 'tries per GetAllAndSet step and peer (kRetry, 3)', min: 1, max: 1000, unit: 'count' },
  recoverPageKeys: { doc: 'keys per GetAllAndSet data page (stands for the 1 MiB batch; default 2 so paging happens)', min: 1, max: 1_000_000, unit: 'count' },
  plogGcIntervalUs: { doc: 'PLog GC period: entries applied to a durable DB for one period are deleted (PLogExpireTimeMS, 24 h)', min: 1000, max: 2_592_000_000_000, unit: 'us' },
  plogBatchMax: { doc: 'PLog group commit: records the PlogWorker writes in one batch, polling every 1 ms when idle (max_plog_batch_size, 20); 0 = no worker: every record written and fsync\'d on its own at once (the model before issue 16)', min: 0, max: 1000, unit: 'count' },
  isPreAuthEnabled: { doc: 'P7, 2017 Certain (EnablePreAuth=1, LocalAcceptFirst=1 in example.conf): the acceptor whose own value was chosen at entry i proposes at i+1 with its reserved number (its index + 1, below every ballot of a prepare) and accepts at once, no prepare (default false = the 2020 tree, which has no pre-auth)' },
  writeRejectLeaseUs: { doc: 'P8, 2017 Certain (LeaseDurationMS=10): for this long after a competing proposer\'s message changed our record above MaxChosenEntry, a client write (or a read that must run Paxos) is answered lease-reject; a non-master acceptor (not a1) drops the lease when an entry is chosen (default 0 = no lease: the 2020 tree)', min: 0, max: 10_000_000, unit: 'us' },
  getAllRspQueueMax: { doc: 'S27: the entity worker\'s GetAllRsp queue; a finished or aborted GetAllAndSet whose answer finds it full re-queues it every 10 ms (GetAllWorker poll(10)) and the entity stays out of service meanwhile (GetAllQueueSize, 40000 in 2017; default 0 = unbounded)', min: 0, max: 1_000_000, unit: 'count' },
  getAllRspServiceUs: { doc: 'S27: time the entity worker takes per GetAllRsp (one per worker loop; the loop also serves IO, PLog answers and timeouts, which the model handles at once), so answers queue behind each other (default 0 = handled when it arrives)', min: 0, max: 10_000_000, unit: 'us' },
  tickIntervalUs: { doc: 'worker loop period while something is to be caught up: round-robin catch-up (IterateAndCatchup) and amnesia fence probes (200 ms)', min: 1000, max: 600_000_000, unit: 'us' },
  workloadOpIntervalUs: { doc: 'mean gap between client operations of the default workload (60 ms)', min: 1000, max: 600_000_000, unit: 'us' },
};

export const majorityOf = (n: number): number => Math.floor(n / 2) + 1;

/** Catch-up of a long gap runs ⌈gap/10⌉ rounds of catchupTimeout; an aborted recovery waits recoverInterval. */
export const livenessBoundUs = (o: PaxosStoreOptions): number => seconds(20) + 20 * o.catchupTimeoutUs + 2 * o.recoverIntervalUs;
