// The state-only liveness predicates answer again from memory while no node changed (protocols/tair/liveness-memo.ts):
// after every event of fuzz seeds (clean and with bug flags) each remembered predicate gives what the plain one gives,
// the comparison catches a predicate that reads what the memory does not watch (the time), and a hand-built view whose
// node changes state, liveness or incarnation is answered afresh.
import { describe, expect, it } from 'vitest';
import type { LivenessPredicate, NodeView, View } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { plainLiveness, rememberedWhileNodesStand } from '../../../protocols/tair/liveness-memo.ts';
import { client, table, viewOf } from './view-fixture.ts';

type Live = LivenessPredicate<TairState>;

/** Each predicate's remembered and plain answers after every event of the seed: [events compared, mismatches]. */
function compareAlong(seed: number, predicates: readonly Live[], bugs: readonly string[] = []): [number, string[]] {
  let compared = 0;
  const bad: string[] = [];
  runFuzzSeed({
    protocol: tairProtocol, seed, bugs,
    run: {
      onEvent: (_i, _r, v) => {
        const view = v as View<TairState>;
        for (const p of predicates) {
          const a = p.check(view);
          const b = plainLiveness(p).check(view);
          if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${compared} ${p.name}: ${String(a)} vs ${String(b)}`);
        }
        compared++;
      },
    },
  });
  return [compared, bad];
}

describe('tair liveness remembered while the nodes stand', () => {
  const remembered = tairProtocol.liveness.filter((p) => plainLiveness(p) !== p);

  it('wraps the five state-only predicates, not the tail checks (they read the history)', () => {
    expect(remembered.map((p) => p.name)).toEqual(['one-master', 'slave-synced', 'migrations-complete', 'dataservers-converged', 'clients-converged']);
  });

  it('agrees with the plain predicates after every event of clean fuzz seeds', () => {
    for (const seed of [1, 7, 860606]) {
      const [events, bad] = compareAlong(seed, remembered);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });

  it('agrees after every event of seeds with bug flags', () => {
    for (const bug of ['tair/peer-up-no-version-bump', 'tair/version-only-reply', 'tair/ds-down-without-probe']) {
      const [events, bad] = compareAlong(1, remembered, [bug]);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });

  it('the comparison catches a predicate the memory does not fit (a planted slip: it reads the time)', () => {
    const byTime = rememberedWhileNodesStand({ name: 'odd-second', description: 'reads the time', check: (v) => (Math.floor(v.nowUs / 1_000_000) % 2 === 1 ? 'odd second' : null) });
    const [, bad] = compareAlong(1, [byTime]);
    expect(bad.length).toBeGreaterThan(0);
  });

  it('a node taking another state, going down or restarting is answered afresh', () => {
    const seen: string[] = [];
    const p = rememberedWhileNodesStand({
      name: 'c1-has-table', description: 'c1 holds a table and is up',
      check: (v) => { const n = v.nodes[0]!; seen.push(n.id); return n.isUp && n.state?.kind === 'client' && n.state.table !== null ? null : 'no table'; },
    });
    const view = viewOf({ c1: client(null) });
    const node = view.nodes[0] as NodeView<TairState> & { state: TairState; isUp: boolean; incarnation: number };
    expect(p.check(view)).toBe('no table');
    expect(p.check(view)).toBe('no table');
    expect(seen.length).toBe(1);
    node.state = client(table(3, 'ds1'));
    expect(p.check(view)).toBeNull();
    node.isUp = false;
    expect(p.check(view)).toBe('no table');
    node.isUp = true;
    expect(p.check(view)).toBeNull();
    node.incarnation += 1;
    expect(p.check(view)).toBeNull();
    expect(seen.length).toBe(5);
    // Another view (another run) is answered afresh even with the same node states.
    expect(p.check(viewOf({ c1: node.state }))).toBeNull();
    expect(seen.length).toBe(6);
  });
});
