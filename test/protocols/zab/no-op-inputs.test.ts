// zab's handle returns the state at once for inputs its handlers would ignore (protocols/zab/node.ts isNoOp: untagged
// disk completions, stale timers, abandoned dials, closed connections nothing holds), without making and settling a
// working copy. For every such input of real runs the full handler must agree: the very same state back, and nothing
// asked of the context.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { Ctx, Input } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabNode } from '../../../protocols/zab/index.ts';
import type { ZabMsg } from '../../../protocols/zab/messages.ts';
import { handleInput, isNoOp } from '../../../protocols/zab/node.ts';

/** A context that fails the test on any call or read but the clock (a no-op input must not send, log, set a timer...). */
function silentCtx(ctx: Ctx<ZabMsg>, asked: string[]): Ctx<ZabMsg> {
  return new Proxy(ctx, { get: (t, k) => { if (k !== 'nowUs') asked.push(String(k)); return Reflect.get(t, k); } });
}

describe('zab: inputs answered without a working copy', () => {
  it('give the same state as the full handler, which asks nothing of the context, over 40 timed and 40 aimed seeds', () => {
    const seen = new Map<string, number>();
    const asked: string[] = [];
    let differ = 0;
    const p = zabProtocol;
    const protocol = {
      ...p,
      actor: {
        boot: p.actor.boot,
        handle(s: ZabNode, input: Input<ZabMsg>, ctx: Ctx<ZabMsg>, opts: never, bugs: never): ZabNode {
          if (s.bootError === null && s.startAtUs === null && isNoOp(s, input)) {
            const kind = input.type === 'timer' ? input.name : input.type;
            seen.set(kind, (seen.get(kind) ?? 0) + 1);
            if (handleInput(s, { ctx: silentCtx(ctx, asked), opts, bugs }, input) !== s) differ++;
          }
          return p.actor.handle(s, input, ctx, opts, bugs);
        },
      },
    };
    for (let seed = 1; seed <= 40; seed++) {
      for (const faults of ['timed', 'aimed'] as const) runFuzzSeed({ protocol: protocol as typeof p, seed, faults });
    }
    expect(differ).toBe(0);
    expect(asked).toEqual([]);
    // Each kind of no-op input occurred (the agreement is not vacuous).
    expect(seen.get('disk-done')).toBeGreaterThan(1000);
    expect(seen.get('cnx-timeout')).toBeGreaterThan(10);
    expect(seen.get('fle-poll')).toBeGreaterThan(10);
    expect(seen.get('conn-closed')).toBeGreaterThan(10);
  }, 120_000);
});
