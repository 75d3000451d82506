// committed-durable-on-quorum answers an ask whose inputs (per node: id, isUp, incarnation, a state or not, and of the
// state its history, durableCount, committedCount and established epoch; its log file; the highest established epoch)
// are the ones of the last ask from memory (invariants.ts DurableAsked). After every event of fuzz seeds, clean and with
// the bug flags that break the check, the remembered answer and excuse equal the ones worked out afresh. (The fresh
// call refreshes the check's memory; that it changes nothing the check reads is what the trace-hash checks guard.)
import { describe, expect, it } from 'vitest';
import { afterEveryEvent } from '../../support/compare-along.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { committedDurableOnQuorum, durableOnQuorumNow } from '../../../protocols/zab/invariants.ts';
import { excuseOf } from '../../../protocols/zab/page-cache-excuse.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

/** [asks compared, answers that held a message or excuse, mismatches] along one seed. */
function compareAlong(seed: number, bugs: readonly string[] = []): [number, number, string[]] {
  let compared = 0;
  let loud = 0;
  const bad: string[] = [];
  afterEveryEvent<ZabNode>(zabProtocol, seed, bugs, (view, i) => {
    const remembered = committedDurableOnQuorum.check(view);
    const excuse = excuseOf(view).last;
    const fresh = durableOnQuorumNow(view);
    const freshExcuse = excuseOf(view).last;
    if ((remembered !== fresh || excuse !== freshExcuse) && bad.length < 5) bad.push(`seed ${seed} event ${i}: ${remembered} / ${excuse} vs ${fresh} / ${freshExcuse}`);
    if (fresh !== null || freshExcuse !== null) loud++;
    compared++;
  });
  return [compared, loud, bad];
}

describe('zab committed-durable-on-quorum, remembered answers', () => {
  it('equal the fresh answer after every event of clean fuzz seeds', () => {
    for (const seed of [1, 7, 1_670_067]) {
      const [asks, , bad] = compareAlong(seed);
      expect(bad).toEqual([]);
      expect(asks).toBeGreaterThan(300);
    }
  });
  it('equal the fresh answer with the bug flags that break the check (violations included)', () => {
    let loud = 0;
    for (const bug of ['zab/ack-before-fsync', 'zab/commit-without-quorum', 'zab/zk-3642-snap-not-persisted']) {
      for (const seed of [1, 2, 3]) {
        const [, l, bad] = compareAlong(seed, [bug]);
        expect(bad).toEqual([]);
        loud += l;
      }
    }
    expect(loud).toBeGreaterThan(0);
  });
});
