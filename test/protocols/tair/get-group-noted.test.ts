// get-group-answered notes a configserver's answer again only when its table object or phase changed (answerOf reads
// only those): after every event of fuzz seeds (clean and with bug flags) the answer it holds for each configserver is
// the one answerOf gives afresh ('down' for a configserver that is down).
import { describe, expect, it } from 'vitest';
import { afterEveryEvent } from '../../support/compare-along.ts';
import { runOptions } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import { CS_IDS } from '../../../protocols/tair/options.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { answerOf, lastNotedAnswer } from '../../../protocols/tair/get-group-invariant.ts';
import { csState } from '../../../protocols/tair/view-helpers.ts';

function compareAlong(seed: number, bugs: readonly string[] = []): [number, string[]] {
  let compared = 0;
  const bad: string[] = [];
  afterEveryEvent<TairState>(tairProtocol, seed, bugs, (view, i) => {
    const min = runOptions<TairOptions>(view)!.minConfigVersion;
    for (const id of CS_IDS) {
      const noted = lastNotedAnswer(view, id);
      if (noted === undefined) continue;
      const s = csState(view, id);
      const fresh = s === undefined ? 'down' : answerOf(s, min);
      if (noted !== fresh && bad.length < 5) bad.push(`seed ${seed} event ${i} ${id}: ${noted} vs ${fresh}`);
      compared++;
    }
  });
  return [compared, bad];
}

describe('get-group-answered: the noted configserver answers agree with answerOf', () => {
  it('after every event of clean fuzz seeds and seeds with bug flags', () => {
    for (const [seed, bugs] of [[1, []], [1000, []], [7001, []], [1, ['tair/version-only-reply']], [2, ['tair/peer-up-no-version-bump']]] as const) {
      const [compared, bad] = compareAlong(seed, bugs);
      expect(bad).toEqual([]);
      expect(compared).toBeGreaterThan(100);
    }
  });
});
