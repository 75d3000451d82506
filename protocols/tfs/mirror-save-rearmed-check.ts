// tair-save-rearmed: a master in the stable-2.5.5 periodic Tair mirror mode runs its next save of global_block_id one
// save interval after arming it, by its own clock: the save timer it holds is replaced by the next one in time.
import type { Invariant, TimerId } from '../../sim/index.ts';
import { nodeClockUs, perRunNodeMap, runOptions } from '../../sim/index.ts';
import { NAMESERVERS, asNs } from './state.ts';
import type { TfsState } from './state.ts';
import type { TfsOptions } from './options.ts';

/**
 * tair-save-scheduled sees that a save timer is held; it cannot see that the timer is the save's. A master whose
 * onTairSave arms its next save under another name (mutation survivor ns-role.ts `setTimer('tair-save', …)` →
 * `setTimer("", …)`, ninth and twelfth sessions) saves once, then never again, while still holding a timer id: the
 * mirror's lag then grows without bound (FIDELITY P15's window). Every save replaces the held id (onTairSave arms the
 * next timer and stores its id), so the check remembers, per nameserver incarnation, the held id and the node's clock
 * when the check first saw it, and fails when the id is still held at a later instant than the one its clock first
 * read at least one interval after that. Timers run in node-local time (sim/timers.ts), so a clock step or drift moves
 * the deadline with the clock and the comparison stays in that clock; the one-millisecond grace covers a deadline's
 * rounding to global time. A paused or down node runs no timers: its memory is dropped and starts again when it runs.
 */
const GRACE_US = 1_000;

interface Held { readonly incarnation: number; readonly timer: TimerId; readonly seenLocalUs: number; overdueAtUs: number | null }

export const tairSaveRearmed: Invariant<TfsState> = ((): Invariant<TfsState> => {
  // Per run and nameserver (sim/run-memory.ts), for the incarnation it names: a held timer of an earlier incarnation
  // counts as none (incarnations only grow, so one entry per nameserver does; no key string built per check).
  const memory = perRunNodeMap<Held>();
  return {
    name: 'tair-save-rearmed',
    description: 'a master saving global_block_id to the periodic Tair mirror (stable-2.5.5) runs its next save one save interval after arming it, by its own clock',
    scope: 'states',
    check(view) {
      const intervalUs = runOptions<TfsOptions>(view)?.tairMirrorSaveIntervalUs;
      if (intervalUs === undefined || intervalUs <= 0) return null;
      const mem = memory(view);
      for (const id of NAMESERVERS) {
        const n = view.nodes.find((x) => x.id === id);
        const s = n?.isUp === true && !n.isPaused ? asNs(n.state) : undefined;
        const isSaving = s !== undefined && s.role === 'master' && s.isAllocGateOpen && s.mirrorSeen !== null && s.tairSaveTimer !== null;
        if (!isSaving) { mem.delete(id); continue; }
        const local = nodeClockUs(view, n!);
        const held = mem.get(id);
        if (held === undefined || held.incarnation !== n!.incarnation || held.timer !== s.tairSaveTimer) {
          mem.set(id, { incarnation: n!.incarnation, timer: s.tairSaveTimer!, seenLocalUs: local, overdueAtUs: null });
          continue;
        }
        if (local - held.seenLocalUs < intervalUs) continue;
        if (held.overdueAtUs === null) { held.overdueAtUs = view.nowUs; continue; }
        if (view.nowUs > held.overdueAtUs + GRACE_US) {
          return `${id} is master with the periodic Tair mirror but has not saved global_block_id ${s.globalBlockId} since its clock read ${held.seenLocalUs} µs (now ${local} µs, save interval ${intervalUs} µs): save timer ${String(held.timer)} never ran a save`;
        }
      }
      return null;
    },
  };
})();
