// tail-follower-sync-returned: a clean run answers a tail sync-get issued at a follower (SYNC through the leader); a
// planted slip (learners drop the leader's SYNC answer: mutant node.ts `case 'sync'` of the seventh session's sample)
// passes every other check, tail-read-returned included (sync-gets at the leader are answered locally), and fails it.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { Actor, Ctx, Input, ProtocolModule } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabMsg, ZabNode, ZabOptions } from '../../../protocols/zab/index.ts';

type P = ProtocolModule<ZabNode, ZabMsg, ZabOptions>;

/** Learners ignore the leader's SYNC answer, so a sync-get at a follower is never answered (the client times out). */
function dropSyncAnswers(withCheck: boolean): P {
  const real = zabProtocol.actor;
  const handle = (s: ZabNode, i: Input<ZabMsg>, c: Ctx<ZabMsg>, o: ZabOptions, b: ReadonlySet<string>): ZabNode =>
    i.type === 'message' && i.msg.type === 'sync' && s.role.type === 'learner' ? s : real.handle(s, i, c, o, b);
  const liveness = withCheck ? zabProtocol.liveness : zabProtocol.liveness.filter((l) => l.name !== 'tail-follower-sync-returned');
  return { ...zabProtocol, actor: { boot: real.boot, handle } as Actor<ZabNode, ZabMsg, ZabOptions>, liveness };
}

const run = (protocol: P, seed: number) => runSimulation({ protocol, seed, faultPhaseUs: 4_000_000, faults: [] });

describe('zab: tail-follower-sync-returned', () => {
  it('holds on clean runs: a tail sync-get at a follower returned its value', () => {
    for (const seed of [1, 2]) {
      const r = run(zabProtocol as P, seed);
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(zabProtocol.liveness.map((l) => l.name)).toContain('tail-follower-sync-returned');
    }
  });

  it('learners that drop the SYNC answer pass every other check and fail this one', () => {
    expect(run(dropSyncAnswers(false), 1).verdict).toBe('pass');
    const r = run(dropSyncAnswers(true), 1);
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('tail-follower-sync-returned');
    expect(r.violation?.message).toMatch(/no sync-get of a \/tail<n> at a follower of n\d returned its created value/);
  });
});
