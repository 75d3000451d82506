// Every design-permitted anomaly the PaxosStore nodes (ctx.anomaly) can count, with one line each; the anomaly probes
// declare their own. The kernel refuses a run that counts a name not listed, and a scenario's `expect` naming an
// unknown anomaly is bad input (a typo must not read as "the hazard never happened").
export const PAXOSSTORE_ANOMALIES: Readonly<Record<string, string>> = {
  'write-failed-maybe-chosen': 'a write pending when its entity starts GetAllAndSet is answered GetAllPending although its entry may be chosen with its value',
  'recovery-db-moved-back': "GetAllAndSet took a source behind us: its DB and committed entry replaced ours (DBImpl.cpp takes the first source that answers)",
  'probe-uuid-reused-after-fast-restart': "an empty answer to a read probe of this node's previous incarnation, booted in the same second (the same uuid: Certain's generator, probe-uuid.ts), counted toward a read of this incarnation",
  'read-answered-via-reused-probe-uuid': "a check-empty read answered OK on a majority that needed such an answer (it may miss a write acknowledged before it; the linearizability check excuses that reply)",
};
