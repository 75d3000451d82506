// env.ts settles an entries record by the entries the handler touched (entryOf, deleteEntry) instead of the generic
// walk over every entry: both must give every event the same identities (a state, entity, entries record or entry that
// came back unchanged is the original object, a changed one is new) and the same values.
import { afterAll, describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import { useGenericEntriesSettle } from '../../../protocols/paxosstore/env.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

/** Per handled event: which parts of the node state kept their object (S/N per root, entity, entries record, entry). */
function identities(seed: number, isGeneric: boolean): { marks: string[]; states: NodeState[] } {
  useGenericEntriesSettle(isGeneric);
  const marks: string[] = [];
  const states: NodeState[] = [];
  const p = paxosstoreProtocol;
  try {
    runSimulation({
      protocol: {
        ...p,
        actor: {
          boot: p.actor.boot,
          handle(s, input, ctx, o, bugs) {
            const next = p.actor.handle(s, input, ctx, o, bugs);
            let m = next === s ? 'S' : 'N';
            for (const e in next.entities) {
              const a = s.entities[e];
              const b = next.entities[e]!;
              m += ` ${e}:${a === b ? 'S' : 'N'}${a?.entries === b.entries ? 'S' : 'N'}`;
              for (const k in b.entries) m += a?.entries[Number(k)] === b.entries[Number(k)] ? 's' : `n${k}`;
              if (a !== undefined) for (const k in a.entries) if (b.entries[Number(k)] === undefined) m += `d${k}`;
            }
            marks.push(m);
            states.push(next);
            return next;
          },
        },
      },
      // A short PLog GC period, so GC deletes entries (the default keeps them a day).
      seed, faultPhaseUs: seconds(4), skipLiveness: true, freezeStates: false, options: { ...FUZZ_OPTIONS, plogGcIntervalUs: 100_000 },
    });
  } finally {
    useGenericEntriesSettle(false);
  }
  return { marks, states };
}

describe('paxosstore: the entries settle by touched entries', () => {
  afterAll(() => useGenericEntriesSettle(false));

  it('gives every event the identities and values of the generic settle', () => {
    let deletes = 0;
    let changes = 0;
    let kept = 0;
    for (const seed of [3, 11]) {
      const mine = identities(seed, false);
      const generic = identities(seed, true);
      expect(mine.marks.length).toBeGreaterThan(1000);
      expect(mine.marks).toEqual(generic.marks);
      for (let i = 0; i < mine.states.length; i += 97) expect(mine.states[i]).toEqual(generic.states[i]);
      for (const m of mine.marks) {
        if (m.includes('d')) deletes++;
        if (/n\d/.test(m)) changes++;
        if (/:NS/.test(m)) kept++;
      }
    }
    // The runs exercised additions and writes, GC or recovery deletions, and entity copies whose entries came back unchanged.
    expect(changes).toBeGreaterThan(100);
    expect(deletes).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });
});
