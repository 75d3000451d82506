// Carrying out a handler's recorded effects, in the order it recorded them.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { Effect } from './ctx.ts';
import { dial, sendOnConnection, sendDatagram, closeFrom, breakConnectionsTo } from './netops.ts';
import { scheduleTimer } from './timers.ts';
import { recordReply } from './clients.ts';
import { unreachable } from './assert.ts';
import { exitProcess } from './exit.ts';
import { matchDisk, matchSend } from './triggers.ts';
import type { ConnId, Message } from './types.ts';
import { countAnomaly } from './anomaly-names.ts';

/** Send and disk triggers, checked only when some are armed. Returns false when a fault took the node down. */
function afterSend(w: World, n: NodeRec, msg: Message, peer: string | null, incarnation: number): boolean {
  if (peer !== null) matchSend(w, w.triggers!.send, n.id, msg.type, peer);
  return n.isUp && n.incarnation === incarnation;
}

function connectionPeer(w: World, n: NodeRec, e: { readonly connId: ConnId }): string | null {
  const c = w.net.connections.get(e.connId);
  return c === undefined || c.state !== 'open' ? null : c.a === n.id ? c.b : c.a;
}

export function applyEffects(w: World, n: NodeRec, effects: readonly Effect[], count: number): void {
  const t = w.triggers;
  const incarnation = n.incarnation;
  for (let i = 0; i < count; i++) {
    const e = effects[i]!;
    // Cases in about the order of how often they come (a switch on strings tests them one after another).
    switch (e.k) {
      case 'send': {
        if (t === null || t.send.all.length === 0) { sendOnConnection(w, n, e.connId, e.msg); break; }
        // A crash applied here stops the rest of this node's effects: the node is down.
        const peer = connectionPeer(w, n, e);
        sendOnConnection(w, n, e.connId, e.msg);
        if (!afterSend(w, n, e.msg, peer, incarnation)) return;
        break;
      }
      case 'set-timer': {
        const clock = n.clock;
        e.deadlineLocalUs = clock.localAt(w.nowUs) + e.delayUs;
        n.timers.add(e);
        // An undrifted clock (nearly every run): globalWhen would give now + delayUs; skip its second localAt.
        if (clock.drift === 0) w.scheduleTimer(w.nowUs + e.delayUs, n, e);
        else scheduleTimer(w, n, e);
        break;
      }
      case 'cancel-timer': n.timers.cancel(e.timerId); break;
      case 'connect': dial(w, n, e.connId, e.address); break;
      case 'close': closeFrom(w, n, e.connId); break;
      case 'datagram': {
        sendDatagram(w, n, e.to, e.msg);
        if (t !== null && t.send.all.length > 0 && !afterSend(w, n, e.msg, w.net.resolve(e.to, w.isNode), incarnation)) return;
        break;
      }
      case 'disk': {
        if (t !== null && t.diskBefore.length > 0) {
          // Edge 'before': the node issued the op; a crash now means it never happens.
          matchDisk(w, t.diskBefore, n.id, e.op, e.file);
          if (!n.isUp || n.incarnation !== incarnation) return;
        }
        const d = n.storage;
        const l = e.op === 'fsync' ? w.diskOpts.fsyncLatency : w.diskOpts.latency;
        const factor = d.slowUntilUs > w.nowUs ? d.slowFactor : 1;
        const at = Math.max(w.nowUs + w.diskPrng.range(l.minUs, l.maxUs) * factor, d.lastCompletionUs);
        d.lastCompletionUs = at;
        if (e.mutation?.kind === 'append') n.inflightAppends.set(e.opId, { file: e.file, record: e.mutation.record });
        w.schedule(at, n, { kind: 'disk', opId: e.opId, op: e.op, file: e.file, mutation: e.mutation, tag: e.tag });
        break;
      }
      case 'reply': recordReply(w, n, e.reqId, e.result); break;
      case 'bind-alias': {
        const old = w.net.bindAlias(e.alias, e.node);
        if (old !== e.node) {
          w.record('fault', n.id, `alias ${e.alias}: ${old ?? 'unbound'} -> ${e.node ?? 'unbound'}`);
          breakConnectionsTo(w, e.alias, 'alias-moved');
        }
        break;
      }
      case 'log': w.record('log', n.id, e.text); break;
      case 'anomaly':
        countAnomaly(w, e.name);
        w.record('anomaly', n.id, `${e.name}: ${e.detail}`);
        break;
      // The process is gone: nothing it recorded after the exit happens.
      case 'exit': exitProcess(w, n, e); return;
      default: unreachable(e);
    }
  }
}
