// The permitted anomaly `sync-read-from-deposed-leader`: a sync-get answered through a leader a newer quorum replaced.
//
// ZooKeeper 3.8's Leader.processSync answers a SYNC once the proposals before it committed; it never asks whether this
// leader still leads. A leader cut off from its followers keeps leading until its next tick finds too few synced
// followers (syncLimit), and a paused one until it resumes and ticks; meanwhile the others elect a new leader and commit
// writes, and a sync+read answered by the old leader (or by a learner still following it) misses them. The answering
// server cannot know, so the check is here, on the run's view at the reply (Workload.excuse, sim/reply-excuse.ts).
// Narrow: only a sync-get, and only when the epoch the answering server serves in is older than an epoch a quorum of
// participants has already taken as currentEpoch (a quorum took it at NEWLEADER: that epoch is established, and no
// write of the old epoch can commit any more). A sync-get answered in the newest established epoch is checked as usual.
import type { ClientOp, NodeId, NodeView, View } from '../../sim/index.ts';
import { isRecordIntact } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import type { ZabOptions } from './options.ts';
import { participantIds, quorumSize } from './options.ts';
import { FILE } from './persist.ts';

export const SYNC_READ_FROM_DEPOSED_LEADER = 'sync-read-from-deposed-leader';

/** The epoch a server answers in: its leader's (LEADING: its own) epoch; null when it serves no epoch. */
export function servingEpoch(d: ZabNode): number | null {
  if (d.role.type === 'leader') return d.role.isEstablished ? d.role.epoch : null;
  if (d.role.type === 'learner') return d.role.step === 'uptodate' ? d.role.newEpoch : null;
  return null;
}

/** currentEpoch of a participant: in memory while up, else what its currentEpoch file holds. */
function currentEpochOf(n: NodeView<ZabNode>): number {
  if (n.state !== undefined) return n.state.currentEpoch;
  const recs = n.disk.get(FILE.currentEpoch) ?? [];
  const last = recs[recs.length - 1];
  return last !== undefined && isRecordIntact(last) && typeof last.data === 'number' ? last.data : -1;
}

/** The newest epoch a quorum of participants holds as currentEpoch (each member's epoch is at least this), or -1. */
export function establishedEpoch(view: View<ZabNode>, o: ZabOptions): number {
  const ids = participantIds(o);
  const epochs: number[] = [];
  for (let i = 0; i < ids.length; i++) epochs.push(currentEpochOf(view.node(ids[i]!)));
  return quorumEpoch(epochs, quorumSize(o));
}

/**
 * The largest epoch that at least `need` of `epochs` reach: the need-th largest, or -1 when there are fewer. Counted
 * out rather than sorted (a sync-get's reply asks, and a sort of tagged records cost a zab seed ~1 %): the participants
 * are distinct, so isQuorum holds for a set of them exactly when it has `need` members, and the first prefix of the
 * epochs sorted newest first that is a quorum ends at the need-th largest.
 */
export function quorumEpoch(epochs: readonly number[], need: number): number {
  if (need < 1 || epochs.length < need) return -1;
  let best = -Infinity;
  for (let i = 0; i < epochs.length; i++) {
    const e = epochs[i]!;
    if (!(e > best)) continue;
    let reach = 0;
    for (let j = 0; j < epochs.length; j++) if (epochs[j]! >= e) reach++;
    if (reach >= need) best = e;
  }
  return best;
}

/** Workload.excuse: a sync-get answered in an epoch older than the established one is the permitted anomaly. */
export function excuseSyncRead(view: View<ZabNode>, node: NodeId, op: ClientOp, result: unknown, o: ZabOptions): { anomaly: string; detail: string } | null {
  if (op.type !== 'sync-get') return null;
  const d = view.node(node).state;
  const served = d === undefined ? null : servingEpoch(d);
  if (served === null) return null;
  const established = establishedEpoch(view, o);
  if (served >= established) return null;
  const via = d!.role.type === 'leader' ? 'as leader' : `following ${(d!.role as { leader: string }).leader}`;
  return { anomaly: SYNC_READ_FROM_DEPOSED_LEADER, detail: `${node} answered ${JSON.stringify(result)} ${via} in epoch ${served}; a quorum has taken epoch ${established}` };
}
