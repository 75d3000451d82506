// Every design-permitted anomaly the ZAB nodes (ctx.anomaly) or the workload's reply excuse can count, with one line
// each. The kernel refuses a run that counts a name not listed here, and a scenario's `expect` naming an anomaly not
// listed (or declared by an anomaly probe) is bad input: a typo must not read as "the hazard never happened".
export const ZAB_ANOMALIES: Readonly<Record<string, string>> = {
  'accepted-epoch-ahead-of-leader': "a learner's acceptedEpoch is above the new leader's epoch: LEADERINFO turns it away until the ensemble elects anew (Learner.registerWithLeader)",
  'commit-out-of-order': 'a follower asked to commit a zxid that is not its first pending txn exits (Follower.commit), as ZooKeeper does',
  'follower-ahead-of-leader': "a learner's ACKEPOCH shows a history ahead of the leader's own: the leader gives up leading (waitForEpochAck)",
  'zk-4394-commit-before-uptodate': 'a COMMIT between NEWLEADER and UPTODATE for a proposal logged at NEWLEADER (ZOOKEEPER-4394 in 3.8)',
  'epoch-crash-window-unbootable': "3.8's epoch window: a crash after the NEWLEADER history is durable and before currentEpoch.tmp exists leaves a server that refuses to start",
  'sync-read-from-deposed-leader': 'a sync-get answered by a leader a quorum has already left behind (the linearizability check excuses that reply)',
};
