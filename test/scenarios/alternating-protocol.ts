// Test-only protocol for hash-on-failure.test.ts, registered in workers through REPLISIM_TEST_PROTOCOLS: the register
// with an invariant that breaks on every other run a thread makes, so a failing seed's re-run in the same worker passes
// (a planted disagreement between a plain campaign's unhashed run and its hashed re-run).
import type { Actor, ProtocolModule } from '../../sim/index.ts';
import { registerProtocol, type RegMsg, type RegOptions, type RegState } from '../support/register.ts';

let runs = 0;
const base = registerProtocol.actor;

const actor: Actor<RegState, RegMsg, RegOptions> = {
  boot(node, disk, ctx, opts, bugs) {
    // n1's boot at time 0 starts a run (restarts come later); timed faults only, so no catalog recording run boots it.
    if (node.id === 'n1' && ctx.nowUs === 0) runs++;
    return base.boot(node, disk, ctx, opts, bugs);
  },
  handle: base.handle,
};

export const alternatingProtocol: ProtocolModule<RegState, RegMsg, RegOptions> = {
  ...registerProtocol,
  name: 'alternating',
  description: 'test-only register whose odd-numbered runs in a thread break an invariant',
  actor,
  invariants: [...registerProtocol.invariants, { name: 'even-run', description: 'this thread\'s run count is even', check: () => (runs % 2 === 1 ? `run ${runs} of this thread` : null) }],
};

export const testProtocols: readonly ProtocolModule[] = [alternatingProtocol as unknown as ProtocolModule];
