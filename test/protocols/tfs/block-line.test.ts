// BlockMap's lines (block-map.ts Line, sharedPrefix) and the nameserver checks that scan only the entries a map added
// past the one last found clean: block-servers-are-dataservers (invariants.ts) and redundant-replicas-bounded
// (redundant-check.ts). sharedPrefix is checked against the maps' own entries over a
// history that branches (each step changes a random earlier version, not only the newest); the check is compared with
// a fresh full scan (a new view: nothing remembered) after every step of a nameserver's map growing, branching and
// losing entries, with servers that are no dataserver planted at every kind of position.
import { describe, expect, it } from 'vitest';
import type { NodeView } from '../../../sim/index.ts';
import { emptyBlocks, type BlockMap } from '../../../protocols/tfs/block-map.ts';
import { blockServersAreDataservers } from '../../../protocols/tfs/invariants.ts';
import { redundantReplicasBounded } from '../../../protocols/tfs/redundant-check.ts';
import type { NsState, TfsState } from '../../../protocols/tfs/index.ts';
import { viewOf } from './fake-view.ts';

function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 2 ** 32; };
}

type Servers = readonly string[];

/** One random step from `from`: mostly appends, some inserts below the top, value changes and removals. */
function step(from: BlockMap<Servers>, rnd: () => number, next: { id: number }, value: () => Servers): BlockMap<Servers> {
  const r = rnd();
  if (r < 0.7) return from.with((next.id += 1 + Math.floor(rnd() * 3)), value());
  if (r < 0.8 && from.size > 0) return from.with(from.idAt(Math.floor(rnd() * from.size)), value());
  if (r < 0.9) return from.with(Math.floor(rnd() * next.id), value());
  if (from.size > 0) return from.without([from.idAt(Math.floor(rnd() * from.size))]);
  return from;
}

/** The check's message from a scan of every entry (the dataservers are ds1..ds3). */
function plainVerdict(blocks: BlockMap<Servers>): string | null {
  const ds = new Set(['ds1', 'ds2', 'ds3']);
  for (let i = 0; i < blocks.size; i++) {
    for (const x of blocks.values[i]!) if (!ds.has(x)) return `ns1 lists ${JSON.stringify(x)} as a server of block ${blocks.ids[i]}, not a dataserver`;
  }
  return null;
}

describe('BlockMap lines and the clean-prefix scan of block-servers-are-dataservers', () => {
  it('maps of one line share the entries below the smaller size, over 3,000 branching steps', () => {
    const rnd = lcg(27);
    const versions: BlockMap<Servers>[] = [emptyBlocks<Servers>()];
    const next = { id: 100 };
    let shared = 0;
    for (let i = 0; i < 3000; i++) {
      const p = rnd();
      const from = versions[p < 0.75 ? versions.length - 1 : Math.floor(rnd() * versions.length)]!;
      versions.push(step(from, rnd, next, () => [`ds${Math.floor(rnd() * 4)}`]));
      // Against a few earlier versions: every entry below sharedPrefix is the same id and the same value object.
      const m = versions[versions.length - 1]!;
      for (let k = 0; k < 4; k++) {
        const o = versions[Math.max(0, versions.length - 1 - Math.floor(rnd() * 12))]!;
        const n = m.sharedPrefix(o);
        expect(n).toBe(o.sharedPrefix(m));
        expect(n).toBeLessThanOrEqual(Math.min(m.size, o.size));
        for (let j = 0; j < n; j++) {
          expect(m.idAt(j)).toBe(o.idAt(j));
          expect(m.valueAt(j)).toBe(o.valueAt(j));
        }
        if (n > 0 && m !== o) shared++;
      }
    }
    expect(shared).toBeGreaterThan(1000);
  });

  it('gives the full scan\'s verdict after every step of a nameserver\'s map, bad servers planted anywhere', () => {
    const rnd = lcg(2027);
    const base = { kind: 'ns', self: 'ns1', blocks: emptyBlocks<Servers>() } as unknown as NsState;
    const ds = { kind: 'ds' } as unknown as TfsState;
    // One view kept across the steps (the check's memory is per run and node), its ns1 state replaced at each step.
    const view = viewOf({ ns1: base, ds1: ds, ds2: ds, ds3: ds });
    const next = { id: 100 };
    let blocks = base.blocks;
    const history: BlockMap<Servers>[] = [blocks];
    let failed = 0;
    let passedAfterGrowth = 0;
    for (let i = 0; i < 2000; i++) {
      // Mostly good servers; now and then a client, a nameserver or a stranger listed (a failing map).
      const value = (): Servers => (rnd() < 0.02 ? ['ds1', ['c1', 'ns2', 'x'][Math.floor(rnd() * 3)]!] : [`ds${1 + Math.floor(rnd() * 3)}`]);
      const p = rnd();
      // Mostly the newest map; now and then an older one (a branch), which may hold an older bad entry.
      const from = p < 0.85 ? blocks : history[Math.floor(rnd() * history.length)]!;
      const grown = step(from, rnd, next, value);
      blocks = grown;
      history.push(blocks);
      (view.nodes as NodeView<TfsState>[])[0] = { ...view.nodes[0]!, state: { ...base, blocks } as NsState };
      const got = blockServersAreDataservers.check(view);
      // The plain verdict: every entry scanned, in order, as the check did before it remembered clean maps.
      expect(got, `step ${i}`).toBe(plainVerdict(blocks));
      // And a view of its own (nothing remembered) agrees.
      expect(blockServersAreDataservers.check(viewOf({ ns1: { ...base, blocks } as NsState, ds1: ds, ds2: ds, ds3: ds }))).toBe(got);
      if (got !== null) failed++;
      else if (blocks.sharedPrefix(from) > 0) passedAfterGrowth++;
      // A failing map is fixed again now and then (the next steps then start from a clean one).
      if (got !== null && rnd() < 0.5) blocks = emptyBlocks<Servers>().with(++next.id, ['ds1']);
    }
    expect(failed).toBeGreaterThan(20);
    expect(passedAfterGrowth).toBeGreaterThan(500);
  });

  it('redundant-replicas-bounded gives the whole walk\'s verdict after every step, lists over the cap or doubled planted anywhere', () => {
    const rnd = lcg(2028);
    const base = { kind: 'ns', self: 'ns1', blocks: emptyBlocks<Servers>(), maxReplication: 2 } as unknown as NsState;
    const ds = { kind: 'ds' } as unknown as TfsState;
    const view = viewOf({ ns1: base, ds1: ds });
    const plain = (blocks: BlockMap<Servers>): string | null => {
      for (let i = 0; i < blocks.size; i++) {
        const v = blocks.values[i]!;
        if (v.length > 2 || new Set(v).size < v.length) return `ns1 lists block ${blocks.ids[i]} on ${JSON.stringify(v)}, max_replication_ 2`;
      }
      return null;
    };
    const next = { id: 100 };
    let blocks = base.blocks;
    const history: BlockMap<Servers>[] = [blocks];
    let failed = 0;
    for (let i = 0; i < 2000; i++) {
      const value = (): Servers => { const r = rnd(); return r < 0.01 ? ['ds1', 'ds2', 'ds3'] : r < 0.02 ? ['ds2', 'ds2'] : ['ds1', 'ds2']; };
      const from = rnd() < 0.85 ? blocks : history[Math.floor(rnd() * history.length)]!;
      blocks = step(from, rnd, next, value);
      history.push(blocks);
      (view.nodes as NodeView<TfsState>[])[0] = { ...view.nodes[0]!, state: { ...base, blocks } as NsState };
      const got = redundantReplicasBounded.check(view);
      expect(got, `step ${i}`).toBe(plain(blocks));
      if (got !== null) failed++;
      if (got !== null && rnd() < 0.5) blocks = emptyBlocks<Servers>().with(++next.id, ['ds1']);
    }
    expect(failed).toBeGreaterThan(20);
  });
});
