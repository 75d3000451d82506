// The aimed resync crash pair: the sender of a heavy message (a sync that shipped data) crashes the moment its receiver
// has handled it, and the receiver crashes right after it next appends to its log, so it reboots from a disk holding
// what came after the sync but not the sync itself (ZOOKEEPER-3642's shape, in no protocol's terms). Drawn per plan
// from its own stream ("fuzz-aimed-resync") by aimed-plan.ts, so plans without it are the ones they were.
import { Prng } from './prng.ts';
import type { FaultStep, Trigger } from './types.ts';
import { TRIGGER_PEER_TARGET, TRIGGER_TARGET } from './trigger-types.ts';
import type { AimedPoints } from './aimed-steps.ts';
import type { MessagePoint } from './catalog.ts';
import { appendedLogs, pickWeighted } from './aimed-cuts.ts';

/** One plan in this many gets the pair (when the catalog has a place for it). */
export const RESYNC_ONE_IN = 3;

export type ResyncPoints = Pick<AimedPoints, 'received' | 'written' | 'crashable'>;

/** Files `node` appends to (its logs): the receiver's crash waits for its next record there. */
const logsOf = (pts: ResyncPoints, node: string): string[] => appendedLogs(pts.written, node);

// Loops and module-level functions, not closures made per draw: V8 holds a closure's optimised code weakly, so a
// campaign worker recompiled those after every full GC (bench/deopt-census.ts).

/** Down for a quick reboot (phase/1000-phase/20) or a window (phase/20-phase/3), half each. */
function downUs(prng: Prng, phaseUs: number): number {
  return prng.int(2) === 0
    ? prng.range(Math.max(1, Math.floor(phaseUs / 1000)), Math.max(1, Math.floor(phaseUs / 20)))
    : prng.range(Math.max(1, Math.floor(phaseUs / 20)), Math.max(1, Math.floor(phaseUs / 3)));
}

const mode = (prng: Prng): 'process' | 'machine' => (prng.int(2) === 0 ? 'process' : 'machine');

/**
 * The pair for seed `seed`, or none (two plans in three, or no crashable receiver of a message that carried a payload
 * and appends to a log). Ids `${id}` tie the receiver's crash to the sender's (`after`).
 */
export function drawResyncPair(seed: number, pts: ResyncPoints, phaseUs: number, id: string): FaultStep[] {
  const prng = new Prng(seed, 'fuzz-aimed-resync');
  if (prng.int(RESYNC_ONE_IN) !== 0) return [];
  const fit: MessagePoint[] = [];
  for (const r of pts.received) if ((r.bytes ?? 0) > 0 && pts.crashable.has(r.node) && logsOf(pts, r.node).length > 0) fit.push(r);
  if (fit.length === 0) return [];
  // A message type with probability proportional to the largest payload it carried (a snapshot outweighs a ping).
  const bytes = new Map<string, number>();
  for (const r of fit) bytes.set(r.type, Math.max(bytes.get(r.type) ?? 0, r.bytes!));
  const types = [...bytes.keys()];
  const weights: number[] = [];
  for (const t of types) weights.push(bytes.get(t)!);
  const type = types[pickWeighted(prng, weights)]!;
  const ofType: MessagePoint[] = [];
  for (const p of fit) if (p.type === type) ofType.push(p);
  const r = prng.pick(ofType);
  // Armed at its heaviest late match (the resync a timed fault caused: the recording is the run until a step fires),
  // else at a late one, else at any of its matches from the start.
  const late = r.lateUs ?? [];
  const [atUs, nth] = r.heavyLateUs !== undefined && prng.int(4) !== 0 ? [r.heavyLateUs, 1]
    : late.length > 0 ? [prng.pick(late), 1] : [0, 1 + prng.int(Math.max(1, r.count))];
  const handled: Trigger = { receive: type, node: r.node, nth, edge: 'after', id };
  // The receiver's next 1st-3rd append once the sender is down: counted only when the down budget lets it go down too,
  // so with one node allowed down it is an append after the sender is back (whoever resynced it meanwhile has done so).
  const appended: Trigger = { disk: 'append', node: r.node, file: prng.pick(logsOf(pts, r.node)), nth: 1 + prng.int(3), edge: 'after', after: id };
  return [
    { atUs, kind: 'crash', target: TRIGGER_PEER_TARGET, mode: mode(prng), forUs: downUs(prng, phaseUs), when: handled },
    { atUs, kind: 'crash', target: TRIGGER_TARGET, mode: mode(prng), forUs: downUs(prng, phaseUs), when: appended },
  ];
}
