// tair's roles() remembers its last answer (roles.ts) while the up set and each configserver's part (down, slave,
// master) are unchanged, not while the configserver state objects are. After every event of fuzz seeds (clean and with
// a bug flag) the remembered answer equals the fresh one, an unchanged view gives the very same object, and most
// events reuse the answer (the state-keyed memo missed on most configserver events).
import { describe, expect, it } from 'vitest';
import { memoAlong } from '../../support/compare-along.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { rolesFresh, tairRoles } from '../../../protocols/tair/roles.ts';

const compareAlong = (seed: number, bugs: readonly string[] = []) =>
  memoAlong<TairState>(tairProtocol, seed, bugs, tairRoles, rolesFresh);

describe('tair remembered roles agree with the fresh computation', () => {
  it('after every event of clean fuzz seeds, reusing the answer on most events', () => {
    for (const seed of [1, 1000, 7001, 860606]) {
      const { compared: events, reused, bad } = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
      expect(reused).toBeGreaterThan(events * 0.9);
    }
  });

  it('after every event of seeds with a bug flag', () => {
    for (const bug of ['tair/peer-up-no-version-bump', 'tair/version-only-reply']) {
      const { compared: events, bad } = compareAlong(1, [bug]);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });
});
