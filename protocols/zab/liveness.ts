// The liveness bound and the progress check: after the heal, a client write issued then is committed by the leader
// and applied by every server synced with it (the tail writes of workload.ts).
import type { LivenessPredicate, View } from '../../sim/index.ts';
import { seconds } from '../../sim/index.ts';
import type { ZabNode, LearnerRole } from './state.ts';
import type { ZabOptions } from './options.ts';
import { initLimitUs, syncLimitUs } from './options.ts';
import { establishedLeader } from './roles.ts';

/**
 * Liveness bound: a LOOKING server may sit out the full notification back-off, then discovery, sync and NEWLEADER each
 * get initLimit, and a stale leader needs syncLimit to notice it lost its quorum.
 */
export const zabLivenessBoundUs = (o: ZabOptions): number => o.maxNotificationIntervalUs + 3 * initLimitUs(o) + 2 * syncLimitUs(o) + seconds(10);

/** Tail writes create `/tail<round>`; any of them counts. */
export const TAIL_PREFIX = '/tail';
const hasTail = (s: ZabNode): boolean => Object.keys(s.tree).some((p) => p.startsWith(TAIL_PREFIX));

/**
 * Without it a history where every write fails or times out is legal, and `leader-established` holds with nothing
 * ever committed: a leader that never counts a quorum of ACKs, a follower that never acks or never applies a COMMIT
 * passed every check. The workload creates a fresh `/tail<round>` once a second after the heal, at a rotating server,
 * for the whole liveness bound; this asks that the established leader applied one and so did every server synced
 * with it (a server `leader-established` exempts, locked out of the epoch, is not asked). Vacuous in a run without
 * tail ops (a scenario with its own ops): the default workload marks the end of the fault phase with a get of the
 * prefix at every server, which they note before the heal's first check (lost only if every server is down then).
 */
export const tailWriteCommitted: LivenessPredicate<ZabNode> = {
  name: 'tail-write-committed',
  description: `after the heal, a client write (create ${TAIL_PREFIX}<n>, one a second) is committed: the established leader and every server synced with it applied one`,
  check(view: View<ZabNode>) {
    if (!view.nodes.some((n) => n.state !== undefined && Object.keys(n.state.pathsAsked).some((p) => p.startsWith(TAIL_PREFIX)))) return null;
    const leader = establishedLeader(view);
    if (leader === null) return 'no established leader';
    if (!hasTail(view.node(leader).state!)) return `leader ${leader} applied no tail write`;
    for (const n of view.nodes) {
      const s = n.state;
      if (s === undefined || s.role.type !== 'learner') continue;
      const r = s.role as LearnerRole;
      if (r.leader === leader && r.step === 'uptodate' && !hasTail(s)) return `${n.id} (synced with ${leader}) applied no tail write`;
    }
    return null;
  },
};
