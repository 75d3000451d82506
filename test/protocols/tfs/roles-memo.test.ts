// tfs's roles() remembers its last answer (roles.ts) while each role's members (bits in node order) and the VIP
// holder are unchanged. After every event of fuzz seeds (clean and with a bug flag) the remembered answer equals the
// fresh one, and an unchanged view gives the very same object (sim/catalog-roles.ts skips re-reading it).
import { describe, expect, it } from 'vitest';
import { afterEveryEvent } from '../../support/compare-along.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';
import { rolesFresh, tfsRoles } from '../../../protocols/tfs/roles.ts';

/** Compares the remembered answer with the fresh one after every event: [events compared, answers reused, mismatches]. */
function compareAlong(seed: number, bugs: readonly string[] = []): [number, number, string[]] {
  let compared = 0;
  let reused = 0;
  let last: unknown = null;
  const bad: string[] = [];
  afterEveryEvent<TfsState>(tfsProtocol, seed, bugs, (view) => {
    const r = tfsRoles(view);
    if (r === last) reused++;
    last = r;
    const a = JSON.stringify(r);
    const b = JSON.stringify(rolesFresh(view));
    if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${compared}: ${a} vs ${b}`);
    if (tfsRoles(view) !== r && bad.length < 5) bad.push(`seed ${seed} event ${compared}: unchanged view, new answer`);
    compared++;
  });
  return [compared, reused, bad];
}

describe('tfs remembered roles agree with the fresh computation', () => {
  it('after every event of clean fuzz seeds', () => {
    for (const seed of [1000, 1003, 7001]) {
      const [events, reused, bad] = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
      expect(reused).toBeGreaterThan(0);
    }
  });

  it('after every event of seeds with a bug flag', () => {
    for (const bug of tfsProtocol.bugs.slice(0, 2).map((b) => b.id)) {
      const [events, , bad] = compareAlong(1001, [bug]);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });
});
