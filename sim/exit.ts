// A node's process ending itself (System.exit): the kernel side of ctx.exit, and the supervisor restart it may ask for.
import type { World } from './world.ts';
import type { NodeRec } from './node.ts';
import { endProcess } from './lifecycle.ts';
import { formatUs } from './units.ts';

/** Recorded by ctx.exit; the effects recorded after it are never carried out (the process is gone). */
export interface ExitEffect {
  readonly k: 'exit';
  readonly reason: string;
  /** A supervisor starts the process again this long after the exit; null = it stays down (until the heal). */
  readonly restartAfterUs: number | null;
}

/**
 * The process exits: volatile state, timers and connections go, and the disk keeps what a process crash keeps
 * (the page cache survives; disk ops still in flight never complete). Traced as a fault record so reports show the
 * node down, but it is the protocol's own act: neither a fault step nor counted as a crash.
 */
export function exitProcess(w: World, n: NodeRec, e: ExitEffect): void {
  const restart = e.restartAfterUs === null ? 'no supervisor restart' : `supervisor restart in ${formatUs(e.restartAfterUs)}`;
  w.record('fault', n.id, `exit ${n.id}: ${e.reason} (${restart})`);
  endProcess(w, n, 'process');
  if (e.restartAfterUs === null) return;
  const atUs = w.nowUs + e.restartAfterUs;
  // The same undo a timed crash schedules: a restart of this node, skipped if it is up again by then.
  w.schedule(atUs, null, { kind: 'fault', step: { atUs, kind: 'restart', target: n.id }, isUndo: true });
}
