// The PLog writer's and the high-water marks' literal copies and written-out settles (writer-copy.ts, env.ts), and
// dropCmd's fresh record, against what they replaced: the shared spread, the generic settle and copy-then-delete.
import { describe, expect, it } from 'vitest';
import { beginCopies, endCopies, own, settleCopy } from '../../../sim/index.ts';
import { beginHandler, copyCmds, copyHighWater, dropCmd, entityOf, finishHandler } from '../../../protocols/paxosstore/env.ts';
import { copyPlogWriter, WRITER_FIELDS } from '../../../protocols/paxosstore/writer-copy.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { recordedStates as recordedStatesOf } from './recorded-states.ts';

const recordedStates = (): NodeState[] => recordedStatesOf(5);

const genericFinish = (s: NodeState, d: object): NodeState => endCopies(s, settleCopy(s, d) as NodeState);

/** The same keys in the same order holding identical values. */
const sameRecord = (a: object, b: object): boolean =>
  Object.keys(a).join() === Object.keys(b).join() && Object.keys(b).every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);

/** dropCmd's state against a copy and `delete`: the same command keys in the same order, the same state text. */
function expectDropAsDelete(x: NodeState, entity: string): void {
  const d = beginHandler(x);
  dropCmd(d, entity);
  const mine = finishHandler(x, d);
  const g = beginHandler(x);
  g.cmds = own(g.cmds, copyCmds);
  delete g.cmds[entity];
  const generic = genericFinish(x, g);
  expect(sameRecord(mine.cmds, generic.cmds)).toBe(true);
  expect(JSON.stringify(mine)).toBe(JSON.stringify(generic));
}

describe('paxosstore: the PLog writer, the high-water marks and dropped commands', () => {
  const all = recordedStates();
  const states = all.filter((_, i) => i % Math.ceil(all.length / 200) === 0);

  it('copies the writer and the marks as a spread does, and names every writer field in key order', () => {
    expect(all.length).toBeGreaterThan(1000);
    for (const x of all) {
      expect(Object.keys(x.plogWriter)).toEqual([...WRITER_FIELDS]);
      expect(sameRecord(copyPlogWriter(x.plogWriter as never), { ...x.plogWriter })).toBe(true);
      for (const e in x.entities) expect(sameRecord(copyHighWater(x.entities[e]!.highWater), { ...x.entities[e]!.highWater })).toBe(true);
    }
  });

  it('settles a writer copy as the generic walk does: same values back to the original, a change to any field kept', () => {
    let changed = 0;
    for (const x of states) {
      for (const k of [null, ...WRITER_FIELDS]) {
        for (const isNested of [false, true]) {
          const run = (finish: (s: NodeState, d: object) => NodeState): NodeState => {
            const d = beginHandler(x);
            const w = (d.plogWriter = own(d.plogWriter, copyPlogWriter)) as unknown as Record<string, unknown>;
            if (isNested) w.queue = own(w.queue as object);
            if (k !== null) w[k] = typeof w[k] === 'number' ? (w[k] as number) + 1 : typeof w[k] === 'boolean' ? !w[k] : { changed: k };
            return finish(x, d);
          };
          const mine = run(finishHandler as never);
          const generic = run(genericFinish);
          expect(mine === x, `${k}`).toBe(generic === x);
          expect(mine.plogWriter === x.plogWriter, `${k}`).toBe(generic.plogWriter === x.plogWriter);
          expect(mine.plogWriter).toEqual(generic.plogWriter);
          if (k !== null) {
            expect(mine, `${k}`).not.toBe(x);
            changed++;
          }
          if (k === null) expect(mine).toBe(x);
        }
      }
    }
    expect(changed).toBeGreaterThan(1000);
    beginCopies();
  });

  it('settles a copy of the marks as the generic walk does', () => {
    for (const x of states) {
      const e = Object.keys(x.entities)[0]!;
      for (const k of [null, 'committed', 'maxCont', 'maxChosen'] as const) {
        const run = (finish: (s: NodeState, d: object) => NodeState): NodeState => {
          const d = beginHandler(x);
          const ent = entityOf(d, e);
          const hw = (ent.highWater = own(ent.highWater, copyHighWater));
          if (k !== null) hw[k]++;
          return finish(x, d);
        };
        const mine = run(finishHandler as never);
        const generic = run(genericFinish);
        expect(mine === x, `${k}`).toBe(k === null);
        expect(mine === x).toBe(generic === x);
        expect(mine).toEqual(generic);
      }
    }
    beginCopies();
  });

  it('drops a command as copy-then-delete does: the same keys in the same order, the same values, the same settle', () => {
    let dropped = 0;
    for (const x of all) {
      for (const entity in x.cmds) {
        expectDropAsDelete(x, entity);
        dropped++;
      }
    }
    expect(dropped).toBeGreaterThan(100);
    beginCopies();
  });

  it('drops a command as copy-then-delete does from records of one to three commands in several key orders', () => {
    // Short runs seldom hold three commands at once: the records are built on a recorded state (dropCmd reads only keys).
    const x0 = all.at(-1)!;
    const orders = [['e0'], ['e1', 'e0'], ['e0', 'e2', 'e1'], ['e2', 'e1', 'e0']];
    let dropped = 0;
    for (const names of orders) {
      const cmds: Record<string, unknown> = {};
      for (const e of names) cmds[e] = { kind: 'write', entry: 1, valueId: e };
      const x = { ...x0, cmds } as unknown as NodeState;
      for (const entity of names) {
        expectDropAsDelete(x, entity);
        dropped++;
      }
    }
    expect(dropped).toBe(9);
    beginCopies();
  });
});
