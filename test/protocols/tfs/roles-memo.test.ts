// tfs's roles() remembers its last answer (roles.ts) while each role's members (bits in node order) and the VIP
// holder are unchanged. After every event of fuzz seeds (clean and with a bug flag) the remembered answer equals the
// fresh one, and an unchanged view gives the very same object (sim/catalog-roles.ts skips re-reading it).
import { describe, expect, it } from 'vitest';
import { memoAlong } from '../../support/compare-along.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';
import { rolesFresh, tfsRoles } from '../../../protocols/tfs/roles.ts';

const compareAlong = (seed: number, bugs: readonly string[] = []) =>
  memoAlong<TfsState>(tfsProtocol, seed, bugs, tfsRoles, rolesFresh);

describe('tfs remembered roles agree with the fresh computation', () => {
  it('after every event of clean fuzz seeds', () => {
    for (const seed of [1000, 1003, 7001]) {
      const { compared: events, reused, bad } = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
      expect(reused).toBeGreaterThan(0);
    }
  });

  it('after every event of seeds with a bug flag', () => {
    for (const bug of tfsProtocol.bugs.slice(0, 2).map((b) => b.id)) {
      const { compared: events, bad } = compareAlong(1001, [bug]);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });
});
