// PaxosStore's node record and its entities are settled field by field (protocols/paxosstore/env.ts settleRoot, written out for speed
// instead of sim/copy-on-write.ts's generic for-in walk): every field must count, and every object field must be
// settled, or an event that changed only that field would hand back the old state object (or keep a needless copy,
// which the kernel would see as a change).
import { describe, expect, it } from 'vitest';
import { beginCopies, endCopies, settleCopy } from '../../../sim/index.ts';
import { beginHandler, copyEntity, copyRoot, ENTITY_FIELDS, entityOf, finishHandler, own, ROOT_FIELDS } from '../../../protocols/paxosstore/env.ts';
import { copyEntryInfo } from '../../../protocols/paxosstore/storage.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { recordedStates as recordedStatesOf } from './recorded-states.ts';

const recordedStates = (): NodeState[] => recordedStatesOf(3);

/** The generic settle of the same working copy: what settleRoot stands for. */
function genericFinish(s: NodeState, d: object): NodeState {
  return endCopies(s, settleCopy(s, d) as NodeState);
}

describe('paxosstore: the hand-written settle of the node record', () => {
  const all = recordedStates();
  const s = all.at(-1)!;
  /** About 150 states spread over the run (deep compares of every one take seconds). */
  const states = all.filter((_, i) => i % Math.ceil(all.length / 150) === 0);

  it('ran long enough to see many states', () => {
    expect(all.length).toBeGreaterThan(1000);
    expect(states.length).toBeGreaterThan(100);
  });

  it('names every field of the record and of every entity, in their key order', () => {
    for (const x of all) {
      expect(Object.keys(x)).toEqual([...ROOT_FIELDS]);
      for (const e in x.entities) expect(Object.keys(x.entities[e]!)).toEqual([...ENTITY_FIELDS]);
    }
    expect(Object.keys(beginHandler(s))).toEqual([...ROOT_FIELDS]);
    finishHandler(s, beginHandler(s));
  });

  it('an event that changes nothing, or copies nested parts and writes the same values, returns the very same state', () => {
    for (const x of states) {
      expect(finishHandler(x, beginHandler(x))).toBe(x);
      const d = beginHandler(x);
      const e = Object.keys(x.entities)[0]!;
      const ent = entityOf(d, e);
      ent.committed = x.entities[e]!.committed;
      expect(finishHandler(x, d)).toBe(x);
    }
  });

  it('every object field is settled: a copy of it that ends up unchanged gives back the original state', () => {
    const objectFields = ROOT_FIELDS.filter((k) => states.some((x) => typeof x[k] === 'object' && x[k] !== null));
    expect(objectFields.length).toBeGreaterThanOrEqual(9);
    for (const x of states) {
      for (const k of objectFields) {
        if (typeof x[k] !== 'object' || x[k] === null) continue;
        const d = beginHandler(x) as unknown as Record<string, object>;
        d[k] = own(d[k]!);
        expect(finishHandler(x, d as never), k).toBe(x);
      }
    }
  });

  it('a change to any one field gives a new state that keeps the unchanged siblings, as the generic settle does', () => {
    for (const k of ROOT_FIELDS) {
      const d = beginHandler(s) as unknown as Record<string, unknown>;
      d[k] = { changed: k };
      const out = finishHandler(s, d as never) as unknown as Record<string, unknown>;
      expect(out, k).not.toBe(s);
      expect(out[k], k).toEqual({ changed: k });
      for (const other of ROOT_FIELDS) if (other !== k) expect(out[other], `${k}/${other}`).toBe((s as unknown as Record<string, unknown>)[other]);
    }
  });

  it('gives the same result as the generic settle on nested changes and on copies that came back unchanged', () => {
    for (const x of states) {
      const e = Object.keys(x.entities)[0]!;
      for (const change of [0, 1]) {
        const run = (finish: (s: NodeState, d: object) => NodeState): NodeState => {
          const d = beginHandler(x);
          d.catchup = own(d.catchup);
          const ent = entityOf(d, e);
          ent.committed = x.entities[e]!.committed + change;
          return finish(x, d);
        };
        const mine = run(finishHandler as never);
        const generic = run(genericFinish);
        expect(mine === x).toBe(generic === x);
        expect(mine).toEqual(generic);
        expect(mine.catchup).toBe(x.catchup);
        for (const k of ROOT_FIELDS) if (k !== 'entities') expect(mine[k], k).toBe(x[k]);
      }
    }
    beginCopies();
  });

  it('an entity: a copied field that came back unchanged settles to the original; a change to any one field is kept', () => {
    const x = states.find((y) => Object.values(y.entities).some((e) => e.amnesia !== null)) ?? s;
    const e = Object.keys(x.entities).find((k) => x.entities[k]!.amnesia !== null) ?? Object.keys(x.entities)[0]!;
    const ent0 = x.entities[e]! as unknown as Record<string, unknown>;
    for (const k of ENTITY_FIELDS) {
      const d = beginHandler(x);
      const ent = entityOf(d, e) as unknown as Record<string, unknown>;
      if (typeof ent[k] === 'object' && ent[k] !== null && k !== 'db') ent[k] = own(ent[k] as object);
      expect(finishHandler(x, d), k).toBe(x);
      const d2 = beginHandler(x);
      (entityOf(d2, e) as unknown as Record<string, unknown>)[k] = { changed: k };
      const out = finishHandler(x, d2);
      expect(out, k).not.toBe(x);
      const got = out.entities[e]! as unknown as Record<string, unknown>;
      expect(got[k], k).toEqual({ changed: k });
      for (const other of ENTITY_FIELDS) if (other !== k) expect(got[other], `${k}/${other}`).toBe(ent0[other]);
      for (const other of Object.keys(x.entities)) if (other !== e) expect(out.entities[other]).toBe(x.entities[other]);
    }
  });
});

describe('paxosstore: the literal copies of the node record, an entity and an entry', () => {
  // env.ts copies these three by object literals (one hidden class per kind) where it spread them: the copy must be
  // the spread's, the same keys in the same order holding the same values, for every state of a run.
  /** The first difference of `copy` from `x` (keys in order, then values by identity), or null. */
  const differs = (copy: object, x: object, what: string): string | null => {
    const ck = Object.keys(copy);
    const xk = Object.keys(x);
    if (ck.join() !== xk.join()) return `${what}: keys ${ck.join()} against ${xk.join()}`;
    for (const k of xk) if ((copy as Record<string, unknown>)[k] !== (x as Record<string, unknown>)[k]) return `${what}.${k}`;
    return null;
  };

  it('copies every field of every state, entity and entry as a spread does', () => {
    const problems: string[] = [];
    const note = (p: string | null): void => { if (p !== null && problems.length < 5) problems.push(p); };
    let entries = 0;
    for (const x of recordedStates()) {
      note(differs(copyRoot(x as never), x, 'root'));
      for (const e in x.entities) {
        const ent = x.entities[e]!;
        note(differs(copyEntity(ent as never), ent, e));
        for (const k in ent.entries) {
          note(differs(copyEntryInfo(ent.entries[k]!), ent.entries[k]!, `${e}/${k}`));
          entries++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(entries).toBeGreaterThan(1000);
  });
});
