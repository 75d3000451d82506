// Every design-permitted anomaly the TFS nodes (ctx.anomaly) can count, with one line each. The kernel refuses a run
// that counts a name not listed, and a scenario's `expect` naming an unknown anomaly is bad input (a typo must not read
// as "the hazard never happened").
export const TFS_ANOMALIES: Readonly<Record<string, string>> = {
  'block-id-reissued': "a block id handed out again from a Tair mirror value saved before it (stable-2.5.5's residual window); the dataserver holding it refuses",
  'create-by-id-collision': 'a block created by id again is refused by the dataserver that already holds it',
  'dual-master': 'the heart agent hears both nameservers answer MASTER',
  'ha-split-brain': 'both heart agents believe they hold the VIP (the nameserver link cut)',
  'oplog-abandoned': 'a slave re-logging in gets a fresh oplog: what the old lease had not acknowledged is abandoned',
  'oplog-batch-given-up': 'the master gives an oplog batch up after its retries and moves on',
  'oplog-batch-tail-dropped': 'the records of a batch after a damaged one are lost',
  'oplog-loss-window': 'a new master took over missing records the old master had logged',
  'oplog-misparsed-record-applied': "bytes from inside a record passed replay_helper's CRC as a record and were played",
  'oplog-record-misread': "a record passed its CRC with a damaged type_ (outside the CRC) and played as another type",
  'oplog-replay-misaligned': "replay parses a record's body as the next header",
  'oplog-unplayable-record-skipped': 'replay skips a record it cannot play and sets the complete flag anyway',
  'oplog-unshipped-at-switch': 'a master switching to slave drops records not yet acknowledged',
  'role-conflict-exit': 'a nameserver finding the peer master at start-up exits (the monitor starts it again)',
  'vip-returned-unseen': 'a VIP left the master and came back before its next check_: no switch, no apply_block safe window',
};
