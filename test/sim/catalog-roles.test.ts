// The catalog's per-node roles (sim/catalog-roles.ts): answers read as bit masks per node must give exactly what the
// general path (each node's list built from the answer sorted by role key, as the catalog always did) gives: the same
// role entries in the same order, the same roles and joined text per node, the same history.
import { describe, expect, it } from 'vitest';
import { NodeRoles } from '../../sim/catalog-roles.ts';
import { Prng } from '../../sim/prng.ts';

const IDS = ['n1', 'n2', 'n3', 'n4', 'c1'];
const collate = new Intl.Collator().compare;

/** A random roles() answer: random role keys (in random order), each with a random list of nodes, sometimes odd ones. */
function answer(prng: Prng, keys: readonly string[], isOdd: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of [...keys].sort(() => prng.int(3) - 1)) {
    if (prng.int(4) === 0) continue;
    const ids = IDS.filter(() => prng.int(3) === 0).sort(() => prng.int(3) - 1);
    // A node listed twice, or an id that is no node of the view: masks cannot read these.
    if (isOdd && prng.int(8) === 0 && ids.length > 0) ids.push(ids[0]!);
    if (isOdd && prng.int(8) === 0) ids.push('stranger');
    out[k] = ids;
  }
  return out;
}

/** Everything a NodeRoles tells after each answer. */
function replay(answers: readonly Record<string, string[]>[], maskBits: number | undefined, order = collate): unknown[] {
  const log: unknown[] = [];
  const book = new NodeRoles(IDS, order, (role, node, atUs) => log.push(['entry', role, node, atUs]), maskBits);
  answers.forEach((a, t) => {
    book.update(a, t * 10);
    for (const id of [...IDS, 'stranger']) log.push([id, book.rolesOf(id), book.joinedOf(id), book.at(id, t * 10 - 15)]);
  });
  return log;
}

describe('catalog roles: masks and the general path agree', () => {
  const cases: readonly [string, readonly string[], boolean][] = [
    ['plain role keys', ['leader', 'followers', 'lagging', 'catching-up', 'observer'], false],
    ['duplicates and strangers now and then', ['leader', 'followers', 'lagging', 'catching-up'], true],
    ['a key with a comma', ['leader', 'a,b', 'a', 'b'], false],
    ['an empty key', ['leader', '', 'lagging'], false],
  ];
  for (const [name, keys, isOdd] of cases) {
    it(name, () => {
      for (let seed = 0; seed < 20; seed++) {
        const prng = new Prng(seed, 'catalog-roles-test');
        const answers = Array.from({ length: 60 }, () => answer(prng, keys, isOdd));
        expect(replay(answers, undefined)).toEqual(replay(answers, 0));
      }
    });
  }

  it('more role keys than a mask holds, and keys that collate equal', () => {
    const many = Array.from({ length: 40 }, (_, i) => `role-${i}`);
    const prng = new Prng(1, 'catalog-roles-test');
    const answers = Array.from({ length: 60 }, () => answer(prng, many, false));
    expect(replay(answers, undefined)).toEqual(replay(answers, 0));
    // A case-blind order ties 'Leader' and 'leader': the general path's stable sort keeps the answer's order then.
    const blind = (a: string, b: string): number => collate(a.toLowerCase(), b.toLowerCase());
    const tied = Array.from({ length: 60 }, () => answer(prng, ['leader', 'Leader', 'lagging'], false));
    expect(replay(tied, undefined, blind)).toEqual(replay(tied, 0, blind));
  });

  it('an answer that repeats the last one (the same object, or a copy listing the same ids) is skipped as reading it would', () => {
    for (let seed = 0; seed < 20; seed++) {
      const prng = new Prng(seed, 'catalog-roles-repeats');
      const answers: Record<string, string[]>[] = [];
      for (let t = 0; t < 60; t++) {
        const a = answer(prng, ['leader', 'followers', 'lagging', 'catching-up'], seed % 2 === 1);
        answers.push(a);
        // Repeated as the same object, as a copy, or as a copy with its keys in another order.
        const copy = Object.fromEntries(Object.entries(a).map(([k, ids]) => [k, [...ids]]));
        const reordered = Object.fromEntries(Object.entries(copy).reverse());
        for (let r = prng.int(3); r > 0; r--) answers.push([a, copy, reordered][prng.int(3)]!);
      }
      // The general path (maskBits 0) reads every answer afresh: no skipping there.
      expect(replay(answers, undefined)).toEqual(replay(answers, 0));
    }
  });
});
