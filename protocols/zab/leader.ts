// Leader: becoming LEADING, discovery (FOLLOWERINFO → epoch → LEADERINFO → ACKEPOCH), NEWLEADER acks, init timeouts.
import type { ConnId, NodeId } from '../../sim/index.ts';
import type { D, Env, Mut } from './env.ts';
import { clearKeys, fresh, own, ownField, deleteKey } from './env.ts';
import { copyElements } from './indexed.ts';
import type { LeaderRole, LearnerHandle } from './state.ts';
import { BUG, has } from './bugs.ts';
import { initLimitUs, isQuorum } from './options.ts';
import { epochOf, makeZxid } from './zxid.ts';
import { FILE, writeEpoch } from './persist.ts';
import { buildTree } from './tree.ts';
import { startLooking, updateElectionVote } from './election.ts';
import { syncLearner } from './leader-sync.ts';
import { startPinging } from './leader-broadcast.ts';
import { forgetConns, learnerConns, sameConnsAs } from './learner-conns.ts';

/** The leader role, writable (copied into the working state on first use), or null when not leading. */
export function leaderRole(d: D): Mut<LeaderRole> | null {
  if (d.role.type !== 'leader') return null;
  const r = own(d.role, copyLeader);
  d.role = r;
  return r;
}

// Written out field by field (creation order) rather than `{ ...x }`: V8 copies a literal of known shape ~3x faster.
const copyLeader = (r: LeaderRole): LeaderRole => ({
  type: r.type, epoch: r.epoch, isEpochDecided: r.isEpochDecided, isEpochAccepted: r.isEpochAccepted, isCurrentEpochSet: r.isCurrentEpochSet,
  isEstablished: r.isEstablished, learners: r.learners, epochAckers: r.epochAckers, newLeaderAckers: r.newLeaderAckers, acks: r.acks,
  pingRound: r.pingRound, pendingSyncs: r.pendingSyncs, counter: r.counter, preparedTree: r.preparedTree, phaseStartUs: r.phaseStartUs,
});
const copyHandle = (l: LearnerHandle): LearnerHandle => ({
  peer: l.peer, isObserver: l.isObserver, acceptedEpoch: l.acceptedEpoch, hasInfo: l.hasInfo, hasLeaderInfo: l.hasLeaderInfo,
  ackEpoch: l.ackEpoch, isSynced: l.isSynced, hasAckedNewLeader: l.hasAckedNewLeader, lastAckUs: l.lastAckUs, pingRound: l.pingRound,
});

/** The leader role to read only (no copy), or null. */
export const leaderOf = (d: D): LeaderRole | null => (d.role.type === 'leader' ? d.role : null);

/** The handle of the learner on `conn`, writable, or undefined if there is none. */
export function learnerOf(r: Mut<LeaderRole>, conn: ConnId | number): Mut<LearnerHandle> | undefined {
  const l = r.learners[conn];
  if (l === undefined) return undefined;
  const w = own(l, copyHandle);
  if (w !== l) {
    const before = r.learners;
    const learners = ownField(r, 'learners', copyElements);
    learners[conn] = w;
    // Same keys (conn was one): connection-id lists asked of the copy are the original's (learner-conns.ts).
    if (learners !== before) sameConnsAs(learners, before);
  }
  return w;
}

export function becomeLeading(d: D, env: Env): void {
  d.state = 'LEADING';
  d.phase = 'DISCOVERY';
  d.gen += 1;
  // ZOOKEEPER-335: before the epoch files, the epoch came from the last zxid.
  const base = has(env.bugs, BUG.epochFromZxid) ? epochOf(d.lastZxid) : d.acceptedEpoch;
  // Created owned (no copy at the first leaderRole), so the role object settleLeader gets is the one setKey noted acks'
  // keys against; clearKeys notes that acks is a new record, not a copy of the previous role's (keyed.ts).
  const r = fresh<LeaderRole>({
    type: 'leader', epoch: base + 1, isEpochDecided: false, isEpochAccepted: false, isCurrentEpochSet: false, isEstablished: false,
    learners: {}, epochAckers: [], newLeaderAckers: [], acks: {}, pingRound: 0, pendingSyncs: [], counter: env.opts.initialZxidCounter,
    preparedTree: {}, phaseStartUs: env.ctx.nowUs,
  });
  clearKeys(r, 'acks');
  d.role = r;
  env.ctx.log(`LEADING, proposing epoch >= ${base + 1}`);
  env.ctx.setTimer('lead-phase', initLimitUs(env.opts), { gen: d.gen });
  checkEpochQuorum(d, env);
}

const participantsWith = (r: LeaderRole, pred: (l: LearnerHandle) => boolean): string[] =>
  Object.values(r.learners).filter((l) => !l.isObserver && pred(l)).map((l) => l.peer);

/**
 * The first connection (ascending id, as Object.keys gives integer keys) whose learner is `peer`. A loop, not a
 * per-call `find` closure: a closure's optimised code is held only weakly, so a warm worker recompiled it after GCs.
 */
function learnerConnOf(r: LeaderRole, peer: NodeId): number | undefined {
  for (const k of Object.keys(r.learners)) {
    const c = Number(k);
    if (r.learners[c]!.peer === peer) return c;
  }
  return undefined;
}

/** FOLLOWERINFO / OBSERVERINFO on a freshly accepted connection. */
export function onFollowerInfo(d: D, env: Env, conn: ConnId, peer: NodeId, acceptedEpoch: number, isObserver: boolean): void {
  const r = leaderRole(d)!;
  const old = learnerConnOf(r, peer);
  if (old !== undefined) { env.ctx.close(old as ConnId); deleteKey(r, 'learners', old); }
  const learners = ownField(r, 'learners', copyElements);
  forgetConns(learners);
  learners[conn] = {
    peer, isObserver, acceptedEpoch, hasInfo: true, hasLeaderInfo: false, ackEpoch: null, isSynced: false, hasAckedNewLeader: false,
    lastAckUs: env.ctx.nowUs, pingRound: 0,
  };
  if (!r.isEpochDecided) {
    // getEpochToPropose: the new epoch is above every accepted epoch we hear of.
    if (acceptedEpoch >= r.epoch) r.epoch = acceptedEpoch + 1;
    checkEpochQuorum(d, env);
  } else if (r.isEpochAccepted) {
    sendLeaderInfo(d, env, conn);
  }
}

function checkEpochQuorum(d: D, env: Env): void {
  const r = leaderRole(d)!;
  if (r.isEpochDecided || !isQuorum(env.opts, [d.id, ...participantsWith(r, (l) => l.hasInfo)])) return;
  r.isEpochDecided = true;
  env.ctx.log(`epoch ${r.epoch} decided`);
  if (has(env.bugs, BUG.epochFromZxid)) return onAcceptedEpochDurable(d, env, r.epoch);
  writeEpoch(env, FILE.acceptedEpoch, r.epoch, { k: 'leader-accepted', gen: d.gen, epoch: r.epoch });
}

export function onAcceptedEpochDurable(d: D, env: Env, epoch: number): void {
  const r = leaderRole(d);
  if (r === null) return;
  d.acceptedEpoch = epoch;
  r.isEpochAccepted = true;
  r.phaseStartUs = env.ctx.nowUs;
  for (const c of learnerConns(r)) sendLeaderInfo(d, env, c as ConnId);
  checkEpochAcks(d, env);
}

function sendLeaderInfo(d: D, env: Env, conn: ConnId): void {
  const r = leaderRole(d)!;
  const l = r.learners[conn];
  if (l === undefined || l.hasLeaderInfo) return;
  learnerOf(r, conn)!.hasLeaderInfo = true;
  env.ctx.send(conn, { type: 'leaderinfo', epoch: r.epoch });
}

export function onAckEpoch(d: D, env: Env, conn: ConnId, currentEpoch: number, lastZxid: number): void {
  const r = leaderRole(d)!;
  const l = r.learners[conn];
  if (l === undefined || l.ackEpoch !== null) return;
  learnerOf(r, conn)!.ackEpoch = { currentEpoch, lastZxid };
  // waitForEpochAck: until the epoch-ack quorum is in, a learner ahead of the leader fails its LearnerHandler
  // ("Follower is ahead of the leader"): that learner is dropped, the leader goes on waiting for a quorum.
  if (!l.isObserver && currentEpoch !== -1 && !r.isCurrentEpochSet) {
    const isAhead = currentEpoch > d.currentEpoch || (currentEpoch === d.currentEpoch && lastZxid > d.lastZxid);
    if (isAhead) {
      env.ctx.anomaly('follower-ahead-of-leader', `${l.peer} (${currentEpoch}, ${lastZxid}) is ahead of the new leader ${d.id}`);
      env.ctx.close(conn);
      deleteKey(r, 'learners', conn);
      return;
    }
    if (!r.epochAckers.includes(l.peer)) ownField(r, 'epochAckers').push(l.peer);
  }
  if (r.isCurrentEpochSet) syncLearner(d, env, conn);
  else checkEpochAcks(d, env);
}

function checkEpochAcks(d: D, env: Env): void {
  const r = leaderRole(d)!;
  if (!r.isEpochAccepted || r.isCurrentEpochSet || !isQuorum(env.opts, [d.id, ...r.epochAckers])) return;
  r.isCurrentEpochSet = true; // set now so a second quorum does not write twice; the file write follows
  if (has(env.bugs, BUG.epochFromZxid)) return onCurrentEpochDurable(d, env, r.epoch);
  writeEpoch(env, FILE.currentEpoch, r.epoch, { k: 'leader-current', gen: d.gen, epoch: r.epoch });
}

export function onCurrentEpochDurable(d: D, env: Env, epoch: number): void {
  const r = leaderRole(d);
  if (r === null) return;
  d.currentEpoch = epoch;
  d.phase = 'SYNCHRONIZATION';
  r.phaseStartUs = env.ctx.nowUs;
  for (const c of learnerConns(r)) {
    if (r.learners[c]!.ackEpoch !== null) syncLearner(d, env, c as ConnId);
  }
  checkNewLeaderQuorum(d, env);
}

/** ACK of NEWLEADER: a quorum of them (leader included) establishes the leader. */
export function onNewLeaderAck(d: D, env: Env, conn: ConnId): void {
  const r = leaderRole(d)!;
  const l = r.learners[conn];
  if (l === undefined || !l.isSynced || l.hasAckedNewLeader) return;
  const w = learnerOf(r, conn)!;
  w.hasAckedNewLeader = true;
  w.lastAckUs = env.ctx.nowUs;
  if (!l.isObserver) ownField(r, 'newLeaderAckers').push(l.peer);
  if (r.isEstablished) env.ctx.send(conn, { type: 'uptodate', committedZxid: committedZxid(d) });
  else checkNewLeaderQuorum(d, env);
}

const committedZxid = (d: D): number => d.history[d.committedCount - 1]?.zxid ?? 0;

/** The leader counts itself once its own history is fsynced (a follower's pending log writes are flushed on shutdown). */
export function checkNewLeaderQuorum(d: D, env: Env): void {
  // Runs after every disk completion: read first, copy the role only when it changes.
  const r0 = leaderOf(d);
  if (r0 === null || r0.isEstablished || d.currentEpoch !== r0.epoch) return;
  const self = d.durableCount >= d.history.length ? [d.id] : [];
  if (!isQuorum(env.opts, [...self, ...r0.newLeaderAckers])) return;
  const r = leaderRole(d)!;
  r.isEstablished = true;
  d.phase = 'BROADCAST';
  // Everything in the new leader's history is committed in its epoch.
  d.committedCount = d.history.length;
  d.tree = buildTree(d.history, d.committedCount);
  r.preparedTree = d.tree;
  updateElectionVote(d, env, r.epoch);
  env.ctx.log(`established as leader of epoch ${r.epoch} with ${[d.id, ...r.newLeaderAckers].join(',')}`);
  for (const c of learnerConns(r)) {
    if (r.learners[c]!.hasAckedNewLeader) env.ctx.send(c as ConnId, { type: 'uptodate', committedZxid: committedZxid(d) });
  }
  startPinging(d, env);
}

/** initLimit for each discovery/sync wait; lazily re-armed. */
export function onPhaseTimer(d: D, env: Env): void {
  const r = leaderRole(d);
  if (r === null || r.isEstablished) return;
  const dueUs = r.phaseStartUs + initLimitUs(env.opts);
  if (env.ctx.nowUs >= dueUs) return startLooking(d, env, 'timeout waiting for a quorum of learners');
  env.ctx.setTimer('lead-phase', dueUs - env.ctx.nowUs, { gen: d.gen });
}

export function onLearnerClosed(d: D, conn: ConnId): void {
  const r = leaderOf(d);
  if (r !== null && r.learners[conn] !== undefined) deleteKey(leaderRole(d)!, 'learners', conn);
}

export const newLeaderZxid = (r: LeaderRole): number => makeZxid(r.epoch, 0);
