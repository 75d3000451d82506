// The TFS actor: one transition function per node kind (nameserver, heart agent, dataserver, client).
import type { Actor } from '../../sim/index.ts';
import { assert, unreachable, frozenIfRunFreezes } from '../../sim/index.ts';
import type { TfsMsg } from './messages.ts';
import type { TfsState } from './state.ts';
import type { TfsOptions } from './options.ts';
import { bootNs, handleNs } from './ns.ts';
import { bootAgent, handleAgent } from './agent.ts';
import { bootDs, handleDs } from './dataserver.ts';
import { bootClient, handleClient } from './client.ts';

export const tfsActor: Actor<TfsState, TfsMsg, TfsOptions> = {
  boot(node, disk, ctx, opts, bugs) {
    return frozenIfRunFreezes(bootState(node, disk, ctx, opts, bugs));
  },
  handle(s, input, ctx, opts, bugs) {
    return frozenIfRunFreezes(handleState(s, input, ctx, opts, bugs));
  },
};

/** Strict runs (the test suite) get every new state deep-frozen: see cow.ts. */
function bootState(...[node, disk, ctx, opts, bugs]: Parameters<Actor<TfsState, TfsMsg, TfsOptions>['boot']>): TfsState {
  switch (node.kind) {
    case 'nameserver': return bootNs(node.id, disk, ctx, opts, bugs);
    case 'agent': return bootAgent(disk, ctx, opts);
    case 'dataserver': return bootDs(disk, ctx, opts);
    case 'client': return bootClient(ctx);
    default: assert(false, `tfs: unknown node kind ${node.kind}`); return bootClient(ctx);
  }
}

function handleState(...[s, input, ctx, opts, bugs]: Parameters<Actor<TfsState, TfsMsg, TfsOptions>['handle']>): TfsState {
  switch (s.kind) {
    case 'ns': return handleNs(s, input, ctx, opts, bugs);
    case 'agent': return handleAgent(s, input, ctx, opts, bugs);
    case 'ds': return handleDs(s, input, ctx, opts, bugs);
    case 'client': return handleClient(s, input, ctx, opts, bugs);
    default: return unreachable(s);
  }
}
