// The Tair actor: boots and dispatches each node by kind (configserver, dataserver, client).
import type { Actor, BugSet, Ctx, Input } from '../../sim/index.ts';
import { AssertionError, unreachable, frozenIfRunFreezes } from '../../sim/index.ts';
import type { TairMsg } from './messages.ts';
import type { TairOptions } from './options.ts';
import type { CsState, TairState } from './state.ts';
import { isMaster } from './state.ts';
import { copyCs } from './state-copy.ts';
import { bootConfigServer, onStartWaitTimeout } from './cs-start.ts';
import { onBuilderTick, onLoop } from './cs-loop.ts';
import { onCsClientOp, onCsConn, onCsMessage } from './cs-handlers.ts';
import { bootDataserver, handleDataserver } from './dataserver.ts';
import { bootClient, handleClient } from './client.ts';

function handleConfigServer(s: CsState, input: Input<TairMsg>, ctx: Ctx<TairMsg>, o: TairOptions, bugs: BugSet): CsState {
  const self = ctx.self;
  switch (input.type) {
    case 'timer':
      if (input.name === 'loop') return s.phase === 'ready' ? onLoop(s, self, ctx, o, bugs) : s;
      if (input.name === 'builder') return onBuilderTick(s, self, ctx, o, bugs);
      if (input.name === 'start-wait') return onStartWaitTimeout(s, input.data, self, ctx, o);
      return s;
    case 'message': return onCsMessage(s, input.from, input.msg, input.connId, self, ctx, o, bugs);
    case 'conn-opened': case 'conn-closed': return onCsConn(s, input, self, ctx, o);
    case 'client': return onCsClientOp(s, input.reqId, input.op, ctx, o);
    case 'disk-done': return s;
    default: return unreachable(input);
  }
}

/** Bookkeeping for the master-version-monotone invariant: the highest version held while master. */
function trackMasterVersion(s: CsState, self: string): CsState {
  if (!isMaster(s, self) || s.table.version <= s.maxVersionAsMaster) return s;
  const c = copyCs(s);
  c.maxVersionAsMaster = s.table.version;
  return c;
}

export const tairActor: Actor<TairState, TairMsg, TairOptions> = {
  // States are copied on write by hand (cow.ts) and deep-frozen here when the run freezes states (the test suite).
  boot(node, disk, ctx, o, bugs) {
    switch (node.kind) {
      case 'configserver': return frozenIfRunFreezes(trackMasterVersion(bootConfigServer(node.id, disk, ctx, o, bugs), node.id));
      case 'dataserver': return frozenIfRunFreezes(bootDataserver(ctx, o));
      case 'client': return frozenIfRunFreezes(bootClient(ctx, o));
      default: throw new AssertionError(`tair: unknown node kind ${node.kind}`);
    }
  },
  handle(s, input, ctx, o, bugs) {
    switch (s.kind) {
      case 'configserver': return frozenIfRunFreezes(trackMasterVersion(handleConfigServer(s, input, ctx, o, bugs), ctx.self));
      case 'dataserver': return frozenIfRunFreezes(handleDataserver(s, input, ctx.self, ctx, o));
      case 'client': return frozenIfRunFreezes(handleClient(s, input, ctx, o));
      default: return unreachable(s);
    }
  },
};
