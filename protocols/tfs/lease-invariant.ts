// block-lease-exclusive: no block is leased for writing to two dataservers at once, judged on global time.
import type { Invariant, View } from '../../sim/index.ts';
import type { TfsState } from './state.ts';
import { dsInvariant } from './ns-invariant.ts';

/** granter: the nameserver that sent the grant; returnsUnseen: each nameserver's vipReturnsUnseen when it was seen. */
interface SeenLease { readonly ds: string; readonly endUs: number; readonly lengthUs: number; readonly granter: string; readonly returnsUnseen: ReadonlyMap<string, number> }

/** A DS's incarnation and the seq of its grant (or write) last observed. */
interface Seen { readonly incarnation: number; readonly seq: number }

interface Memo {
  /** Per DS: the incarnation and grant seq last observed, and the same for writes. */
  readonly lastSeen: Map<string, Seen>;
  readonly lastWriteSeen: Map<string, Seen>;
  /** Per block: the latest lease observed, with its end in global time. */
  readonly leases: Map<number, SeenLease>;
}

/**
 * Each DS knows its lease only in its own clock; the checker turns a grant into global time when it first
 * sees it (the event that delivered it) plus the time the DS had left on it. One memo per run (per view).
 */
const memos = new WeakMap<View<TfsState>, Memo>();

function memoOf(view: View<TfsState>): Memo {
  let memo = memos.get(view);
  if (memo === undefined) {
    memo = { lastSeen: new Map(), lastWriteSeen: new Map(), leases: new Map() };
    memos.set(view, memo);
  }
  return memo;
}

/** Is (incarnation, seq) the pair last observed for this DS in `seen`? If not, it is recorded as observed now. */
function isSeen(seen: Map<string, Seen>, id: string, incarnation: number, seq: number): boolean {
  const last = seen.get(id);
  if (last !== undefined && last.incarnation === incarnation && last.seq === seq) return true;
  seen.set(id, { incarnation, seq });
  return false;
}

/** Clock drift (at most 500 ppm in fuzzing) may stretch a lease by this share of its length. */
const DRIFT_ALLOWANCE_PER_US = 1 / 1000;

function returnsUnseenOf(view: View<TfsState>): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const n of view.nodes) if (n.state?.kind === 'ns') counts.set(n.id, n.state.vipReturnsUnseen);
  return counts;
}

/**
 * Trunk's permitted overlap (anomaly vip-returned-unseen, ns-role.ts): the earlier lease came from the other
 * nameserver, and since it was seen the granter got the VIP back before any check_ pass saw it gone, so it is master
 * with no apply_block safe window and no memory of that lease. Any other overlap still fails.
 */
function isExcusedByVipReturn(prev: SeenLease, granter: string, now: ReadonlyMap<string, number>): boolean {
  return prev.granter !== granter && (now.get(granter) ?? 0) > (prev.returnsUnseen.get(granter) ?? 0);
}

/**
 * Both checks act only at the event where a DS's grant (or write) seq or incarnation first differs from what they
 * observed, and that event changed the DS (a new state object, or a restart): so each is judged only for the
 * dataservers an event changed (scope 'node'), and reads the clock and the nameservers' states at that same event as
 * a check after every event did.
 */
export const blockLeaseExclusive: Invariant<TfsState> = dsInvariant(
  'block-lease-exclusive',
  'a block write lease is held by at most one dataserver at a time, across master switches (F4)',
  (s, n, view) => {
    const g = s.lastGrant;
    if (g === null) return null;
    const memo = memoOf(view);
    if (isSeen(memo.lastSeen, n.id, n.incarnation, g.seq)) return null;
    const prev = memo.leases.get(g.blockId);
    const returnsUnseen = returnsUnseenOf(view);
    memo.leases.set(g.blockId, { ds: n.id, endUs: view.nowUs + g.remainingUs, lengthUs: g.remainingUs, granter: g.from, returnsUnseen });
    if (prev !== undefined && prev.ds !== n.id && prev.endUs > view.nowUs && !isExcusedByVipReturn(prev, g.from, returnsUnseen)) {
      return `block ${g.blockId} leased to ${n.id} while ${prev.ds} holds it for another ${prev.endUs - view.nowUs}us`;
    }
    return null;
  },
);

/** Runs after block-lease-exclusive in the same check, so a grant is in the memo before a write under it. */
export const writesUnderLease: Invariant<TfsState> = dsInvariant(
  'writes-under-lease',
  'a dataserver takes a write for a block only while it holds the latest lease on it, before that lease ends (global time)',
  (s, n, view) => {
    const w = s.lastWrite;
    if (w === null) return null;
    const memo = memoOf(view);
    if (isSeen(memo.lastWriteSeen, n.id, n.incarnation, w.seq)) return null;
    const lease = memo.leases.get(w.blockId);
    if (lease === undefined || lease.ds !== n.id) return `${n.id} took a write for block ${w.blockId} whose lease is ${lease === undefined ? 'unknown' : `${lease.ds}'s`}`;
    const lateUs = view.nowUs - lease.endUs;
    if (lateUs > lease.lengthUs * DRIFT_ALLOWANCE_PER_US) return `${n.id} took a write for block ${w.blockId} ${lateUs}us after its lease ended`;
    return null;
  },
);
