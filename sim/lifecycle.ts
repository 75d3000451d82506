// Node lifecycle: boot, crash (process or machine), restart, pause and resume.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import type { CrashMode, UnsyncedFate } from './types.ts';
import { breakConnectionsOf } from './netops.ts';

export function crashNode(w: World, n: NodeRec, mode: CrashMode, unsynced: UnsyncedFate = 'random'): void {
  if (!n.isUp) return;
  w.stats.crashes++;
  endProcess(w, n, mode, unsynced);
}

/** The process ends (a crash, or its own exit): memory, timers, deferred events and connections are gone. */
export function endProcess(w: World, n: NodeRec, mode: CrashMode, unsynced: UnsyncedFate = 'random'): void {
  if (!n.isUp) return;
  n.isUp = false;
  n.isPaused = false;
  n.state = undefined;
  n.incarnation++;
  n.timers.clear();
  n.deferred = [];
  n.inflightAppends.clear();
  n.storage.crash(mode, w.diskPrng, unsynced);
  n.storage.lastCompletionUs = 0;
  breakConnectionsOf(w, n.id, 'broken');
}

/** Schedule a boot; the node is up from now on and handles its boot input as an event. */
export function startNode(w: World, n: NodeRec): void {
  if (n.isUp) return;
  n.isUp = true;
  n.incarnation++;
  w.schedule(w.nowUs, n, { kind: 'boot' });
}

export function pauseNode(n: NodeRec): void {
  if (n.isUp) n.isPaused = true;
}

/** Deliver what waited, in order, now: the node sees its clock jump. */
export function resumeNode(w: World, n: NodeRec): void {
  if (!n.isUp || !n.isPaused) return;
  n.isPaused = false;
  const waiting = n.deferred;
  n.deferred = [];
  for (const ev of waiting) {
    ev.atUs = w.nowUs;
    w.heap.push(ev);
  }
}
