// links-to-nodes (twelfth session, for the survivor cs-common.ts:66 pushGroupFile `if (to === null) return s` →
// `if (false)`): a planted slip that pushes a reloaded group.conf to the slave named `null` when the slave is DOWN
// (what the mutant does) passes every other check and fails this one on a fuzz seed; the clean protocol passes it.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { Actor, Input, NodeView, ProtocolModule, View } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { isMaster } from '../../../protocols/tair/state.ts';
import { pushGroupFile, slaveId } from '../../../protocols/tair/cs-common.ts';
import { linksToNodes } from '../../../protocols/tair/links-invariant.ts';

type P = ProtocolModule<TairState, TairMsg, TairOptions>;

/** A master's loop that reloaded group.conf with no ALIVE slave also pushes it, to the peer `null`. */
const pushesToNull = (withCheck: boolean): P => ({
  ...tairProtocol,
  invariants: withCheck ? tairProtocol.invariants : tairProtocol.invariants.filter((x) => x.name !== 'links-to-nodes'),
  actor: {
    ...tairProtocol.actor,
    handle: (s: TairState, i: Input<TairMsg>, c, o, b) => {
      const next = tairProtocol.actor.handle(s, i, c, o, b);
      if (s.kind !== 'configserver' || next.kind !== 'configserver' || i.type !== 'timer' || i.name !== 'loop') return next;
      const isReload = next.configVersionFromFile !== s.configVersionFromFile;
      return isReload && isMaster(next, c.self) && slaveId(next, c.self) === null ? pushGroupFile(next, String(null), c) : next;
    },
  } as Actor<TairState, TairMsg, TairOptions>,
});

const view = (nodes: readonly NodeView<TairState>[]): View<TairState> => ({ nodes } as unknown as View<TairState>);
const cs = (id: string, links: Record<string, unknown>): NodeView<TairState> =>
  ({ id, kind: 'configserver', isUp: true, isPaused: false, incarnation: 1, state: { kind: 'configserver', links } } as unknown as NodeView<TairState>);

describe('tair: links-to-nodes', () => {
  it('judges a state: links to nodes of the run pass, a link to a name that is no node fails', () => {
    const link = { connId: 1, isOpen: false, queue: [] };
    expect(linksToNodes.check(view([cs('cs0', { cs1: link }), cs('cs1', {})]))).toBeNull();
    expect(linksToNodes.check(view([cs('cs0', { null: link }), cs('cs1', {})]))).toMatch(/cs0 holds a link to null, which is no node of the run/);
  });

  it('a master pushing group.conf to `null` with its slave DOWN passes every other check and fails on seed 11; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 11 }).verdict).toBe('pass');
    expect(runFuzzSeed({ protocol: pushesToNull(false), seed: 11 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: pushesToNull(true), seed: 11 });
    expect(r.violation?.name).toBe('links-to-nodes');
  });
});
