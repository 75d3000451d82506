// Probes that show a fidelity-audit branch ran (issue 16): each names the real Certain behaviour it witnesses.
import type { Probe } from '../../sim/index.ts';
import type { NodeState } from './state.ts';

const anyNode = (description: string, pick: (s: NodeState) => boolean): Probe<NodeState> => ({
  description,
  check: (view) => (view.nodes.some((n) => n.state !== undefined && pick(n.state)) ? null : `no node: ${description}`),
});

export const fidelityProbes: Readonly<Record<string, Probe<NodeState>>> = {
  // S18: only a crash between GetAllAndSet's step 1 (flag) and step 2 (clear) leaves a flagged DB that still holds
  // KVs with no recovery running (a running one holds them only until its clear; an abort comes after a re-clear).
  'recover-flag-uncleared': anyNode(
    'some entity holds a DB with the recover flag set and its KVs not cleared, no GetAllAndSet running (a crash between steps 1 and 2)',
    (s) => Object.entries(s.entities).some(([e, ent]) => ent.isRecoverFlag && Object.keys(ent.db.kv).length > 0 && s.recoveries[e] === undefined),
  ),
  // S11: the catch-up worker polls an empty queue (SmartSleep 200 µs doubling to 1 ms), so a command arriving at an
  // idle worker waits for the next poll instead of being taken at once.
  'catchup-idle-polled': anyNode(
    'some catch-up command arrived at an idle worker and waited for its next SmartSleep poll',
    (s) => s.catchup.idlePollWaits > 0,
  ),
  // P6: the PlogWorker wrote several records in one batch (group commit, max_plog_batch_size 20).
  'plog-group-commit': anyNode(
    'some PlogWorker wrote more than one record in one batch (group commit)',
    (s) => s.plogWriter.maxBatch > 1,
  ),
  // P7 (isPreAuthEnabled): an entry chosen at a number ≤ n. A prepare always takes a ballot above n (nextBallot), so
  // only a pre-auth proposal (the reserved idx + 1, accepted at once with no prepare) can have been chosen there.
  'pre-auth-chosen': anyNode(
    'some entry was chosen at a pre-auth number (≤ acceptor count): proposed and accepted with no prepare round',
    (s) => Object.values(s.entities).some((ent) => Object.values(ent.entries).some((e) => {
      const r = e.records[s.idx]!;
      return r.isChosen && r.accepted > 0 && r.accepted <= s.n;
    })),
  ),
  // P8 (writeRejectLeaseUs): a client command was answered lease-reject because a competing proposer reached us lately.
  'lease-rejected': anyNode('some client write was answered lease-reject (2017 write-rejection lease)', (s) => s.leaseRejects > 0),
  // S27 (getAllRspQueueMax / getAllRspServiceUs): a GetAllAndSet's answer found the entity worker's queue full and was
  // handed in again 10 ms later.
  'getall-rsp-requeued': anyNode('some GetAllAndSet answer found the GetAllRsp queue full and was re-queued 10 ms later', (s) => s.getAllRsp.requeued > 0),
};
