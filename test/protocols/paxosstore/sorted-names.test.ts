// sortedNames (protocols/paxosstore/sorted-names.ts) keeps the last sorted list while records hold the same names in
// the same order: every answer must be the record's own Object.keys(...).sort(), across the states of a run and across
// records whose names or order differ from the last one's.
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import { hasNames, sortedNames } from '../../../protocols/paxosstore/sorted-names.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

const plain = (r: object): string[] => Object.keys(r).sort();

describe('paxosstore: sortedNames', () => {
  it('answers Object.keys(...).sort() for every entities record of a run', () => {
    const seen: NodeState[] = [];
    const p = paxosstoreProtocol;
    runSimulation({
      protocol: { ...p, actor: { boot: p.actor.boot, handle(s, input, ctx, o, bugs) { seen.push(s); return p.actor.handle(s, input, ctx, o, bugs); } } },
      seed: 5, faultPhaseUs: seconds(3), skipLiveness: true, freezeStates: false,
    });
    expect(seen.length).toBeGreaterThan(100);
    for (const s of seen) expect(sortedNames(s.entities)).toEqual(plain(s.entities));
  });

  it('notices other names, another order, one more or one fewer', () => {
    const records: Record<string, unknown>[] = [
      { e2: 1, e1: 1, e0: 1 }, { e2: 2, e1: 2, e0: 2 }, { e0: 1, e1: 1, e2: 1 }, { e1: 1, e2: 1 }, { e1: 1, e2: 1, e3: 1 },
      { b: 1, a: 1 }, {}, { z: 1 }, { z: 1, y: 1 }, { z: 1 }, { e2: 1, e1: 1, e0: 1 },
    ];
    for (const r of records) expect(sortedNames(r)).toEqual(plain(r));
  });

  it('hasNames compares names in order (the memo rests on it)', () => {
    expect(hasNames({ a: 1, b: 1 }, ['a', 'b'])).toBe(true);
    expect(hasNames({ b: 1, a: 1 }, ['a', 'b'])).toBe(false);
    expect(hasNames({ a: 1 }, ['a', 'b'])).toBe(false);
    expect(hasNames({ a: 1, b: 1, c: 1 }, ['a', 'b'])).toBe(false);
    expect(hasNames(undefined, [])).toBe(true);
  });
});
