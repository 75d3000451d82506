// published-entries-unchanged: a clean aimed run passes it (the check after every event that changed a node), and a
// planted write into an entry object of a state already published fails it, as the surviving mutant of mutation sample
// 2 (env.ts entryOf `cur !== undefined && isOwned(cur)` → `||`: every existing entry written without its copy) did.
// States are not frozen here (freezeStates: false, as fuzz runs), so the check, not a frozen object, sees the write.
import { describe, expect, it } from 'vitest';
import { seconds } from '../../../sim/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

/** The planted slip: from 1 s on, before each of a1's events, a1's first entry object is written in place. */
const writesPublished: ProtocolModule<NodeState, never, never> = {
  ...(paxosstoreProtocol as unknown as ProtocolModule<NodeState, never, never>),
  actor: {
    boot: paxosstoreProtocol.actor.boot as never,
    handle(s, input, ctx, o, bugs) {
      if (ctx.self === 'a1' && ctx.nowUs >= seconds(1)) {
        for (const e in s.entities) {
          const entries = s.entities[e]!.entries;
          const first = Object.keys(entries)[0];
          if (first === undefined) continue;
          const x = entries[Number(first)] as { catchupAtUs: number };
          x.catchupAtUs = x.catchupAtUs + 1;
          break;
        }
      }
      return (paxosstoreProtocol.actor.handle as never as typeof this.handle)(s, input, ctx, o, bugs);
    },
  },
};

describe('paxosstore: published-entries-unchanged', () => {
  it('holds on a clean aimed run (seed 1)', () => {
    const r = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 1, run: { freezeStates: false } });
    expect(r.verdict).toBe('pass');
  });

  it('fails a run whose handler writes into an entry of a published state (seed 1)', () => {
    const r = runFuzzSeed({ protocol: writesPublished as never, seed: 1, run: { freezeStates: false } });
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('published-entries-unchanged');
    expect(r.violation?.message).toMatch(/^a1 e\d entry \d+: field catchupAtUs of an entry object already published/);
  });
});
