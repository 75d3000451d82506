// perEntity and entityNames (entity-memo.ts): the checker-side answers about one entity (chosen-entry-lost, amnesia-majority-fenced,
// recovery-from-stalled-source) are remembered per run while no node's part of that entity changed. The remembered
// answer is the one computed afresh after every event of fuzz seeds, and any change of an input object recomputes it.
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import { join } from 'node:path';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { entityNames, perEntity } from '../../../protocols/paxosstore/entity-memo.ts';
import { chosenEntryLost, chosenEntryLostNow } from '../../../protocols/paxosstore/chosen-entry-lost.ts';
import { majorityFencedOut, majorityFencedOutNow } from '../../../protocols/paxosstore/liveness-tail.ts';
import { stalledSourceIn, stalledSourceInNow } from '../../../protocols/paxosstore/stalled-source.ts';

/** A view of nodes with these (partial) states; undefined: a node without a state (down). */
const viewOf = (states: (object | undefined)[]): View<NodeState> =>
  ({ nodes: states.map((state, i) => ({ id: `a${i + 1}`, isUp: state !== undefined, state })) }) as unknown as View<NodeState>;

describe('paxosstore perEntity', () => {
  it('recomputes only when an entity state, a recovery or a node\'s having a state changed', () => {
    let calls = 0;
    const answer = perEntity((v, e) => { calls++; return `${e}:${v.nodes.map((n) => (n.state === undefined ? '-' : String((n.state.entities[e] as unknown as { c: number } | undefined)?.c))).join(',')}`; });
    const e0 = { c: 1 };
    const e1 = { c: 2 };
    const s1 = { entities: { e0, e1 }, recoveries: {} };
    const s2 = { entities: { e0: { c: 3 } }, recoveries: {} };
    const states: (object | undefined)[] = [s1, s2];
    const view = viewOf(states);
    expect(answer(view, 'e0')).toBe('e0:1,3');
    expect(answer(view, 'e0')).toBe('e0:1,3');
    expect(calls).toBe(1);
    // Another node state object holding the same entity and recovery objects: remembered.
    (view.nodes[0] as { state: unknown }).state = { ...s1, entities: { e0, e1: { c: 9 } } };
    expect(answer(view, 'e0')).toBe('e0:1,3');
    expect(calls).toBe(1);
    // ... but e1's answer is its own, and e0's entity replaced recomputes.
    expect(answer(view, 'e1')).toBe('e1:9,undefined');
    (view.nodes[1] as { state: unknown }).state = { entities: { e0: { c: 4 } }, recoveries: {} };
    expect(answer(view, 'e0')).toBe('e0:1,4');
    // A recovery of the entity starting recomputes; a node going down does too.
    (view.nodes[1] as { state: unknown }).state = { entities: (view.nodes[1]!.state as NodeState).entities, recoveries: { e0: {} } };
    const before = calls;
    answer(view, 'e0');
    expect(calls).toBe(before + 1);
    (view.nodes[1] as { state: unknown }).state = undefined;
    expect(answer(view, 'e0')).toBe('e0:1,-');
    // Another view (another run) never shares the memory.
    expect(answer(viewOf([s1, s2]), 'e0')).toBe('e0:1,3');
  });

  it('entityNames: the sorted names any node holds, rebuilt when a node\'s record holds other names', () => {
    const view = viewOf([{ entities: { e1: {}, e0: {} } }, undefined]);
    const first = entityNames(view);
    expect(first).toEqual(['e0', 'e1']);
    // A new record with the same names: the same list back.
    (view.nodes[0] as { state: unknown }).state = { entities: { e1: { x: 1 }, e0: {} } };
    expect(entityNames(view)).toBe(first);
    // A node coming up with another entity, and a record losing one: rebuilt.
    (view.nodes[1] as { state: unknown }).state = { entities: { e2: {} } };
    expect(entityNames(view)).toEqual(['e0', 'e1', 'e2']);
    (view.nodes[0] as { state: unknown }).state = { entities: { e0: {} } };
    expect(entityNames(view)).toEqual(['e0', 'e2']);
    (view.nodes[1] as { state: unknown }).state = undefined;
    expect(entityNames(view)).toEqual(['e0']);
  });

  it('gives the fresh answers after every event of fuzz seeds, clean and with a bug flag', () => {
    for (const [seed, bugs] of [[1, []], [2, []], [1, ['paxosstore/ack-before-durable']]] as const) {
      let events = 0;
      const bad: string[] = [];
      runFuzzSeed({
        protocol: paxosstoreProtocol, seed, bugs,
        run: {
          onEvent: (_i, _r, v) => {
            const view = v as View<NodeState>;
            events++;
            const fresh = [...new Set(view.nodes.flatMap((n) => Object.keys(n.state?.entities ?? {})))].sort();
            if (entityNames(view).join() !== fresh.join() && bad.length < 5) bad.push(`seed ${seed} event ${events}: entity names ${entityNames(view).join()} vs ${fresh.join()}`);
            for (const e of ['e0', 'e1', 'e2']) {
              const pairs: [string, string | null, string | null][] = [
                ['chosen-entry-lost', chosenEntryLost(view, e), chosenEntryLostNow(view, e)],
                ['majority-fenced', majorityFencedOut(view, e), majorityFencedOutNow(view, e)],
                ['stalled-source', stalledSourceIn(view, e), stalledSourceInNow(view, e)],
              ];
              for (const [what, a, b] of pairs) if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${events} ${e} ${what}: ${a} vs ${b}`);
            }
          },
        },
      });
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });

  // The memos first ask a necessary condition (mayHold: a majority fenced or with its DB gone, a stalled DB) and answer
  // null without computing when it fails; fuzz seeds rarely reach a non-null answer, these regressions do.
  it('gives the fresh answers after every event of the regressions that reach each excuse (the necessary-condition tests pass them through)', () => {
    const cases = [
      ['regress-1403446-chosen-entry-lost', 'chosen-entry-lost'],
      ['regress-1600669-chosen-entry-lost-fenced', 'chosen-entry-lost'],
      ['regress-1442764-stalled-source', 'stalled-source'],
      ['regress-2064170-stalled-source-stalled-node', 'stalled-source'],
      ['regress-1403446-chosen-entry-lost', 'majority-fenced'],
    ] as const;
    for (const [file, kind] of cases) {
      const bad: string[] = [];
      let held = 0;
      runScenario(loadScenarioFile(join(import.meta.dirname, `../../../scenarios/paxosstore/${file}.json`)), {
        run: {
          onEvent: (i, _r, v) => {
            const view = v as View<NodeState>;
            for (const e of entityNames(view)) {
              const pairs: [string, string | null, string | null][] = [
                ['chosen-entry-lost', chosenEntryLost(view, e), chosenEntryLostNow(view, e)],
                ['majority-fenced', majorityFencedOut(view, e), majorityFencedOutNow(view, e)],
                ['stalled-source', stalledSourceIn(view, e), stalledSourceInNow(view, e)],
              ];
              for (const [what, a, b] of pairs) {
                if (a !== b && bad.length < 5) bad.push(`${file} event ${i} ${e} ${what}: ${a} vs ${b}`);
                if (what === kind && b !== null) held++;
              }
            }
          },
        },
      });
      expect(bad).toEqual([]);
      expect(held, `${file} reaches ${kind}`).toBeGreaterThan(0);
    }
  });
});
