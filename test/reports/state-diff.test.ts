// reports: structural state diffs — what the HTML replays to show every node's state at any event.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { produce } from 'immer';
import { applyOps, diffState, toJsonSafe } from '../../reports/index.ts';

type Doc = { readonly a: number; readonly log: readonly { readonly v: number }[]; readonly m: Readonly<Record<string, { readonly x: number; readonly tags: readonly string[] }>> };

/** One immer update drawn by fast-check: the shapes protocols use (counters, appended logs, keyed maps, truncations). */
const update = fc.oneof(
  fc.record({ k: fc.constant('inc' as const), n: fc.integer({ min: -5, max: 5 }) }),
  fc.record({ k: fc.constant('push' as const), v: fc.integer() }),
  fc.record({ k: fc.constant('shift' as const) }),
  fc.record({ k: fc.constant('truncate' as const), keep: fc.nat(6) }),
  fc.record({ k: fc.constant('set' as const), key: fc.constantFrom('p', 'q', 'r'), x: fc.integer() }),
  fc.record({ k: fc.constant('tag' as const), key: fc.constantFrom('p', 'q', 'r'), t: fc.string({ maxLength: 3 }) }),
  fc.record({ k: fc.constant('del' as const), key: fc.constantFrom('p', 'q', 'r') }),
  fc.record({ k: fc.constant('edit' as const), i: fc.nat(8), v: fc.integer() }),
);

type Update = typeof update extends fc.Arbitrary<infer U> ? U : never;

function applyUpdate(s: Doc, u: Update): Doc {
  return produce(s, (d) => {
    switch (u.k) {
      case 'inc': d.a += u.n; break;
      case 'push': d.log.push({ v: u.v }); break;
      case 'shift': d.log.shift(); break;
      case 'truncate': d.log.length = Math.min(d.log.length, u.keep); break;
      case 'set': d.m[u.key] = { x: u.x, tags: d.m[u.key]?.tags ?? [] }; break;
      case 'tag': if (d.m[u.key]) d.m[u.key]!.tags.push(u.t); break;
      case 'del': delete d.m[u.key]; break;
      case 'edit': if (d.log[u.i]) d.log[u.i]!.v = u.v; break;
    }
  });
}

describe('reports: state diffs', () => {
  it('rebuilds every state of a random update sequence from the previous one and its diff', () => {
    fc.assert(fc.property(fc.array(update, { maxLength: 40 }), (updates) => {
      let prev: Doc | undefined;
      let cur: Doc = { a: 0, log: [], m: {} };
      const steps: (Update | null)[] = [null, ...updates];
      let json: unknown = null;
      for (const u of steps) {
        if (u !== null) cur = applyUpdate(cur, u);
        json = applyOps(json, diffState(prev, cur));
        expect(json).toEqual(toJsonSafe(cur));
        prev = cur;
      }
    }), { numRuns: 200, seed: 7 });
  });

  it('sends only the appended item when a long log grows', () => {
    const prev = { log: Array.from({ length: 1000 }, (_, i) => ({ v: i })) };
    const cur = produce(prev, (d) => { d.log.push({ v: 1000 }); });
    expect(diffState(prev, cur)).toEqual([['t', ['log'], 1000, [{ v: 1000 }]]]);
  });

  it('records a node going down as a whole-state null and coming back as a whole state', () => {
    const st = { a: 1 };
    expect(diffState(st, undefined)).toEqual([['s', [], null]]);
    expect(diffState(undefined, st)).toEqual([['s', [], { a: 1 }]]);
    expect(diffState(st, st)).toEqual([]);
  });

  it('makes Maps, Sets and bigints JSON-safe', () => {
    expect(toJsonSafe({ m: new Map<string, unknown>([['b', 1], ['a', new Set([2n])]]), u: undefined })).toEqual({ m: { a: ['2'], b: 1 } });
  });

  it('never lets a later in-place edit change the recorded ops', () => {
    const ops = diffState({ xs: [] as number[][] }, { xs: [[1]] });
    const root = applyOps({ xs: [] }, ops) as { xs: number[][] };
    root.xs[0]!.push(99);
    expect(ops).toEqual([['t', ['xs'], 0, [[1]]]]);
  });
});
