// coverage.ts's learnersKey reads a leader's learner connections from learner-conns.ts's remembered list instead of a
// for-in over the record. After every event of fuzz seeds, every leader's key equals the one a for-in walk gives.
import { describe, expect, it } from 'vitest';
import { afterEveryEvent } from '../../support/compare-along.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { learnersKey } from '../../../protocols/zab/coverage.ts';
import type { LeaderRole, ZabNode } from '../../../protocols/zab/state.ts';

/** The key as a for-in over the record gives it (the full path). */
function learnersKeyWalked(r: LeaderRole): string {
  let any = false;
  for (const k in r.learners) {
    any = true;
    if (!r.learners[k]!.isSynced) return 'lrn:syncing';
  }
  return any ? 'lrn:synced' : 'lrn:-';
}

describe('zab learnersKey from the remembered connection list', () => {
  it('equals the for-in walk for every leader after every event of fuzz seeds', () => {
    let leaders = 0;
    const bad: string[] = [];
    for (const seed of [1, 7, 1000, 7000]) {
      // afterEveryEvent, not agreeAlong: a key is never null, and agreeAlong stops at the first non-null fresh answer.
      afterEveryEvent<ZabNode>(zabProtocol, seed, [], (view, i) => {
        for (const n of view.nodes) {
          const r = n.state?.role;
          if (r?.type !== 'leader') continue;
          leaders++;
          const fast = learnersKey(r);
          const walked = learnersKeyWalked(r);
          if (fast !== walked && bad.length < 5) bad.push(`seed ${seed} event ${i} ${n.id}: ${fast} vs ${walked}`);
        }
      });
    }
    expect(bad).toEqual([]);
    expect(leaders).toBeGreaterThan(1000);
  });
});
