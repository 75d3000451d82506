// tail-read-returned's steady-read half: a clean run answers one of every entity's steady reads (k0, every acceptor at
// once, each second) OK; a node that loses another entity's pending command when it takes a new one (the mutation
// sample's env.ts copyCmds → {}) passes every other check, the tail reads included, and fails it.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { Actor, Ctx, Input, ProtocolModule } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { PaxosStoreOptions } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { PsMsg } from '../../../protocols/paxosstore/messages.ts';
import { tailReadReturned } from '../../../protocols/paxosstore/liveness-tail.ts';

type P = ProtocolModule<NodeState, PsMsg, PaxosStoreOptions>;
type Handle = Actor<NodeState, PsMsg, PaxosStoreOptions>['handle'];

/** After a client command is taken, the node's command table keeps only that entity's command (the others are lost). */
const dropOtherCmds: Handle = (s, input, ctx, o, b) => {
  const next = paxosstoreProtocol.actor.handle(s, input, ctx, o, b);
  if (input.type !== 'client' || next.cmds === s.cmds) return next;
  const entity = String(input.op['entity']);
  return { ...next, cmds: next.cmds[entity] === undefined ? {} : { [entity]: next.cmds[entity]! } };
};

/** `withSteady` false: tail-read-returned as it was before, on the tail reads of TAIL_KEY only. */
function protocolWith(handle: Handle, withSteady: boolean): P {
  const before = { ...tailReadReturned, check: (v: Parameters<typeof tailReadReturned.check>[0]) => {
    const m = tailReadReturned.check(v);
    return m !== null && m.includes('steady reads') ? null : m;
  } };
  const liveness = paxosstoreProtocol.liveness.map((l) => (l.name === tailReadReturned.name && !withSteady ? before : l));
  return { ...paxosstoreProtocol, actor: { boot: paxosstoreProtocol.actor.boot, handle }, liveness };
}

const run = (protocol: P, seed: number) => runSimulation({ protocol, seed, options: { ...FUZZ_OPTIONS }, faultPhaseUs: 2_000_000, faults: [] });
const steadyOk = (r: ReturnType<typeof run>, entity: string) =>
  r.history.some((h) => h.client >= 100 && h.client < 200 && h.op['entity'] === entity && h.outcome === 'ok' && (h.result as { ok: boolean }).ok);

describe('paxosstore: tail-read-returned, steady reads', () => {
  it('holds on clean runs: a steady read of every entity is answered OK', () => {
    for (const seed of [1, 2]) {
      const r = run(protocolWith(paxosstoreProtocol.actor.handle, true), seed);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(steadyOk(r, 'e0') && steadyOk(r, 'e1')).toBe(true);
    }
  });

  it('a node that loses the other entities\' pending commands passes without the steady half and fails with it', () => {
    expect(run(protocolWith(dropOtherCmds, false), 1).verdict).toBe('pass');
    const r = run(protocolWith(dropOtherCmds, true), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-read-returned');
    expect(r.violation?.message).toMatch(/e0: none of the steady reads of k0/);
  });
});
