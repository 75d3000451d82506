// establish_peer_role_ asks the peer keepaliveTriesMax times (500 ms x 2 by default), no more, no fewer, before it gives up.
import { nsInvariant } from './ns-invariant.ts';

/**
 * Why: a VIP holder whose peer does not answer GET_PEER_ROLE switches to master (or finishes initialize()) only after
 * keepaliveTriesMax unanswered tries (heart_manager.cpp establish_peer_role_: the RPC's retry count). Fewer tries make a
 * silent-but-alive master (a pause, a clogged link) easier to miss, so two masters serve; more, or an unbounded loop,
 * delay or stop the failover. Neither breaks another invariant at once: the peer usually answers, or a late switch
 * still happens within the liveness bound. So, per event: a pending role ask is on try 1..triesMax (the bound recorded
 * when it was sent), and the last ask given up unanswered had made exactly keepaliveTriesMax tries. Added for the
 * mutation sample's ns-role.ts retry-bound survivors (`<=`, `>=`, `true`, `false`, `tries - 1`); the ask's kind
 * (initialize()'s only while uninitialized, the check_ loop's after) for the same line's retried-kind survivors
 * (`kind === 'startup-role'` → `true`: a switch's retry became a start-up ask, whose give-up finishes start-up instead
 * of switching; a kind emptied).
 */
export const roleAskTriesBounded = nsInvariant(
  'role-ask-tries-bounded',
  "establish_peer_role_ asks the peer on tries 1..keepaliveTriesMax, as initialize()'s ask only while uninitialized and as the check_ loop's only after, and gives an unanswered ask up only after exactly keepaliveTriesMax tries",
  (s, { id }) => {
    const ask = s.roleAsk;
    if (ask !== null && ask.triesMax !== undefined && (ask.tries < 1 || ask.tries > ask.triesMax)) {
      return `${id} asks its peer's role on try ${ask.tries}, outside 1..${ask.triesMax}`;
    }
    // initialize()'s ask (startup-role: the answer finishes start-up) only while uninitialized; the check_ loop's
    // (get-role: the answer or the give-up switches) only after, on every try (the retry keeps the ask's kind).
    const kind = s.status === 'uninitialized' ? 'startup-role' : 'get-role';
    if (ask !== null && ask.triesMax !== undefined && ask.kind !== kind) return `${id} (${s.status}) asks its peer's role as '${ask.kind}' on try ${ask.tries}, not '${kind}'`;
    const g = s.roleAskGivenUp;
    if (g !== undefined && g !== null && g.tries !== g.triesMax) return `${id} gave its ${g.kind} ask up after ${g.tries} unanswered tries, not ${g.triesMax}`;
    return null;
  },
);
