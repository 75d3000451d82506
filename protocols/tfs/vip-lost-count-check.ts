// vip-lost-count-kept: while a nameserver's VIP stays away (isVipLocal false across consecutive states of one
// incarnation), the time it left (vipLostAtUs) stays put and the count of check_ passes since (checksSinceVipLost)
// never goes down. Both are set when the VIP leaves (onVipNews) and the count grows at each check_ pass (ns.ts tick);
// master-only-with-vip judges a master's acts by them, and onVipNews's vip-returned-unseen branch decides by the count
// being 0. Mutation survivor ns-role.ts:52 (`if (isLocal === s.isVipLocal) return s` → `if (false)`, twelfth session):
// every repeated ping without the VIP restarts both, which hides late master acts from the check and can take the VIP's
// return for an unseen one.
import type { Invariant } from '../../sim/index.ts';
import { previousInIncarnation } from '../../sim/index.ts';
import { NAMESERVERS, asNs } from './state.ts';
import type { NsState, TfsState } from './state.ts';

export function vipLostCountProblem(id: string, p: NsState, s: NsState): string | null {
  if (p.isVipLocal || s.isVipLocal) return null;
  if (s.vipLostAtUs !== p.vipLostAtUs) return `${id} still without the VIP moved the time it lost it from ${String(p.vipLostAtUs)} to ${String(s.vipLostAtUs)}`;
  if (s.checksSinceVipLost < p.checksSinceVipLost) return `${id} still without the VIP counted its check_ passes since back from ${p.checksSinceVipLost} to ${s.checksSinceVipLost}`;
  return null;
}

export const vipLostCountKept: Invariant<TfsState> = ((): Invariant<TfsState> => {
  // The previous state seen of each nameserver in its incarnation (states are immutable; per run: sim/run-memory.ts).
  const previousOf = previousInIncarnation<NsState>();
  return {
    name: 'vip-lost-count-kept',
    description: "while a nameserver's VIP stays away, the time it left stays put and the count of check_ passes since never goes down",
    scope: 'states',
    check(view) {
      for (const id of NAMESERVERS) {
        const n = view.nodes.find((x) => x.id === id);
        const s = n?.isUp === true ? asNs(n.state) : undefined;
        if (n === undefined || s === undefined) continue;
        const p = previousOf(view, n, s);
        if (p === undefined) continue;
        const found = vipLostCountProblem(id, p, s);
        if (found !== null) return found;
      }
      return null;
    },
  };
})();
