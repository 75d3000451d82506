// loading-entity-still: holds on the clean run of the seed where mutation sample 1's tryCatchup loading-guard mutant
// (catchup.ts `if (ent.isLoading) return` → `if (false)`) fails it (seed 59: the worker tick catches up a loading
// entity), and fails on hand-made successive states in which a loading entity commits or changes its entries.
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, NodeState } from '../../../protocols/paxosstore/state.ts';
import { oneAcceptorView } from './view-fixture.ts';

const inv = paxosstoreProtocol.invariants.find((i) => i.name === 'loading-entity-still')!;

const run = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 59, bugs: [] });
const s0 = run.finalStates!['a1'] as NodeState;
const withE0 = (e: Partial<EntityState>): NodeState => ({ ...s0, entities: { ...s0.entities, e0: { ...s0.entities['e0']!, ...e } } });
const loading = withE0({ isLoading: true });

describe('paxosstore: loading-entity-still', () => {
  it('holds on the clean run of seed 59 (checked after every event)', () => {
    expect(run.verdict).toBe('pass');
  });

  it('fails when a loading entity commits or its PLog entries change between two states', () => {
    const v = oneAcceptorView(inv);
    expect(v.set(loading)).toBeNull();
    expect(v.set(withE0({ isLoading: true, committed: s0.entities['e0']!.committed + 1 }))).toMatch(/^a1 e0 is still loading, yet CommittedEntry \(\d+ → \d+\) changed/);
    const w = oneAcceptorView(inv);
    expect(w.set(loading)).toBeNull();
    expect(w.set(withE0({ isLoading: true, entries: { ...s0.entities['e0']!.entries } }))).toMatch(/^a1 e0 is still loading, yet its in-memory PLog entries changed/);
  });

  it('passes the load ending, a new incarnation, and a late fence reply (amnesia, MaxChosenEntry) while loading', () => {
    const v = oneAcceptorView(inv);
    expect(v.set(loading)).toBeNull();
    expect(v.set(withE0({ isLoading: true, maxChosen: s0.entities['e0']!.maxChosen + 3, activePeer: 2 }))).toBeNull();
    expect(v.set(withE0({ isLoading: false, committed: s0.entities['e0']!.committed + 1 }))).toBeNull();
    const w = oneAcceptorView(inv);
    expect(w.set(loading, 1)).toBeNull();
    expect(w.set(withE0({ isLoading: true, committed: 0, entries: {} }), 2)).toBeNull();
  });
});
