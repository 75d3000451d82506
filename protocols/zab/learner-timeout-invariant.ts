// A learner whose leader has been silent past its read timeout, on its own clock, has given up on that leader.
// ZooKeeper 3.8: Learner.connectToLeader sets sock.setSoTimeout(tickTime * initLimit) once connected, and
// Learner.syncWithLeader, at NEWLEADER, sock.setSoTimeout(tickTime * syncLimit); a read that waits longer throws
// SocketTimeoutException, Follower.followLeader ends, and the peer goes back to LOOKING. The model (learner.ts
// onLearnerTimer) fires at lastHeardUs + limit on the learner's clock: initLimit until the NEWLEADER ACK, syncLimit from
// it ('acked', 'uptodate'); none while still connecting.
import type { Invariant, View } from '../../sim/index.ts';
import { nodeClockUs, perRun, runOptions } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import type { ZabOptions } from './options.ts';
import { initLimitUs, syncLimitUs } from './options.ts';

/** The read timeout that applies at this step (the same choice as learner.ts onLearnerTimer). */
export const readLimitUs = (o: ZabOptions, step: string): number => (step === 'uptodate' || step === 'acked' ? syncLimitUs(o) : initLimitUs(o));

/** One overdue sighting: the learner's role object (same role, same lastHeardUs) and the global time it was seen. */
interface Overdue { readonly incarnation: number; readonly gen: number; readonly lastHeardUs: number; readonly atUs: number }
interface Memory {
  readonly overdue: Map<string, Overdue>;
  /** Each learner's pending read-timeout timer at the first check of the liveness phase (null before the heal). */
  healTimers: Map<string, unknown> | null;
}
const memories = perRun((): Memory => ({ overdue: new Map(), healTimers: null }));

/**
 * Per event: each up, running learner past 'connecting' whose clock reads at least lastHeardUs + limit is overdue. The
 * slack is the kernel's event order, exactly: the timer's event is due at the first global instant the clock reaches
 * the deadline (or at once, when a clock step jumps past it), but other events of that same instant may run first, so
 * an overdue learner is a violation only when it was already overdue (same incarnation, gen and lastHeardUs) at an
 * earlier global instant and was never seen paused in between (a paused node's timer waits in its deferred queue and
 * runs on resume; pause and resume are events, so the check sees both). The lazily re-armed timer never lies past the
 * due time (lastHeardUs only grows while the timer waits), so a learner that stays overdue into a later instant lost its
 * timeout. One kernel exception: the heal zeroes every clock's drift without re-scheduling the timers armed under it
 * (sim/run.ts), so a timer pending at the heal may fire up to |drift|·delay later than its deadline; the learner's timer
 * that was pending at the first check of the liveness phase is not held to the instant (its re-armed successors are).
 * Needs the run's options (View.options); a hand-built view without them is not checked.
 */
export const learnerReadTimesOut: Invariant<ZabNode> = {
  name: 'learner-read-times-out',
  description: 'a learner that on its own clock has heard nothing from its leader for longer than its read timeout (initLimit until the NEWLEADER ACK, then syncLimit) and is not paused has gone back to LOOKING',
  // Reads the clock (time passes without any state change), so it runs after every event that did something.
  check(view: View<ZabNode>) {
    const o = runOptions<ZabOptions>(view);
    if (o === undefined) return null;
    const mem = memories(view);
    const m = mem.overdue;
    if (view.phase === 'liveness' && mem.healTimers === null) {
      mem.healTimers = new Map();
      for (const n of view.nodes) if (n.state?.role.type === 'learner') mem.healTimers.set(n.id, n.state.role.timeoutTimer);
    }
    for (const n of view.nodes) {
      const s = n.state;
      const r = s?.role;
      // `m.size` first: the map is empty after most events (nobody overdue), and a delete hashes the id all the same.
      if (s === undefined || r === undefined || r.type !== 'learner' || r.step === 'connecting' || !n.isUp || n.isPaused) { if (m.size !== 0) m.delete(n.id); continue; }
      const limitUs = readLimitUs(o, r.step);
      const clockUs = nodeClockUs(view, n);
      if (clockUs < r.lastHeardUs + limitUs) { if (m.size !== 0) m.delete(n.id); continue; }
      const seen = m.get(n.id);
      if (seen === undefined || seen.incarnation !== n.incarnation || seen.gen !== s.gen || seen.lastHeardUs !== r.lastHeardUs) {
        m.set(n.id, { incarnation: n.incarnation, gen: s.gen, lastHeardUs: r.lastHeardUs, atUs: view.nowUs });
        continue;
      }
      const isHealTimer = mem.healTimers !== null && r.timeoutTimer !== null && mem.healTimers.get(n.id) === r.timeoutTimer;
      if (view.nowUs > seen.atUs && !isHealTimer) {
        return `${n.id} (${s.state}, step ${r.step}) has heard nothing from leader ${r.leader} since ${r.lastHeardUs}us on its clock, ` +
          `now ${clockUs}us: past its ${limitUs}us read timeout since global ${seen.atUs}us and still following`;
      }
    }
    return null;
  },
};
