// roles() reads per-node facts kept per node state object (role-facts.ts) instead of every node's entities by name.
// After every event of fuzz seeds (timed and aimed, whose recording runs ask roles() first through the catalog, and
// bug-flag seeds) its answer equals the plain reading's, key order included; and hand-made views whose entity names
// change, whose new state keeps its entities object, or whose up node lacks an entity, answer as the plain reading does.
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { FuzzFaults } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import { bugs } from '../../../protocols/paxosstore/bugs.ts';
import { computeRoles, roles } from '../../../protocols/paxosstore/roles.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

/** Mismatches (at most 3) between roles() and the plain reading after every event of one seed; and the events. */
function compareAlong(seed: number, faults: FuzzFaults, bugIds: readonly string[]): [number, string[]] {
  let events = 0;
  const bad: string[] = [];
  runFuzzSeed({
    protocol: paxosstoreProtocol, seed, faults, bugs: bugIds,
    run: {
      onEvent: (_i, _r, v) => {
        const view = v as View<NodeState>;
        const a = JSON.stringify(roles(view));
        const b = JSON.stringify(computeRoles(view));
        if (a !== b && bad.length < 3) bad.push(`seed ${seed} ${faults} ${bugIds.join()} event ${events}: ${a} vs ${b}`);
        events++;
      },
    },
  });
  return [events, bad];
}

describe('paxosstore: roles() from per-node facts agree with the plain reading', () => {
  it('after every event of timed and aimed fuzz seeds', () => {
    const bad: string[] = [];
    let events = 0;
    for (let seed = 1; seed <= 8; seed++) {
      for (const faults of ['timed', 'aimed'] as const) {
        const [n, b] = compareAlong(seed + 7000 * (seed % 2), faults, []);
        events += n;
        bad.push(...b);
      }
    }
    expect(bad).toEqual([]);
    expect(events).toBeGreaterThan(1500);
  });

  it('after every event of bug-flag seeds', () => {
    const bad: string[] = [];
    for (const [k, flag] of bugs.entries()) for (const seed of [k + 1, k + 40]) bad.push(...compareAlong(seed, 'aimed', [flag.id])[1]);
    expect(bad).toEqual([]);
  });

  it('hand-made views: entity names that change, down nodes without an entity, an up node without one', () => {
    const ent = (maxChosen: number, committed: number, extra: Record<string, unknown> = {}): unknown => ({
      maxChosen, committed, maxCont: maxChosen, isGetAllPending: false, isRecoverFlag: false, amnesia: null, ...extra,
    });
    const st = (entities: Record<string, unknown>, queue: unknown[] = []): NodeState => ({ entities, catchup: { queue } }) as unknown as NodeState;
    const view = (nodes: [NodeState | undefined, boolean][]): View<NodeState> =>
      ({ nodes: nodes.map(([state, isUp], j) => ({ id: `a${j + 1}`, state, isUp })) }) as unknown as View<NodeState>;
    const same = (v: View<NodeState>): void => expect(JSON.stringify(roles(v))).toBe(JSON.stringify(computeRoles(v)));
    const s1 = st({ e0: ent(3, 3), e1: ent(2, 1) });
    const s2 = st({ e0: ent(5, 2), e1: ent(2, 2, { maxCont: 1 }) });
    same(view([[s1, true], [s2, true], [undefined, false]]));
    same(view([[s1, true], [s2, false], [st({ e0: ent(1, 1, { isRecoverFlag: true }), e1: ent(0, 0, { amnesia: {} }) }, [1]), true]]));
    // A new state with the same entities object (a queue, then none): only the queue's bit moves.
    same(view([[st(s1.entities as Record<string, unknown>, [1]), true], [s2, true], [undefined, false]]));
    same(view([[st(s1.entities as Record<string, unknown>), true], [s2, true], [undefined, false]]));
    // Names in another order, then other names: the first state's for-in order rules; a down node may lack one.
    const s3 = st({ e1: ent(9, 9), e0: ent(1, 1) });
    same(view([[s3, true], [s1, true], [s2, true]]));
    same(view([[st({ e7: ent(4, 4) }), true], [s1, false], [st({ e7: ent(6, 6) }), true]]));
    same(view([[s1, true], [st({ e0: ent(8, 8) }), false], [s2, true]]));
    same(view([[undefined, false], [undefined, false], [undefined, false]]));
    // An up node lacking an entity: both throw.
    const v = view([[s1, true], [st({ e0: ent(8, 8) }), true], [s2, true]]);
    expect(() => computeRoles(v)).toThrow();
    expect(() => roles(v)).toThrow();
    expect(() => roles(v)).toThrow(); // no answer left standing for the inputs of the throw
    // One view whose nodes change in place (as the kernel's do): a node's state, then its up flag, then back.
    const w = view([[s1, true], [s2, true], [s3, true]]);
    const wn = w.nodes as unknown as { state: NodeState | undefined; isUp: boolean }[];
    same(w);
    wn[1]!.state = st({ e0: ent(9, 1), e1: ent(2, 2) });
    same(w);
    wn[2]!.isUp = false;
    same(w);
    wn[1]!.state = s2;
    wn[2]!.isUp = true;
    same(w);
  });
});
