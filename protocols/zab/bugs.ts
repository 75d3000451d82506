// Injectable historical ZooKeeper bugs (flags read by the actor), each naming what catches it.
import type { BugFlag, BugSet } from '../../sim/index.ts';

export const BUG = {
  predicateNotTotal: 'zab/zk-1419-predicate-not-total',
  diffInsteadOfTrunc: 'zab/zk-1154-diff-instead-of-trunc',
  epochFromZxid: 'zab/zk-335-epoch-from-zxid',
  epochCrashWindow: 'zab/zk-1653-epoch-crash-window',
  outOfElectionFullVote: 'zab/zk-1732-outofelection-full-vote',
  ackNewLeaderBeforePersist: 'zab/zk-3911-ack-newleader-before-persist',
  epochBeforePersist: 'zab/zk-4643-epoch-before-persist',
  counterOverflow: 'zab/zk-1277-counter-overflow',
  snapNotPersisted: 'zab/zk-3642-snap-not-persisted',
  diffSetsLastZxid: 'zab/zk-2355-diff-sets-last-zxid',
  ackBeforeFsync: 'zab/ack-before-fsync',
  commitWithoutQuorum: 'zab/commit-without-quorum',
} as const;

export const has = (bugs: BugSet, id: string): boolean => bugs.has(id);

export const ZAB_BUGS: readonly BugFlag[] = [
  { id: BUG.predicateNotTotal, breaks: 'leader-established',
    description: 'ZOOKEEPER-1419: totalOrderPredicate\'s sid clause ignores peerEpoch, so the vote order is not transitive and elections cycle' },
  { id: BUG.diffInsteadOfTrunc, breaks: 'prefix-consistency',
    description: 'ZOOKEEPER-1154: the leader sends DIFF to a learner holding a txn the leader never had, instead of TRUNC first' },
  { id: BUG.epochFromZxid, breaks: 'leadership-per-epoch',
    description: 'ZOOKEEPER-335: no epoch files; the epoch is derived from the last zxid, so an epoch (and its zxids) can be reused' },
  { id: BUG.epochCrashWindow, breaks: 'disk-bootable',
    description: 'ZOOKEEPER-1653 as 3.4.5 had it: loadDataBase refuses to start whenever the last zxid\'s epoch is newer than currentEpoch, ignoring currentEpoch.tmp (and the updatingEpoch marker): a crash between setCurrentEpoch\'s tmp write and its rename leaves a server that refuses to start where 3.8 recovers' },
  { id: BUG.outOfElectionFullVote, breaks: 'leader-established',
    description: 'ZOOKEEPER-1732: outofelection compares whole votes, members advertise their own logicalclock and never updateElectionVote; a joiner never sees a quorum' },
  { id: BUG.ackNewLeaderBeforePersist, breaks: 'committed-durable-on-quorum',
    description: 'ZOOKEEPER-3911: the learner ACKs NEWLEADER before the synced txns are logged and fsynced' },
  { id: BUG.epochBeforePersist, breaks: 'epoch-after-history',
    description: 'ZOOKEEPER-4643: the learner writes currentEpoch before persisting the synced txns, so a crash leaves a newer epoch with a shorter log' },
  { id: BUG.counterOverflow, breaks: 'zxid-integrity',
    description: 'ZOOKEEPER-1277: the zxid counter overflows into the epoch bits instead of forcing a new election' },
  { id: BUG.snapNotPersisted, breaks: 'committed-durable-on-quorum',
    description: 'ZOOKEEPER-3642: a SNAP is kept only in memory until NEWLEADER; if the leader dies first, the next DIFF builds on a disk that lacks it' },
  { id: BUG.diffSetsLastZxid, breaks: 'prefix-consistency',
    description: 'ZOOKEEPER-2355: a DIFF sets the learner\'s lastProcessedZxid to the leader\'s last committed zxid before the txns arrive; a sync cut short leaves the (retained) in-memory DB claiming txns it lacks, and the next sync is an empty DIFF' },
  { id: BUG.ackBeforeFsync, breaks: 'committed-durable-on-quorum',
    description: 'followers ACK a PROPOSAL before its fsync completes' },
  { id: BUG.commitWithoutQuorum, breaks: 'committed-durable-on-quorum',
    description: 'the leader commits a proposal once it has logged it itself, without waiting for a quorum of ACKs' },
];
