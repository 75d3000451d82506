// tail-put-returned and tail-get-returned (the progress checks): a clean run puts a tail key and reads it back after
// the heal; planted slips that pass every other check (clients that fail every put, dataservers that acknowledge
// puts without storing them) fail one of these, and a run whose plan has no tail op is not asked.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { Actor, Ctx, Input, ProtocolModule } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import type { TairState } from '../../../protocols/tair/state.ts';

type P = ProtocolModule<TairState, TairMsg, TairOptions>;
type Handle = Actor<TairState, TairMsg, TairOptions>['handle'];
type PlantedHandle = (real: Handle, ...a: Parameters<Handle>) => TairState;

function planted(handle: PlantedHandle | null, withoutTail = false): P {
  const real = tairProtocol.actor;
  const actor = handle === null ? real : { ...real, handle: (s: TairState, i: Input<TairMsg>, c: Ctx<TairMsg>, o: TairOptions, b: ReadonlySet<string>) => handle(real.handle, s, i, c, o, b) };
  return { ...tairProtocol, actor, liveness: withoutTail ? tairProtocol.liveness.filter((l) => !l.name.startsWith('tail-')) : tairProtocol.liveness };
}

/** Every client fails every put at once (a failed put may or may not have been applied, so the history stays legal). */
const failPuts: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'client' && input.op.type === 'put') { ctx.reply(input.reqId, { ok: false }); return s; }
  return real(s, input, ctx, o, b);
};

/** Dataservers acknowledge a put without storing it (a get then returns nothing: legal for mdb, which may lose data). */
const forgetPuts: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'message' && input.msg.type === 'kv-put' && s.kind === 'dataserver') {
    const next = real(s, input, ctx, o, b);
    return next.kind === 'dataserver' && next !== s ? { ...next, data: s.data } : next;
  }
  return real(s, input, ctx, o, b);
};

const run = (protocol: P, seed: number) => runSimulation({ protocol, seed, faultPhaseUs: 6_000_000, faults: [] });

describe('tair: tail-put-returned and tail-get-returned', () => {
  it('hold on clean runs: a tail put returned ok and a tail get read its value back, after the heal', () => {
    for (const seed of [1, 2]) {
      const r = run(planted(null), seed);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      const tail = r.history.filter((h) => String(h.op['key']).startsWith('tail') && h.callUs > 6_000_000);
      expect(tail.some((h) => h.op.type === 'put' && (h.result as { ok?: boolean }).ok === true)).toBe(true);
      expect(tail.some((h) => h.op.type === 'get' && (h.result as { value?: unknown }).value === h.op['key'])).toBe(true);
      // The plan told the checks at the heal that tail ops were coming: liveness waited for the first get (1.5 s on).
      expect(r.livenessReachedAtUs).toBeGreaterThanOrEqual(7_500_000);
    }
  });

  it('are vacuous in a run whose plan has no tail op (a scenario with its own ops), even with clients failing puts', () => {
    const ops = [{ atUs: 2_000_000, target: 'c1', client: 0, op: { type: 'put', key: 'k1', value: 'v1' } }];
    const r = runSimulation({ protocol: planted(failPuts), seed: 1, faultPhaseUs: 6_000_000, faults: [], workload: ops });
    expect(r.verdict, r.violation?.message).toBe('pass');
  });

  it('clients that fail every put pass every other check, and fail tail-put-returned', () => {
    expect(run(planted(failPuts, true), 1).verdict).toBe('pass');
    const r = run(planted(failPuts), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-put-returned');
    expect(r.violation?.message).toMatch(/no put of a tail<n> key returned ok/);
  });

  it('dataservers that acknowledge puts without storing them pass every other check, and fail tail-get-returned', () => {
    expect(run(planted(forgetPuts, true), 1).verdict).toBe('pass');
    const r = run(planted(forgetPuts), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-get-returned');
    expect(r.violation?.message).toMatch(/no get of a tail<n> key returned the value its put wrote/);
  });
});
