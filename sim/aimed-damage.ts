// The aimed durable-damage chain, drawn per plan from its own stream ("fuzz-aimed-durable") by aimed-plan.ts, so plans
// without it are the ones they were: a record a peer relied on, damaged under its writer. The moment a
// node Y's fsync of a log completes, Y is alone with one peer X for a few ms (what Y then sends about that record
// reaches X only); the moment X has handled Y's next message, that log's last record is damaged and Y crashes, and X is
// cut off alone. Y reboots among peers that never saw the record, from a log whose damage its boot must not trust.
import { Prng } from './prng.ts';
import type { DiskPoint, MessagePoint } from './catalog.ts';
import type { FaultKind, FaultStep, Trigger } from './types.ts';
import { TRIGGER_PEER_TARGET, TRIGGER_TARGET } from './trigger-types.ts';
import { span } from './aimed-cuts.ts';

/** One plan in this many gets the chain (when the protocol allows disk damage and the catalog has an anchor). */
export const DURABLE_ONE_IN = 4;

/** The plan kind naming the chain in a plan's kinds. */
export const DURABLE_KIND = 'damage-at-durable';
/** Every step of the chain names this id (its fsync step) or waits `after` it: how a plan's reader tells them apart. */
export const DURABLE_ID_PREFIX = 'durable ';

export interface DurablePoints {
  /** Disk ops of crashable nodes (their fsyncs anchor the chain). */
  readonly disk: readonly DiskPoint[];
  readonly written: readonly DiskPoint[];
  readonly sent: readonly MessagePoint[];
  readonly received: readonly MessagePoint[];
}

/** Y's fsyncs of a file it appends to (a log), where Y also sends to a peer: the points the chain may anchor at. */
export function durableAnchors(pts: DurablePoints): DiskPoint[] {
  // Loops, not per-call closures: V8 holds a closure's optimised code weakly (recompiled after each full GC).
  const out: DiskPoint[] = [];
  for (const d of pts.disk) if (d.op === 'fsync' && appendsTo(pts.written, d.node, d.file) && peersOf(pts, d.node).length > 0) out.push(d);
  return out;
}

/** Whether `node` appends to `file`. */
function appendsTo(written: readonly DiskPoint[], node: string, file: string): boolean {
  for (const w of written) if (w.node === node && w.file === file && w.op === 'append') return true;
  return false;
}

/** Nodes other than `y` that received a message of a type `y` sent: the X it may be alone with. */
function peersOf(pts: DurablePoints, y: string): string[] {
  const types = new Set<string>();
  for (const p of pts.sent) if (p.node === y) types.add(p.type);
  const peers = new Set<string>();
  for (const r of pts.received) if (r.node !== y && types.has(r.type)) peers.add(r.node);
  return [...peers];
}

/** The chain's steps (callers check durableAnchors is not empty). `allowed`: the protocol's fault kinds. */
export function damageAtDurable(prng: Prng, pts: DurablePoints, phaseUs: number, allowed: ReadonlySet<FaultKind>): FaultStep[] {
  const anchors = durableAnchors(pts);
  // A log uniformly among (node, file), then when: from the start at one of its fsyncs, or at a random time at one of
  // the next three (as the chains at a send).
  const seen = new Set<string>();
  for (const d of anchors) seen.add(`${d.node}|${d.file}`);
  const logs = [...seen];
  const [y, file] = prng.pick(logs).split('|') as [string, string];
  let fsyncs = 0;
  for (const d of anchors) if (d.node === y && d.file === file) fsyncs += d.count;
  const [atUs, nth] = prng.int(2) === 0 ? [0, 1 + prng.int(Math.max(1, fsyncs))] : [prng.int(Math.max(1, phaseUs)), 1 + prng.int(3)];
  const x = prng.pick(peersOf(pts, y));
  const id = `${DURABLE_ID_PREFIX}${y} ${file} ${nth}@${atUs}`;
  const durable: Trigger = { disk: 'fsync', node: y, file, nth, edge: 'after', id };
  const steps: FaultStep[] = [];
  // Applied before Y's handler sees the fsync done, so what it sends about the record reaches X alone; a few network
  // hops (phase/3000 to phase/750: 1-4 ms of a 3 s phase).
  if (allowed.has('partition')) steps.push({ atUs, kind: 'partition', groups: [[TRIGGER_TARGET, x], ['rest']], forUs: span(prng, phaseUs, 3000, 750), when: durable });
  const handled: Trigger = { receive: '*', node: x, from: y, nth: 1, edge: 'after', after: id };
  steps.push({ atUs, kind: 'disk-corrupt', target: TRIGGER_PEER_TARGET, file, record: 'last', when: handled });
  if (allowed.has('crash')) steps.push({ atUs, kind: 'crash', target: TRIGGER_PEER_TARGET, mode: 'process', forUs: span(prng, phaseUs, 1000, 30), when: handled });
  if (allowed.has('partition')) steps.push({ atUs, kind: 'partition', groups: [[TRIGGER_TARGET], ['rest']], forUs: span(prng, phaseUs, 20, 3), when: handled });
  return steps;
}

/** The chain for seed `seed`, or none (three plans in four, disk damage not allowed, or no anchor). */
export function drawDurableDamage(seed: number, pts: DurablePoints, phaseUs: number, allowed: ReadonlySet<FaultKind>): FaultStep[] {
  const prng = new Prng(seed, 'fuzz-aimed-durable');
  if (prng.int(DURABLE_ONE_IN) !== 0 || !allowed.has('disk-corrupt') || durableAnchors(pts).length === 0) return [];
  return damageAtDurable(prng, pts, phaseUs, allowed);
}
