// FIDELITY S16, S24: the 3.8 notification's wire fields (version, config, frame length) and RecvWorker's frame-length
// check. A port scanner's "GET / HTTP/1.1" on the election port is read as a sid and a bad length: connection closed.
import { describe, expect, it } from 'vitest';
import type { ConnId, Ctx, Input, NodeId, RunResult } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { zabActor } from '../../../protocols/zab/node.ts';
import type { ZabMsg } from '../../../protocols/zab/messages.ts';
import type { ZabNode, ZabNotification } from '../../../protocols/zab/state.ts';
import { DEFAULT_ZAB_OPTIONS } from '../../../protocols/zab/options.ts';
import { PACKETMAXSIZE, configLength, isBadFrameLength, notificationLength } from '../../../protocols/zab/frames.ts';

const scanned = runScenario(loadScenario('zab/election-port-scanned'));
const rejections = (r: RunResult): string[] =>
  r.trace.filter((t) => t.kind === 'log' && t.detail.startsWith('Received packet with invalid packet')).map((t) => `${t.node} ${t.detail}`);

describe('zab: RecvWorker frame length (S24)', () => {
  it('accepts 1..PACKETMAXSIZE only', () => {
    expect([0, -1, PACKETMAXSIZE + 1, 0x5450_2f31].map(isBadFrameLength)).toEqual([true, true, true, true]);
    expect([1, 28, PACKETMAXSIZE].map(isBadFrameLength)).toEqual([false, false, false]);
  });

  it('the scanned servers close the scanner\'s connection; the ensemble is untouched', () => {
    expect(scanned.result.verdict).toBe('pass');
    expect(rejections(scanned.result)).toEqual([
      'n2 Received packet with invalid packet: 1414541105; connection broken for id 5135603447292250000',
      'n3 Received packet with invalid packet: 1414541105; connection broken for id 5135603447292250000',
    ]);
    const finals = scanned.result.finalStates as Record<string, ZabNode>;
    expect(finals['n3']!.cnx.badFrames).toBe(1);
    expect(finals['n1']!.cnx.badFrames).toBe(0);
    expect(Object.keys(finals['n1']!.cnx.scans)).toEqual([]); // both scanner connections closed by the servers
    expect(Object.keys(finals['n3']!.cnx.foreign)).toEqual([]);
  });

  it('without a scanner nothing is rejected', () => {
    const s = loadScenario('zab/election-port-scanned');
    const clean = runScenario({ ...s, options: { ...s.options, portScannerIds: [] } });
    expect(clean.result.verdict).toBe('pass');
    expect(rejections(clean.result)).toEqual([]);
  });
});

/** A Ctx that records calls (no kernel). */
function recordingCtx(): { ctx: Ctx<ZabMsg>; calls: { name: string; args: unknown[] }[] } {
  const calls: { name: string; args: unknown[] }[] = [];
  let id = 1_000_000;
  const ctx = new Proxy({ self: 'n2', nowUs: 5_000_000, prng: { int: () => 0, next: () => 0 } } as unknown as Ctx<ZabMsg>, {
    get(target, prop) {
      if (prop in target) return (target as unknown as Record<string | symbol, unknown>)[prop];
      return (...args: unknown[]) => { calls.push({ name: String(prop), args }); return ++id; };
    },
  });
  return { ctx, calls };
}

describe('zab: 3.8 notification fields (S16)', () => {
  const finals = scanned.result.finalStates as Record<string, ZabNode>;
  const n2 = finals['n2']!;
  const sent = n2.cnx.lastSent['n3']! as ZabNotification;

  it('carry version 2, the static config (version 0) and buildMsg\'s frame length', () => {
    expect(sent.version).toBe(2);
    expect(sent.configVersion).toBe(0);
    expect(sent.configLength).toBe(configLength(DEFAULT_ZAB_OPTIONS));
    expect(sent.len).toBe(44 + sent.configLength);
    expect(sent.len).toBe(notificationLength(DEFAULT_ZAB_OPTIONS));
  });

  const deliver = (msg: ZabMsg): { calls: { name: string; args: unknown[] }[]; s: ZabNode } => {
    const { ctx, calls } = recordingCtx();
    const input: Input<ZabMsg> = { type: 'message', from: 'n3' as NodeId, msg, connId: n2.cnx.conns['n3'] as ConnId };
    return { calls, s: zabActor.handle(n2, input, ctx, DEFAULT_ZAB_OPTIONS, new Set()) };
  };
  const looking: ZabNotification = { ...sent, state: 'LOOKING', electionEpoch: 99, leader: 1 };

  it('a LOOKING peer\'s notification is answered with our vote (the control)', () => {
    expect(deliver(looking).calls.filter((c) => c.name === 'send')).toHaveLength(1);
  });

  it('a short or malformed one is skipped (WorkerReceiver), a bad length closes the peer\'s connection (RecvWorker)', () => {
    expect(deliver({ ...looking, len: 27 }).calls).toEqual([]);
    expect(deliver({ ...looking, configLength: looking.len + 1 }).calls).toEqual([]);
    const bad = deliver({ ...looking, len: PACKETMAXSIZE + 1 });
    expect(bad.calls.map((c) => c.name)).toEqual(['log', 'close']);
    expect(bad.s.cnx.conns['n3']).toBeUndefined();
    expect(bad.s.cnx.badFrames).toBe(n2.cnx.badFrames + 1);
  });
});
