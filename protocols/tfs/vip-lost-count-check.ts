// vip-lost-count-kept: while a nameserver's VIP stays away (isVipLocal false across consecutive states of one
// incarnation), the time it left (vipLostAtUs) stays put and the count of check_ passes since (checksSinceVipLost)
// never goes down. Both are set when the VIP leaves (onVipNews) and the count grows at each check_ pass (ns.ts tick);
// master-only-with-vip judges a master's acts by them, and onVipNews's vip-returned-unseen branch decides by the count
// being 0. Mutation survivor ns-role.ts:52 (`if (isLocal === s.isVipLocal) return s` → `if (false)`, twelfth session):
// every repeated ping without the VIP restarts both, which hides late master acts from the check and can take the VIP's
// return for an unseen one.
import type { Invariant } from '../../sim/index.ts';
import { previousInIncarnation } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { nsInvariant } from './ns-invariant.ts';

export function vipLostCountProblem(id: string, p: NsState, s: NsState): string | null {
  if (p.isVipLocal || s.isVipLocal) return null;
  if (s.vipLostAtUs !== p.vipLostAtUs) return `${id} still without the VIP moved the time it lost it from ${String(p.vipLostAtUs)} to ${String(s.vipLostAtUs)}`;
  if (s.checksSinceVipLost < p.checksSinceVipLost) return `${id} still without the VIP counted its check_ passes since back from ${p.checksSinceVipLost} to ${s.checksSinceVipLost}`;
  return null;
}

export const vipLostCountKept: Invariant<TfsState> = ((): Invariant<TfsState> => {
  // The previous state seen of each nameserver in its incarnation (states are immutable; per run: sim/run-memory.ts).
  const previousOf = previousInIncarnation<NsState>();
  // Judged only when the nameserver changed (scope 'node'): an unchanged state is the same object, for which the memory
  // answers nothing and records nothing new, so skipping it leaves both as they were.
  return nsInvariant(
    'vip-lost-count-kept',
    "while a nameserver's VIP stays away, the time it left stays put and the count of check_ passes since never goes down",
    (s, n, view) => {
      const p = previousOf(view, n, s);
      return p === undefined ? null : vipLostCountProblem(n.id, p, s);
    },
  );
})();
