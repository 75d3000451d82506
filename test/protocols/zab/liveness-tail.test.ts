// tail-write-committed and tail-read-returned (the progress checks): a clean run commits a tail write everywhere and
// reads one back with a sync-get; planted slips (servers that refuse every write, learners that never apply a COMMIT,
// servers that never answer a sync-get) pass every other check and fail one of these.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { Actor, Ctx, Input, ProtocolModule } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabMsg, ZabNode, ZabOptions } from '../../../protocols/zab/index.ts';
import { isWriteOp } from '../../../protocols/zab/tree.ts';

type P = ProtocolModule<ZabNode, ZabMsg, ZabOptions>;
type Handle = Actor<ZabNode, ZabMsg, ZabOptions>['handle'];
type PlantedHandle = (real: Handle, ...a: Parameters<Handle>) => ZabNode;

function planted(handle: PlantedHandle | null, withoutTail = false): P {
  const real = zabProtocol.actor;
  const actor = handle === null ? real : { boot: real.boot, handle: (s: ZabNode, i: Input<ZabMsg>, c: Ctx<ZabMsg>, o: ZabOptions, b: ReadonlySet<string>) => handle(real.handle, s, i, c, o, b) };
  return { ...zabProtocol, actor, liveness: withoutTail ? zabProtocol.liveness.filter((l) => !l.name.startsWith('tail-')) : zabProtocol.liveness };
}

/** Every server refuses client writes as if it were not serving (a refusal has no effect, so the history stays legal). */
const refuseWrites: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'client' && isWriteOp(input.op)) { ctx.reply(input.reqId, { ok: false, err: 'not-serving' }); return s; }
  return real(s, input, ctx, o, b);
};

/** Learners never apply a COMMIT (the leader commits; its followers' trees never move). */
const deafToCommit: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'message' && input.msg.type === 'commit') return s;
  return real(s, input, ctx, o, b);
};

/** Every server takes a client sync-get and forgets it (never answered: the client times out, a legal outcome). */
const forgetSyncGets: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (input.type === 'client' && input.op.type === 'sync-get') return s;
  return real(s, input, ctx, o, b);
};

const run = (protocol: P, seed: number) => runSimulation({ protocol, seed, faultPhaseUs: 4_000_000, faults: [] });

describe('zab: tail-write-committed', () => {
  it('holds on clean runs: the leader and its synced servers applied a tail write', () => {
    for (const seed of [1, 2]) {
      const r = run(planted(null), seed);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      const trees = Object.values(r.finalStates as Record<string, ZabNode | null>).map((s) => Object.keys(s!.tree));
      expect(trees.every((t) => t.some((p) => p.startsWith('/tail')))).toBe(true);
      // The read half, in the client history: a tail sync-get returned the value its create wrote.
      expect(r.history.some((h) => h.op.type === 'sync-get' && h.outcome === 'ok' && (h.result as { value?: unknown }).value === Number(String(h.op['path']).slice(5)))).toBe(true);
      // The plan told the checks at the heal that tail ops were coming: liveness waited for the first create (1 s on).
      expect(r.livenessReachedAtUs).toBeGreaterThan(5_000_000);
    }
  });

  it('are vacuous in a run whose plan has no tail op (a scenario with its own ops), even with servers refusing writes', () => {
    const ops = [{ atUs: 600_000, target: 'n1', client: 0, op: { type: 'create', path: '/a', value: 1 } }];
    const r = runSimulation({ protocol: planted(refuseWrites), seed: 1, faultPhaseUs: 4_000_000, faults: [], workload: ops });
    expect(r.verdict, r.violation?.message).toBe('pass');
  });

  it('servers that never answer a sync-get pass every other check (writes commit), and fail tail-read-returned', () => {
    expect(run(planted(forgetSyncGets, true), 1).verdict).toBe('pass');
    const r = run(planted(forgetSyncGets), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-read-returned');
    expect(r.violation?.message).toMatch(/no sync-get of a \/tail<n> returned its created value/);
  });

  it('servers that refuse every write pass every other check, and fail this one', () => {
    expect(run(planted(refuseWrites, true), 1).verdict).toBe('pass');
    const r = run(planted(refuseWrites), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-write-committed');
    expect(r.violation?.message).toMatch(/applied no tail write/);
  });

  it('learners that never apply a COMMIT fail it (the leader applied the write, its followers did not)', () => {
    const r = run(planted(deafToCommit), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-write-committed');
    expect(r.violation?.message).toMatch(/\(synced with n\d\) applied no tail write/);
  });
});
