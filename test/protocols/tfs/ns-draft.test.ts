// state-patch.ts withNsDraft lets a scope's patches after the first write into the one copy the first made. This runs
// the same patch sequences on nameserver states from real runs in a scope and plainly (each patch a copy): the results
// must be equal key for key in the same order, new exactly when the plain one is, and the state the scope started
// from (a world state) must come out untouched; outside a scope nothing is written in place.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import { FAST_OPTIONS, tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { patchedNs, withNsDraft } from '../../../protocols/tfs/state-patch.ts';

const states: NsState[] = [];
for (const seed of [1, 2, 3]) {
  const r = runSimulation({ protocol: tfsProtocol, seed, options: FAST_OPTIONS, faultPhaseUs: 2_000_000, faults: [] });
  for (const s of Object.values(r.finalStates as Record<string, TfsState>)) if (s.kind === 'ns') states.push(s);
}

type Patch = (s: NsState) => Partial<NsState>;

/** Patch sequences: unchanged ones, changes, a change undone, reads of the state being patched. */
const SEQUENCES: readonly (readonly Patch[])[] = [
  [],
  [(s) => ({ rpcSeq: s.rpcSeq })],
  [(s) => ({ rpcSeq: s.rpcSeq + 1 })],
  [(s) => ({ rpcSeq: s.rpcSeq }), (s) => ({ crcErrors: s.crcErrors + 1 }), (s) => ({ crcErrors: s.crcErrors + 1, stagedCount: 0 })],
  [(s) => ({ playLogErrors: s.playLogErrors + 1 }), (s) => ({ playLogErrors: s.playLogErrors - 1 })],
  [(s) => ({ applied: s.applied === null ? null : { ...s.applied } }), (s) => ({ badCrcApplied: s.badCrcApplied + s.rerequests + 1, lastReport: undefined })],
];

const run = (patches: readonly Patch[]) => (s0: NsState): NsState => {
  let s = s0;
  for (const p of patches) s = patchedNs(s, p(s));
  return s;
};

describe('tfs state-patch: a draft scope gives what one copy per patch gives', () => {
  it('found nameserver states to patch', () => expect(states.length).toBeGreaterThanOrEqual(6));

  it('agrees with the plain patches, leaves the start state alone, and is new exactly when they are', () => {
    for (const s of states) {
      for (const patches of SEQUENCES) {
        const before = JSON.stringify(s);
        const keys = Object.keys(s);
        const plain = run(patches)(s);
        const drafted = withNsDraft(run(patches), s);
        expect(JSON.stringify(s)).toBe(before);
        expect(Object.keys(s)).toEqual(keys);
        expect(Object.keys(drafted)).toEqual(Object.keys(plain));
        expect(drafted).toStrictEqual(plain);
        expect(drafted === s).toBe(plain === s);
      }
    }
  });

  it('writes nothing in place outside a scope, nor into a state a scope returned', () => {
    const s = states[0]!;
    const drafted = withNsDraft(run([(x) => ({ rpcSeq: x.rpcSeq + 1 })]), s);
    const next = patchedNs(drafted, { rpcSeq: drafted.rpcSeq + 1 });
    expect(next).not.toBe(drafted);
    expect(drafted.rpcSeq).toBe(s.rpcSeq + 1);
    const a = patchedNs(s, { rpcSeq: s.rpcSeq + 5 });
    expect(patchedNs(a, { rpcSeq: 0 })).not.toBe(a);
    expect(a.rpcSeq).toBe(s.rpcSeq + 5);
  });
});
