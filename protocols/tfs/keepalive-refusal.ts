// A keepalive refused by a nameserver that may not act as master (ns-lease.ts onKeepalive's `!mayAct` answer): an
// observation on the refuser's state, the probe a scenario expects and the "sometimes" mark a campaign counts.
// Why: the refusal changes nothing in the refuser's decisions and its answer only clears the slave's pending
// keepalive, so without this record no check can tell that the path ran (its two mutants survived 40-seed runs).
import type { Probe, View } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { KeepaliveKind, NsRole } from './messages.ts';
import type { NsState, NsStatus, TfsState } from './state.ts';

/** The refusals so far and the last one's context: the keepalive's kind and the refuser's role, status and VIP state. */
export interface KeepaliveRefusal {
  readonly count: number;
  readonly atUs: number;
  readonly kind: KeepaliveKind;
  readonly role: NsRole;
  readonly status: NsStatus;
  readonly isVipLocal: boolean;
}

/** Observation only: never read by a decision, so the trace is the same with or without it. */
export function noteKeepaliveRefused(s: NsState, kind: KeepaliveKind, nowUs: number): NsState {
  const count = (s.keepaliveRefusal?.count ?? 0) + 1;
  return patchedNs(s, { keepaliveRefusal: { count, atUs: nowUs, kind, role: s.role, status: s.status, isVipLocal: s.isVipLocal } });
}

/** Has this nameserver refused a keepalive because it may not act (the coverage mark asks it of changed nameservers)? */
export const hasRefusedKeepalive = (s: NsState): boolean => s.keepaliveRefusal !== undefined;

/** Has some nameserver (its state in view: up, paused, or crashed with its last state kept) refused a keepalive because it may not act? */
export function isKeepaliveRefused(view: View<TfsState>): boolean {
  for (const n of view.nodes) {
    const s = n.state;
    if (s !== undefined && s.kind === 'ns' && hasRefusedKeepalive(s)) return true;
  }
  return false;
}

export const KEEPALIVE_REFUSAL_PROBES: Readonly<Record<string, Probe<TfsState>>> = {
  'keepalive-refused-may-not-act': {
    description: "a nameserver that may not act as master (a slave, an uninitialized master outside do_master_msg_helper's acts, or a master whose VIP check stepped it down) answered a slave's keepalive with a refusal (ns-lease.ts onKeepalive, error 'role')",
    check: (view: View<TfsState>) => (isKeepaliveRefused(view) ? null : 'no nameserver refused a keepalive'),
  },
};
