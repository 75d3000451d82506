// block-lease-exclusive: no block is leased for writing to two dataservers at once, judged on global time.
import type { Invariant, View } from '../../sim/index.ts';
import type { TfsState } from './state.ts';

interface SeenLease { readonly ds: string; readonly endUs: number }

interface Memo {
  /** Per DS: the incarnation and grant seq last observed. */
  readonly lastSeen: Map<string, string>;
  /** Per block: the latest lease observed, with its end in global time. */
  readonly leases: Map<number, SeenLease>;
}

/**
 * Each DS knows its lease only in its own clock; the checker turns a grant into global time when it first
 * sees it (the event that delivered it) plus the time the DS had left on it. One memo per run (per view).
 */
const memos = new WeakMap<View<TfsState>, Memo>();

export const blockLeaseExclusive: Invariant<TfsState> = {
  name: 'block-lease-exclusive',
  description: 'a block write lease is held by at most one dataserver at a time, across master switches (F4)',
  check(view) {
    let memo = memos.get(view);
    if (memo === undefined) {
      memo = { lastSeen: new Map(), leases: new Map() };
      memos.set(view, memo);
    }
    for (const n of view.nodes) {
      const s = n.state;
      if (!n.isUp || s?.kind !== 'ds' || s.lastGrant === null) continue;
      const key = `${n.incarnation}:${s.lastGrant.seq}`;
      if (memo.lastSeen.get(n.id) === key) continue;
      memo.lastSeen.set(n.id, key);
      const g = s.lastGrant;
      const prev = memo.leases.get(g.blockId);
      memo.leases.set(g.blockId, { ds: n.id, endUs: view.nowUs + g.remainingUs });
      if (prev !== undefined && prev.ds !== n.id && prev.endUs > view.nowUs) {
        return `block ${g.blockId} leased to ${n.id} while ${prev.ds} holds it for another ${prev.endUs - view.nowUs}us`;
      }
    }
    return null;
  },
};
