// Injectable bugs (read by the actor through the BugSet), each naming what catches it.
import type { BugFlag } from '../../sim/index.ts';

export const bugs: readonly BugFlag[] = [
  { id: 'paxosstore/tpaxos-ap-guard', description: 'Accept allowed after a higher promise since the prepare quorum (TPaxosAP counterexample, found by TLA+)', breaks: 'one-chosen-value' },
  { id: 'paxosstore/stale-accept-served-as-chosen', description: 'catch-up below MaxContChosenEntry answered from the PLog with any accepted record marked chosen; recovery keeps stale PLog entries (H-PS-1)', breaks: 'one-chosen-value' },
  { id: 'paxosstore/ack-before-durable', description: 'PLog written without fsync and broadcast at once (sync=false): a machine crash forgets promises and accepts peers saw', breaks: 'one-chosen-value' },
  { id: 'paxosstore/catchup-regress', description: 'HandleRecoverRspCmd assigns the source\'s committed entry to the progress counters instead of raising them (UpdateIfLessThan), and takes any source even with isRecoverSourceBehindSkipped', breaks: 'progress-ordered' },
  { id: 'paxosstore/check-empty-counts-nonempty', description: 'the read probe counts a non-empty answer as empty', breaks: 'linearizability' },
  { id: 'paxosstore/read-without-check-empty', description: 'reads answer from the local DB right after EntityCatchUp, with no check-empty probe', breaks: 'linearizability' },
  { id: 'paxosstore/read-during-recovery', description: 'reads are served from the DB while GetAllAndSet has it cleared and half refilled', breaks: 'linearizability' },
  { id: 'paxosstore/trust-damaged-plog', description: 'at boot, PLog records failing their CRC are skipped and the rest trusted (no amnesia fence): a lost accept lets the node vote for another value', breaks: 'one-chosen-value' },
  { id: 'paxosstore/catchup-no-rate-limit', description: 'the catch-up worker sends everything at once, ignoring its byte and count budget', breaks: 'catchup-within-budget' },
];
