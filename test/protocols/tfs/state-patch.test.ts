// state-patch.ts copies each tfs state kind by a literal of its fields (one hidden class) instead of a spread: the copy
// must be the spread's, key for key in the same order, for states as runs build them, and an unchanged patch must
// still give back the very same state.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';
import { patchedAgent, patchedClient, patchedDs, patchedNs, patchedOplog } from '../../../protocols/tfs/state-patch.ts';

const states: TfsState[] = [];
for (const seed of [1, 2, 3]) {
  const r = runSimulation({ protocol: tfsProtocol, seed, options: FAST_OPTIONS, faultPhaseUs: 2_000_000, faults: [] });
  states.push(...Object.values(r.finalStates as Record<string, TfsState>));
}

/** The spread's answer, and the keys of both in order. */
function expectSameAsSpread<T extends object>(got: T, s: T, p: Partial<T>): void {
  const want = { ...s, ...p };
  expect(Object.keys(got)).toEqual(Object.keys(want));
  expect(got).toStrictEqual(want);
}

describe('tfs state-patch: a literal copy per kind is the spread', () => {
  it('covers every kind, and a master oplog', () => {
    expect(new Set(states.map((s) => s.kind))).toEqual(new Set(['ns', 'agent', 'ds', 'client']));
    expect(states.some((s) => s.kind === 'ns' && s.oplog !== null)).toBe(true);
  });

  it('copies each kind field for field, in the same key order, and returns the state itself for an unchanged patch', () => {
    for (const s of states) {
      switch (s.kind) {
        case 'ns':
          expectSameAsSpread(patchedNs(s, { rpcSeq: s.rpcSeq + 1, lastReport: undefined }), s, { rpcSeq: s.rpcSeq + 1, lastReport: undefined });
          expect(patchedNs(s, { rpcSeq: s.rpcSeq, oplog: s.oplog })).toBe(s);
          if (s.oplog !== null) {
            expectSameAsSpread(patchedOplog(s.oplog, { batchSeq: s.oplog.batchSeq + 1 }), s.oplog, { batchSeq: s.oplog.batchSeq + 1 });
            expect(patchedOplog(s.oplog, { batchSeq: s.oplog.batchSeq })).toBe(s.oplog);
          }
          break;
        case 'ds':
          expectSameAsSpread(patchedDs(s, { applySeq: s.applySeq + 1 }), s, { applySeq: s.applySeq + 1 });
          expect(patchedDs(s, { applySeq: s.applySeq })).toBe(s);
          break;
        case 'client':
          expectSameAsSpread(patchedClient(s, { reqSeq: s.reqSeq + 1 }), s, { reqSeq: s.reqSeq + 1 });
          expect(patchedClient(s, { reqSeq: s.reqSeq })).toBe(s);
          break;
        case 'agent':
          expectSameAsSpread(patchedAgent(s, { pingSeq: s.pingSeq + 1 }), s, { pingSeq: s.pingSeq + 1 });
          expect(patchedAgent(s, { pingSeq: s.pingSeq })).toBe(s);
          break;
      }
    }
  });
});
