// tail-write-committed (the progress check): a clean run commits a tail write everywhere; planted slips (servers that
// refuse every write, learners that never apply a COMMIT) pass every other check and fail this one.
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

const run = (protocol: P, seed: number) => runSimulation({ protocol, seed, faultPhaseUs: 4_000_000, faults: [] });

describe('zab: tail-write-committed', () => {
  it('holds on clean runs: the leader and its synced servers applied a tail write', () => {
    for (const seed of [1, 2]) {
      const r = run(planted(null), seed);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      const trees = Object.values(r.finalStates as Record<string, ZabNode | null>).map((s) => Object.keys(s!.tree));
      expect(trees.every((t) => t.some((p) => p.startsWith('/tail')))).toBe(true);
    }
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
