// The aimed durable-damage chain, drawn per plan from its own stream ("fuzz-aimed-durable") by aimed-plan.ts, so plans
// without it are the ones they were: a record a peer relied on, damaged under its writer. The moment a
// node Y's fsync of a log completes, Y is alone with one peer X for a few ms (what Y then sends about that record
// reaches X only); the moment X has handled Y's next message, that log's last record is damaged and Y crashes, and X is
// cut off alone. Y reboots among peers that never saw the record, from a log whose damage its boot must not trust.
import { Prng } from './prng.ts';
import type { DiskPoint, MessagePoint } from './catalog.ts';
import type { FaultKind, FaultStep, Trigger } from './types.ts';
import { TRIGGER_PEER_TARGET, TRIGGER_TARGET } from './trigger-types.ts';

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
  return pts.disk.filter((d) => d.op === 'fsync' && pts.written.some((w) => w.node === d.node && w.file === d.file && w.op === 'append')
    && peersOf(pts, d.node).length > 0);
}

/** Nodes other than `y` that received a message of a type `y` sent: the X it may be alone with. */
function peersOf(pts: DurablePoints, y: string): string[] {
  const types = new Set(pts.sent.filter((p) => p.node === y).map((p) => p.type));
  return [...new Set(pts.received.filter((r) => r.node !== y && types.has(r.type)).map((r) => r.node))];
}

/** The chain's steps (callers check durableAnchors is not empty). `allowed`: the protocol's fault kinds. */
export function damageAtDurable(prng: Prng, pts: DurablePoints, phaseUs: number, allowed: ReadonlySet<FaultKind>): FaultStep[] {
  const span = (lo: number, hi: number): number => prng.range(Math.max(1, Math.floor(phaseUs / lo)), Math.max(1, Math.floor(phaseUs / hi)));
  const anchors = durableAnchors(pts);
  // A log uniformly among (node, file), then when: from the start at one of its fsyncs, or at a random time at one of
  // the next three (as the chains at a send).
  const logs = [...new Set(anchors.map((d) => `${d.node}|${d.file}`))];
  const [y, file] = prng.pick(logs).split('|') as [string, string];
  const fsyncs = anchors.filter((d) => d.node === y && d.file === file).reduce((n, d) => n + d.count, 0);
  const [atUs, nth] = prng.int(2) === 0 ? [0, 1 + prng.int(Math.max(1, fsyncs))] : [prng.int(Math.max(1, phaseUs)), 1 + prng.int(3)];
  const x = prng.pick(peersOf(pts, y));
  const id = `${DURABLE_ID_PREFIX}${y} ${file} ${nth}@${atUs}`;
  const durable: Trigger = { disk: 'fsync', node: y, file, nth, edge: 'after', id };
  const steps: FaultStep[] = [];
  // Applied before Y's handler sees the fsync done, so what it sends about the record reaches X alone; a few network
  // hops (phase/3000 to phase/750: 1-4 ms of a 3 s phase).
  if (allowed.has('partition')) steps.push({ atUs, kind: 'partition', groups: [[TRIGGER_TARGET, x], ['rest']], forUs: span(3000, 750), when: durable });
  const handled: Trigger = { receive: '*', node: x, from: y, nth: 1, edge: 'after', after: id };
  steps.push({ atUs, kind: 'disk-corrupt', target: TRIGGER_PEER_TARGET, file, record: 'last', when: handled });
  if (allowed.has('crash')) steps.push({ atUs, kind: 'crash', target: TRIGGER_PEER_TARGET, mode: 'process', forUs: span(1000, 30), when: handled });
  if (allowed.has('partition')) steps.push({ atUs, kind: 'partition', groups: [[TRIGGER_TARGET], ['rest']], forUs: span(20, 3), when: handled });
  return steps;
}

/** The chain for seed `seed`, or none (three plans in four, disk damage not allowed, or no anchor). */
export function drawDurableDamage(seed: number, pts: DurablePoints, phaseUs: number, allowed: ReadonlySet<FaultKind>): FaultStep[] {
  const prng = new Prng(seed, 'fuzz-aimed-durable');
  if (prng.int(DURABLE_ONE_IN) !== 0 || !allowed.has('disk-corrupt') || durableAnchors(pts).length === 0) return [];
  return damageAtDurable(prng, pts, phaseUs, allowed);
}
