// establish_peer_role_ asks the peer keepaliveTriesMax times (500 ms x 2 by default), no more, no fewer, before it gives up.
import type { Invariant, View } from '../../sim/index.ts';
import { NAMESERVERS, asNs } from './state.ts';
import type { TfsState } from './state.ts';

/**
 * Why: a VIP holder whose peer does not answer GET_PEER_ROLE switches to master (or finishes initialize()) only after
 * keepaliveTriesMax unanswered tries (heart_manager.cpp establish_peer_role_: the RPC's retry count). Fewer tries make a
 * silent-but-alive master (a pause, a clogged link) easier to miss, so two masters serve; more, or an unbounded loop,
 * delay or stop the failover. Neither breaks another invariant at once: the peer usually answers, or a late switch
 * still happens within the liveness bound. So, per event: a pending role ask is on try 1..triesMax (the bound recorded
 * when it was sent), and the last ask given up unanswered had made exactly keepaliveTriesMax tries. Added for the
 * mutation sample's ns-role.ts retry-bound survivors (`<=`, `>=`, `true`, `false`, `tries - 1`).
 */
export const roleAskTriesBounded: Invariant<TfsState> = {
  name: 'role-ask-tries-bounded',
  description: 'establish_peer_role_ asks the peer on tries 1..keepaliveTriesMax and gives an unanswered ask up only after exactly keepaliveTriesMax tries',
  scope: 'states',
  check(view: View<TfsState>) {
    for (const id of NAMESERVERS) {
      const n = view.nodes.find((x) => x.id === id);
      const s = n?.isUp === true ? asNs(n.state) : undefined;
      if (s === undefined) continue;
      const ask = s.roleAsk;
      if (ask !== null && ask.triesMax !== undefined && (ask.tries < 1 || ask.tries > ask.triesMax)) {
        return `${id} asks its peer's role on try ${ask.tries}, outside 1..${ask.triesMax}`;
      }
      const g = s.roleAskGivenUp;
      if (g !== undefined && g !== null && g.tries !== g.triesMax) return `${id} gave its ${g.kind} ask up after ${g.tries} unanswered tries, not ${g.triesMax}`;
    }
    return null;
  },
};
