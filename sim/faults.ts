// The nemesis: carrying out one fault step, with role targets resolved now. Each step is recorded in the trace.
import type { World } from './world.ts';
import type { FaultStep, NodeId } from './types.ts';
import { resolveTargets } from './targets.ts';
import { crashNode, startNode, pauseNode, resumeNode } from './lifecycle.ts';
import { breakBlockedConnections, breakConnectionsBetween } from './netops.ts';
import { rescheduleTimers } from './timers.ts';
import { unreachable } from './assert.ts';
import { isOverDownBudget } from './down-budget.ts';

/** Expand partition group members: node ids, roles (all their nodes) and "rest" (every node not named elsewhere). */
function expandGroups(w: World, groups: readonly (readonly string[])[]): NodeId[][] {
  const named = groups.map((g) => g.filter((t) => t !== 'rest').flatMap((t) => (w.isNode(t) ? [t as NodeId] : resolveTargets(w, t.startsWith('all-') ? t : `all-${t}`))));
  const seen = new Set(named.flat());
  const rest = w.nodes.map((n) => n.id).filter((id) => !seen.has(id));
  return groups.map((g, i) => (g.includes('rest') ? [...named[i]!, ...rest] : named[i]!));
}

/** Schedule the undo of a timed fault (restart or resume of the very node it hit). */
function later(w: World, forUs: number | undefined, step: FaultStep): void {
  if (forUs === undefined) return;
  w.schedule(w.nowUs + forUs, null, { kind: 'fault', step: { ...step, atUs: w.nowUs + forUs }, isUndo: true });
}

/**
 * A partition step with `forUs` blocks its links under a blocker id of its own; its undo lifts exactly those links
 * (those no other partition still blocks), leaving other partitions, clogs and loss overrides alone.
 */
function blockerFor(w: World, step: FaultStep & { forUs?: number }): number {
  if (step.forUs === undefined) return 0;
  const blocker = w.net.newBlocker();
  const { when: _when, delayUs: _delay, ...plain } = step;
  w.schedule(w.nowUs + step.forUs, null, { kind: 'fault', step: { ...plain, atUs: w.nowUs + step.forUs } as FaultStep, isUndo: true, blocker });
  return blocker;
}

// `one` and `note` are module-level, not closures made per applyFault call: V8 holds a closure's optimised code weakly,
// so a campaign worker recompiled them after every full GC (bench/deopt-census.ts).

/** The first node `target` names, or null. */
function one(w: World, target: string) {
  const ids = resolveTargets(w, target);
  return ids.length === 0 ? null : w.node(ids[0]!);
}

function note(w: World, text: string, node: string | null = null): void {
  w.record('fault', node, text);
}

/**
 * `isUndo`: the automatic end of a timed fault, which is not counted as a fault step of its own. `blocker`: on the
 * undo of a timed partition, the blocker whose links it lifts.
 */
export function applyFault(w: World, step: FaultStep, isUndo = false, blocker?: number): void {
  if (!isUndo) w.stats.faults++;
  if (blocker !== undefined) {
    const opened = w.net.unblock(blocker);
    w.record('fault', null, `partition ended: ${opened.length > 0 ? opened.join(', ') : 'nothing left to lift'}`);
    return;
  }
  switch (step.kind) {
    case 'crash': {
      const n = one(w, step.target);
      if (n === null || !n.isUp) return note(w, `crash ${step.target}: skipped (down or vacant)`);
      if (isOverDownBudget(w, n)) return note(w, `crash ${n.id}: skipped (down budget)`, n.id);
      note(w, `crash (${step.mode ?? 'process'}${step.unsynced === 'lost' ? ', unsynced writes lost' : ''}) ${n.id}`, n.id);
      crashNode(w, n, step.mode ?? 'process', step.unsynced);
      return later(w, step.forUs, { atUs: 0, kind: 'restart', target: n.id });
    }
    case 'restart': {
      const n = one(w, step.target);
      if (n === null || n.isUp) return note(w, `restart ${step.target}: skipped (up or vacant)`);
      w.stats.restarts++;
      note(w, `restart ${n.id}`, n.id);
      return startNode(w, n);
    }
    case 'pause': {
      const n = one(w, step.target);
      if (n === null || !n.isUp) return note(w, `pause ${step.target}: skipped`);
      if (isOverDownBudget(w, n)) return note(w, `pause ${n.id}: skipped (down budget)`, n.id);
      note(w, `pause ${n.id}`, n.id);
      pauseNode(n);
      return later(w, step.forUs, { atUs: 0, kind: 'resume', target: n.id });
    }
    case 'resume': {
      const n = one(w, step.target);
      if (n === null || !n.isPaused) return note(w, `resume ${step.target}: skipped`);
      note(w, `resume ${n.id}`, n.id);
      return resumeNode(w, n);
    }
    case 'partition': {
      const groups = expandGroups(w, step.groups);
      const by = blockerFor(w, step);
      for (let i = 0; i < groups.length; i++)
        for (let j = 0; j < groups.length; j++)
          if (i !== j) for (const a of groups[i]!) for (const b of groups[j]!) w.net.block(a, b, by);
      note(w, `partition ${groups.map((g) => `[${g.join(',')}]`).join(' | ')}${step.forUs !== undefined ? ` for ${step.forUs}us` : ''}`);
      return breakBlockedConnections(w, 'broken');
    }
    case 'partition-one-way': {
      const from = one(w, step.from);
      const to = one(w, step.to);
      if (from === null || to === null) return note(w, `partition-one-way ${step.from}->${step.to}: skipped`);
      w.net.block(from.id, to.id, blockerFor(w, step));
      note(w, `partition-one-way ${from.id} -> ${to.id}${step.forUs !== undefined ? ` for ${step.forUs}us` : ''}`);
      // TCP needs both directions: connections between them break; datagrams still flow the other way.
      return breakConnectionsBetween(w, from.id, to.id, 'broken');
    }
    case 'heal':
      w.net.heal();
      return note(w, 'heal');
    case 'clog': {
      const from = one(w, step.from);
      const to = one(w, step.to);
      if (from === null || to === null) return note(w, `clog ${step.from}->${step.to}: skipped`);
      w.net.clog(from.id, to.id, w.nowUs + step.durationUs);
      return note(w, `clog ${from.id} -> ${to.id} for ${step.durationUs}us`);
    }
    case 'clock-offset':
    case 'clock-drift': {
      const n = one(w, step.target);
      if (n === null) return note(w, `${step.kind} ${step.target}: skipped`);
      if (step.kind === 'clock-offset') n.clock.addOffset(step.offsetUs, w.nowUs);
      else n.clock.setDrift(step.driftPpm, w.nowUs);
      note(w, `${step.kind} ${n.id} ${step.kind === 'clock-offset' ? `${step.offsetUs}us` : `${step.driftPpm}ppm`}`, n.id);
      return rescheduleTimers(w, n);
    }
    case 'disk-corrupt': {
      const n = one(w, step.target);
      const hit = n === null ? null : n.storage.corrupt(w.diskPrng, step.file, step.record);
      return note(w, hit === null ? `disk-corrupt ${step.target}: nothing stored` : `disk-corrupt ${n!.id} ${hit.file}[${hit.index}]`, n?.id ?? null);
    }
    case 'disk-slow': {
      const n = one(w, step.target);
      if (n === null) return note(w, `disk-slow ${step.target}: skipped`);
      n.storage.slowFactor = step.factor;
      n.storage.slowUntilUs = w.nowUs + step.durationUs;
      return note(w, `disk-slow ${n.id} x${step.factor} for ${step.durationUs}us`, n.id);
    }
    case 'kill-during-write': {
      const n = one(w, step.target);
      if (n === null || !n.isUp) return note(w, `kill-during-write ${step.target}: skipped`);
      if (isOverDownBudget(w, n)) return note(w, `kill-during-write ${n.id}: skipped (down budget)`, n.id);
      const first = [...n.inflightAppends.entries()].sort((a, b) => a[0] - b[0])[0];
      if (first !== undefined) n.storage.appendTorn(first[1].file, first[1].record, w.diskPrng);
      note(w, `kill-during-write ${n.id}${first ? ` (torn append to ${first[1].file})` : ' (no write in flight)'}`, n.id);
      crashNode(w, n, 'process');
      return later(w, step.forUs, { atUs: 0, kind: 'restart', target: n.id });
    }
    case 'corrupt-messages': {
      const from = one(w, step.from);
      const to = one(w, step.to);
      if (from === null || to === null) return note(w, `corrupt-messages: skipped`);
      w.net.addCorruption(from.id, to.id, step.count);
      return note(w, `corrupt next ${step.count} messages ${from.id} -> ${to.id}`);
    }
    case 'datagram-loss':
      w.net.datagramLossOverride = step.loss;
      return note(w, `datagram loss ${step.loss.numerator}/${step.loss.denominator}`);
    default:
      return unreachable(step);
  }
}
