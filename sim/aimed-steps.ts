// The shape of each aimed fault kind (aimed-plan.ts draws which ones a seed gets): the trigger it fires on, picked from
// the seed's crash-point catalog, and the step it fires: a crash or stall of either end, damage to a file just written
// or to the next messages on a link, a slow disk, a partition or pause of a node entering a role. Arming (`arming`):
// half the time a point the recording (run under the seed's timed faults) saw after its first fault is armed right at
// one of those late matches, preferring the one with the largest payload, so the aimed step hits the resync a fault
// caused rather than the empty start-up syncs; otherwise rare points are armed from the start at one of their matches.
import type { Prng } from './prng.ts';
import type { FaultStep, Trigger } from './types.ts';
import { TRIGGER_PEER_TARGET, TRIGGER_TARGET } from './trigger-types.ts';
import type { DiskPoint, MessagePoint, RoleEntry } from './catalog.ts';

/** A point the recording run saw at most this often is armed from the start (see `arming`). */
const RARE = 3;
/** Integer weights 1/count, scaled. */
const WEIGHT_SCALE = 1_000_000;

/** One of `items`, with probability proportional to `weight` (a positive integer). */
function pickWeighted<T>(prng: Prng, items: readonly T[], weight: (x: T) => number): T {
  const total = items.reduce((n, x) => n + weight(x), 0);
  let r = prng.int(total);
  for (const x of items) {
    r -= weight(x);
    if (r < 0) return x;
  }
  return items[items.length - 1]!;
}

export type AimedKind =
  | 'crash-at-disk' | 'crash-at-send' | 'crash-at-receive' | 'partition-on-role' | 'pause-on-role' | 'corrupt-at-disk' | 'corrupt-at-send'
  | 'slow-at-receive';

/** The catalog's points each kind may aim at (already filtered to what the protocol's budget lets it touch). */
export interface AimedPoints {
  /** Disk ops of crashable nodes. */
  readonly disk: readonly DiskPoint[];
  /** Appends and replaces of any node (damage takes no node down). */
  readonly written: readonly DiskPoint[];
  readonly sent: readonly MessagePoint[];
  readonly received: readonly MessagePoint[];
  readonly entries: readonly RoleEntry[];
  /** Role entries of crashable nodes. */
  readonly pausable: readonly RoleEntry[];
  readonly crashable: ReadonlySet<string>;
}

export interface AimedSettings {
  readonly phaseUs: number;
  /** The protocol allows pauses: a node taken down at a point is sometimes stalled (a GC pause) instead of crashed. */
  readonly mayPause: boolean;
  /** The protocol allows crashes: damage to a file is sometimes followed by a crash there, so boot reads it back. */
  readonly mayCrash: boolean;
}

/** One aimed step of `kind` (two for a corruption followed by a crash), drawn from `prng`. */
export function aimedStep(kind: AimedKind, prng: Prng, pts: AimedPoints, s: AimedSettings): FaultStep[] {
  const window = (): number => prng.range(Math.floor(s.phaseUs / 20), Math.floor(s.phaseUs / 3));
  /**
   * When the trigger is armed and at which match it fires. Half the time, when the recording saw the point after its
   * first fault, armed right at one of those late matches (nth 1): the recording ran under the seed's timed faults, and
   * the run is the recording until an aimed step fires, so this is the resync or election that fault caused (a learner
   * that fell behind catching up; the syncs at start-up mostly carry nothing). Otherwise armed from the start at any
   * match the recording saw, or at a random time at one of the next few matches; a point seen at most RARE times is tied
   * to a moment (a sync, an election) that a random arm time would mostly miss, so it is always armed from the start.
   */
  const arming = (ps: readonly { count: number; lateUs?: readonly number[]; heavyLateUs?: number }[]): { atUs: number; nth: number } => {
    const total = ps.reduce((n, p) => n + p.count, 0);
    const late = ps.flatMap((p) => p.lateUs ?? []);
    const heavy = ps.flatMap((p) => (p.heavyLateUs !== undefined ? [p.heavyLateUs] : []));
    // Of the late matches, half the time the one with the largest payload (a sync that carries data).
    if (late.length > 0 && prng.int(2) === 0) return { atUs: heavy.length > 0 && prng.int(2) === 0 ? prng.pick(heavy) : prng.pick(late), nth: 1 };
    return total <= RARE || prng.int(2) === 0 ? { atUs: 0, nth: 1 + prng.int(Math.max(1, total)) } : { atUs: prng.int(Math.max(1, s.phaseUs)), nth: 1 + prng.int(3) };
  };
  /** A node id, or (half the time, when it held roles) "any-<role>" of one of its roles. */
  const matcher = (p: { node: string; roles: readonly string[] }): string => (p.roles.length > 0 && prng.int(2) === 0 ? `any-${prng.pick(p.roles)}` : p.node);
  /** The points a trigger on matcher `m` counts (their matches are its matches). */
  const pointsOf = <P extends { node: string; roles: readonly string[] }>(ps: readonly P[], m: string, same: (p: P) => boolean): P[] =>
    ps.filter((p) => same(p) && (m.startsWith('any-') ? p.roles.includes(m.slice(4)) : p.node === m));
  /**
   * Aim at rare points at least as often as at busy ones (CrashTuner's metadata accesses): pick a file (or message type)
   * uniformly among the distinct ones, or with weight 1/(times the recording saw it), or (messages, a third of the time)
   * with weight the largest payload it carried; then one of its points. A log written a thousand times weighs no more
   * than an epoch file, a SNAP seen once more than a ping, and a sync that shipped data more than a heartbeat.
   */
  const pickBy = <P extends { count: number; bytes?: number }>(ps: readonly P[], key: (p: P) => string): P => {
    const totals = new Map<string, number>();
    const bytes = new Map<string, number>();
    for (const p of ps) {
      totals.set(key(p), (totals.get(key(p)) ?? 0) + p.count);
      bytes.set(key(p), Math.max(bytes.get(key(p)) ?? 0, p.bytes ?? 0));
    }
    const keys = [...totals.keys()];
    const hasBytes = keys.some((k) => bytes.get(k)! > 0);
    const mode = prng.int(hasBytes ? 3 : 2);
    const k = mode === 0 ? prng.pick(keys)
      : mode === 1 ? pickWeighted(prng, keys, (x) => Math.ceil(WEIGHT_SCALE / Math.max(1, totals.get(x)!)))
      : pickWeighted(prng, keys, (x) => Math.max(1, bytes.get(x)!));
    return prng.pick(ps.filter((p) => key(p) === k));
  };
  /**
   * How long a crashed node stays down: a window like the timed swarm's, or (half the time) a quick reboot of
   * phase/1000 to phase/20 (a supervisor restarting it), so a second crash can follow before its peers have repaired it.
   */
  const downtime = (): number => {
    if (prng.int(2) === 0) return window();
    const lo = Math.max(1, Math.floor(s.phaseUs / 1000));
    return Math.min(Math.floor(s.phaseUs / 20), lo * 2 ** prng.int(6) + prng.int(lo));
  };
  const crash = (target: string, when: Trigger, atUs: number): FaultStep =>
    ({ atUs, kind: 'crash', target, mode: prng.int(2) === 0 ? 'process' : 'machine', forUs: downtime(), when });
  /** Crash (process or machine) or, one time in five when pauses are allowed, stall the node for a while. */
  const down = (target: string, when: Trigger, atUs: number): FaultStep =>
    s.mayPause && prng.int(5) === 0 ? { atUs, kind: 'pause', target, forUs: window(), when } : crash(target, when, atUs);
  /**
   * Which end of a message goes down: the node where the trigger matched or the other end (a leader crashing right after
   * its learner handled a snapshot), half each when both may (the kernel skips matches whose peer may not go down). Half
   * the time the other end crashes too once the first is back (FlyMC's crash-then-reboot sequences: the learner restarts
   * from a disk that missed what the leader's crash cut short).
   */
  const atMessage = (p: MessagePoint, when: Trigger, atUs: number): FaultStep[] => {
    const first = !pts.crashable.has(p.node) || prng.int(2) === 0 ? TRIGGER_PEER_TARGET : TRIGGER_TARGET;
    const step = down(first, when, atUs);
    const other = first === TRIGGER_TARGET ? TRIGGER_PEER_TARGET : TRIGGER_TARGET;
    if (!s.mayCrash || (other === TRIGGER_TARGET && !pts.crashable.has(p.node)) || prng.int(2) === 0) return [step];
    const then = crash(other, when, atUs);
    return [step, { ...then, delayUs: (step.kind === 'crash' || step.kind === 'pause' ? step.forUs ?? 0 : 0) + window() }];
  };

  switch (kind) {
    case 'crash-at-disk': {
      const p = pickBy(pts.disk, (x) => x.file);
      const m = matcher(p);
      const op = p.op !== 'fsync' && prng.int(4) === 0 ? 'write' : p.op;
      const a = arming(pointsOf(pts.disk, m, (x) => x.file === p.file && (op === 'write' ? x.op !== 'fsync' : x.op === op)));
      return [down('trigger', { disk: op, node: m, file: p.file, nth: a.nth, edge: prng.int(2) === 0 ? 'before' : 'after' }, a.atUs)];
    }
    case 'crash-at-send': {
      const p = pickBy(pts.sent, (x) => x.type);
      const m = matcher(p);
      const a = arming(pointsOf(pts.sent, m, (x) => x.type === p.type));
      return atMessage(p, { send: p.type, node: m, nth: a.nth }, a.atUs);
    }
    case 'crash-at-receive': {
      const p = pickBy(pts.received, (x) => x.type);
      const m = matcher(p);
      const a = arming(pointsOf(pts.received, m, (x) => x.type === p.type));
      return atMessage(p, { receive: p.type, node: m, nth: a.nth, edge: prng.int(2) === 0 ? 'before' : 'after' }, a.atUs);
    }
    case 'corrupt-at-disk': {
      // Damage the file right after a write to it lands (FATE's corruption at an I/O point); half the time the writer
      // also crashes there, so its boot reads the damage back (a checksum it skips or trusts is what the bug is about).
      const p = pickBy(pts.written, (x) => x.file);
      const m = matcher(p);
      const op = prng.int(4) === 0 ? 'write' : p.op;
      const a = arming(pointsOf(pts.written, m, (x) => x.file === p.file && (op === 'write' || x.op === op)));
      const when: Trigger = { disk: op, node: m, file: p.file, nth: a.nth, edge: 'after' };
      const damage: FaultStep = { atUs: a.atUs, kind: 'disk-corrupt', target: 'trigger', file: p.file, ...(prng.int(2) === 0 ? { record: 'last' as const } : {}), when };
      return s.mayCrash && pts.crashable.has(p.node) && prng.int(2) === 0 ? [damage, crash('trigger', when, a.atUs)] : [damage];
    }
    case 'corrupt-at-send': {
      // Damage in transit the next one to three messages on the link of a send (the message just sent has left).
      const p = pickBy(pts.sent, (x) => x.type);
      const m = matcher(p);
      const a = arming(pointsOf(pts.sent, m, (x) => x.type === p.type));
      return [{ atUs: a.atUs, kind: 'corrupt-messages', from: 'trigger', to: 'trigger-peer', count: 1 + prng.int(3), when: { send: p.type, node: m, nth: a.nth } }];
    }
    case 'slow-at-receive': {
      // A gray failure at a protocol moment: the disk of either end turns 10-100x slower for a while once a message
      // arrives (a recovering node's copy crawling while its peers move on).
      const p = pickBy(pts.received, (x) => x.type);
      const m = matcher(p);
      const a = arming(pointsOf(pts.received, m, (x) => x.type === p.type));
      const target = prng.int(2) === 0 ? TRIGGER_TARGET : TRIGGER_PEER_TARGET;
      return [{ atUs: a.atUs, kind: 'disk-slow', target, factor: 10 + prng.int(91), durationUs: window(), when: { receive: p.type, node: m, nth: a.nth } }];
    }
    case 'partition-on-role': {
      const e = pickBy(pts.entries, (x) => x.role);
      const node = prng.int(2) === 0 ? e.node : 'any';
      const a = arming(pts.entries.filter((x) => x.role === e.role && (node === 'any' || x.node === node)));
      // `forUs`, not a trailing heal: a heal would also end the seed's timed partitions, clogs and loss.
      return [{ atUs: a.atUs, kind: 'partition', groups: [['trigger'], ['rest']], forUs: window(), when: { role: e.role, node, nth: a.nth } }];
    }
    case 'pause-on-role': {
      const e = pickBy(pts.pausable, (x) => x.role);
      const a = arming([e]);
      return [{ atUs: a.atUs, kind: 'pause', target: 'trigger', forUs: window(), when: { role: e.role, node: e.node, nth: a.nth } }];
    }
  }
}
