// Handling one popped event: stale and paused checks, then the actor's handler and its effects.
import type { World } from './world.ts';
import type { KEvent, BodyOf } from './events.ts';
import type { NodeRec } from './node.ts';
import type { Input, Message } from './types.ts';
import { NodeCtx } from './ctx.ts';
import { applyEffects } from './effects.ts';
import { establish } from './netops.ts';
import { applyFault } from './faults.ts';
import { issueClientOp, timeoutClientOp } from './clients.ts';
import { unreachable } from './assert.ts';
import type { Mutation } from './disk.ts';
import { matchDisk, matchReceive } from './triggers.ts';

function ctxOf(w: World, n: NodeRec): NodeCtx {
  if (n.ctx === null) n.ctx = new NodeCtx(w, n);
  return n.ctx as NodeCtx;
}

function runHandler(w: World, n: NodeRec, input: Input<Message> | null): void {
  const ctx = ctxOf(w, n);
  ctx.effectCount = 0; // a handler that threw left its effects unapplied: drop them
  const actor = w.protocol.actor;
  n.state = input === null ? actor.boot({ id: n.id, kind: n.kind }, n.storage.contents(), ctx, w.opts, w.bugs) : actor.handle(n.state, input, ctx, w.opts, w.bugs);
  // Effects never re-enter a handler, so the same buffer serves every event of this node.
  const count = ctx.effectCount;
  ctx.effectCount = 0;
  applyEffects(w, n, ctx.effects, count);
}

function applyMutation(n: NodeRec, file: string, m: Mutation | null, op: string): void {
  if (m !== null) n.storage.mutate(file, m);
  else if (op === 'fsync') n.storage.fsync(file);
}

/**
 * Did a fault applied by a trigger take the node out before its handler? Down: the event is lost. Paused: the event
 * waits (already matched and applied) and its handler runs on resume.
 */
function isInterrupted(n: NodeRec, ev: KEvent, incarnation: number): boolean {
  if (!n.isUp || n.incarnation !== incarnation) return true;
  if (n.isPaused) { n.deferred.push(ev); return true; }
  return false;
}

/**
 * Returns true when the event changed some state (so invariants must run). An event the handler ran for (a timer, or a
 * delivery no trigger can defer) becomes World.spareEvent: the caller must not read `ev` after this returns.
 */
export function dispatch(w: World, ev: KEvent): boolean {
  // Switch on ev.kind (one shape) and cast the body per case: reading kind off the many body shapes is megamorphic.
  const kind = ev.kind;
  const n = ev.node;
  if (n === null) {
    switch (kind) {
      case 'fault': {
        const f = ev.body as BodyOf<'fault'>;
        if (f.isTriggered === true && w.phase !== 'faults') {
          w.record('fault', null, `${f.step.kind}: skipped (a triggered step due after the fault phase)`);
          return false;
        }
        applyFault(w, f.step, f.isUndo === true, f.blocker);
        return true;
      }
      case 'client': issueClientOp(w, (ev.body as BodyOf<'client'>).op); return true;
      case 'client-timeout': timeoutClientOp(w, (ev.body as BodyOf<'client-timeout'>).reqId); return true;
      case 'phase-end': case 'deadline': return false; // handled by the run loop
      default: throw new Error(`world event ${kind} with no node`);
    }
  }
  if (kind === 'conn-establish' && !n.isUp) {
    // The SYN reaches a dead node: the initiator is refused.
    const conn = w.net.connections.get((ev.body as BodyOf<'conn-establish'>).connId);
    if (conn !== undefined) establish(w, conn, n);
    return false;
  }
  if (kind !== 'conn-establish' && (!n.isUp || (ev.incarnation !== -1 && ev.incarnation !== n.incarnation))) {
    if (kind === 'deliver') {
      const d = ev.body as BodyOf<'deliver'>;
      w.drop('node-down', d.from, n.id, d.msg.type, d.sentAtUs);
    }
    return false;
  }
  if (n.isPaused) {
    n.deferred.push(ev);
    return false;
  }
  if (n.state === undefined && kind !== 'boot') {
    // Restarted at this very instant, its boot event still queued behind events due at the same time (a restart at the
    // heal, or one scheduled for the instant a datagram lands): the process is not listening yet, so what arrives is
    // lost, as a datagram to a port nobody has bound (a node paused before its boot ran keeps everything in order in
    // `deferred` above, the boot first). Only datagrams can get here (other node events carry the
    // incarnation they were meant for); the handler must never see a state the boot has not produced.
    if (kind === 'deliver') {
      const d = ev.body as BodyOf<'deliver'>;
      w.drop('node-booting', d.from, n.id, d.msg.type, d.sentAtUs);
    }
    return false;
  }
  switch (kind) {
    case 'boot':
      w.record('boot', n.id, `incarnation ${n.incarnation}`);
      runHandler(w, n, null);
      return true;
    case 'deliver': {
      const b = ev.body as BodyOf<'deliver'>;
      const t = w.triggers;
      // Consumed unless a receive trigger may defer it below (isInterrupted): its object is the next event's.
      if (ev.isTriggerSeen || t === null || t.receiveBefore.all.length === 0) w.spareEvent = ev;
      if (ev.isTriggerSeen) {
        // Delivered before a trigger paused the node: the handler runs now, on resume.
        runHandler(w, n, { type: 'message', from: b.from, msg: b.msg, connId: b.connId });
        return true;
      }
      if (b.connId !== null) {
        const conn = w.net.connections.get(b.connId);
        if (conn === undefined || (conn.state !== 'open' && conn.closedBy !== b.from)) {
          w.drop('connection-broken', b.from, n.id, b.msg.type, b.sentAtUs);
          return false;
        }
      } else if (w.net.isBlocked(b.from, n.id)) {
        w.drop('partition', b.from, n.id, b.msg.type, b.sentAtUs);
        return false;
      }
      w.stats.messagesDelivered++;
      w.recordMessage(n.id, b.msg, b.from, b.msg.type, b.sentAtUs);
      const incarnation = n.incarnation;
      if (t !== null && t.receiveBefore.all.length > 0) {
        ev.isTriggerSeen = true;
        matchReceive(w, t.receiveBefore, n.id, b.msg.type, b.from);
        if (isInterrupted(n, ev, incarnation)) return true;
      }
      runHandler(w, n, { type: 'message', from: b.from, msg: b.msg, connId: b.connId });
      if (t !== null && t.receiveAfter.all.length > 0 && n.isUp && n.incarnation === incarnation) matchReceive(w, t.receiveAfter, n.id, b.msg.type, b.from);
      return true;
    }
    case 'conn-establish': {
      const b = ev.body as BodyOf<'conn-establish'>;
      const conn = w.net.connections.get(b.connId);
      if (conn === undefined || !establish(w, conn, n)) return false;
      w.record('conn-opened', n.id, `conn ${b.connId} from ${conn.a}`, conn.a);
      runHandler(w, n, { type: 'conn-opened', connId: b.connId, peer: conn.a, isInitiator: false, address: conn.address });
      return true;
    }
    case 'conn-opened': {
      const b = ev.body as BodyOf<'conn-opened'>;
      const conn = w.net.connections.get(b.connId);
      if (conn === undefined || conn.state !== 'open') return false;
      w.record('conn-opened', n.id, `conn ${b.connId} to ${conn.b}`, conn.b);
      runHandler(w, n, { type: 'conn-opened', connId: b.connId, peer: conn.b, isInitiator: true, address: conn.address });
      return true;
    }
    case 'conn-closed': {
      const b = ev.body as BodyOf<'conn-closed'>;
      if (b.reason === 'closed-by-peer') w.net.connections.delete(b.connId); // the FIN arrived: nothing more can
      w.record('conn-closed', n.id, `conn ${b.connId} with ${b.peer}: ${b.reason}`);
      runHandler(w, n, { type: 'conn-closed', connId: b.connId, peer: b.peer, reason: b.reason });
      return true;
    }
    case 'timer': {
      const t = ev.body as BodyOf<'timer'>;
      w.spareEvent = ev; // consumed: its object is the next event's (a re-armed timer's, most often)
      if (!t.isLive) return false; // cancelled, or re-scheduled after a clock change
      n.timers.retire(t);
      w.record('timer', n.id, t.name);
      runHandler(w, n, t);
      return true;
    }
    case 'disk': {
      const b = ev.body as BodyOf<'disk'>;
      n.inflightAppends.delete(b.opId);
      const t = w.triggers;
      const incarnation = n.incarnation;
      if (!ev.isTriggerSeen) {
        applyMutation(n, b.file, b.mutation, b.op);
        w.record('disk-done', n.id, w.diskDoneTexts.text(b.op, b.file));
        if (t !== null && t.diskAfter.length > 0) {
          // Edge 'after': the op is done, the node's handler has not heard of it yet.
          ev.isTriggerSeen = true;
          matchDisk(w, t.diskAfter, n.id, b.op, b.file);
          if (isInterrupted(n, ev, incarnation)) return true;
        }
      }
      const records = b.op === 'read' ? n.storage.read(b.file) : null;
      runHandler(w, n, { type: 'disk-done', opId: b.opId, op: b.op, file: b.file, records, tag: b.tag });
      return true;
    }
    case 'client-deliver': {
      const b = ev.body as BodyOf<'client-deliver'>;
      const h = w.historyById.get(b.reqId);
      if (h === undefined) return false;
      runHandler(w, n, { type: 'client', reqId: b.reqId, op: h.op });
      return true;
    }
    case 'fault': case 'client': case 'client-timeout': case 'phase-end': case 'deadline':
      throw new Error(`node event of world kind ${kind}`);
    default:
      return unreachable(kind);
  }
}
