// tair's roles() remembers its last answer (roles.ts) while the up set and each configserver's part (down, slave,
// master) are unchanged, not while the configserver state objects are. After every event of fuzz seeds (clean and with
// a bug flag) the remembered answer equals the fresh one, an unchanged view gives the very same object, and most
// events reuse the answer (the state-keyed memo missed on most configserver events).
import { describe, expect, it } from 'vitest';
import { afterEveryEvent } from '../../support/compare-along.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { rolesFresh, tairRoles } from '../../../protocols/tair/roles.ts';

/** Compares the remembered answer with the fresh one after every event: [events compared, answers reused, mismatches]. */
function compareAlong(seed: number, bugs: readonly string[] = []): [number, number, string[]] {
  let compared = 0;
  let reused = 0;
  let last: unknown = null;
  const bad: string[] = [];
  afterEveryEvent<TairState>(tairProtocol, seed, bugs, (view) => {
    const r = tairRoles(view);
    if (r === last) reused++;
    last = r;
    const a = JSON.stringify(r);
    const b = JSON.stringify(rolesFresh(view));
    if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${compared}: ${a} vs ${b}`);
    if (tairRoles(view) !== r && bad.length < 5) bad.push(`seed ${seed} event ${compared}: unchanged view, new answer`);
    compared++;
  });
  return [compared, reused, bad];
}

describe('tair remembered roles agree with the fresh computation', () => {
  it('after every event of clean fuzz seeds, reusing the answer on most events', () => {
    for (const seed of [1, 1000, 7001, 860606]) {
      const [events, reused, bad] = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
      expect(reused).toBeGreaterThan(events * 0.9);
    }
  });

  it('after every event of seeds with a bug flag', () => {
    for (const bug of ['tair/peer-up-no-version-bump', 'tair/version-only-reply']) {
      const [events, , bad] = compareAlong(1, [bug]);
      expect(bad).toEqual([]);
      expect(events).toBeGreaterThan(100);
    }
  });
});
