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
import { pickWeighted } from './aimed-cuts.ts';

/** A point the recording run saw at most this often is armed from the start (see `arming`). */
const RARE = 3;
/** Integer weights 1/count, scaled. */
const WEIGHT_SCALE = 1_000_000;


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

// The helpers below are module-level functions taking the seed's prng and settings rather than closures made per
// aimedStep call: V8 holds a closure's optimised code weakly, so per-call closures were recompiled after every full GC
// in a long campaign (bench/deopt-census.ts). Their prng draws are in the same order as the closures' were.

/** A window like the timed swarm's: phase/20 to phase/3. */
function window(prng: Prng, s: AimedSettings): number {
  return prng.range(Math.floor(s.phaseUs / 20), Math.floor(s.phaseUs / 3));
}

/** A point's match counts and late arm times (what `arming` reads). */
interface Armable { count: number; lateUs?: readonly number[]; heavyLateUs?: number }

/**
 * When the trigger is armed and at which match it fires. Half the time, when the recording saw the point after its
 * first fault, armed right at one of those late matches (nth 1): the recording ran under the seed's timed faults, and
 * the run is the recording until an aimed step fires, so this is the resync or election that fault caused (a learner
 * that fell behind catching up; the syncs at start-up mostly carry nothing). Otherwise armed from the start at any
 * match the recording saw, or at a random time at one of the next few matches; a point seen at most RARE times is tied
 * to a moment (a sync, an election) that a random arm time would mostly miss, so it is always armed from the start.
 */
function arming(prng: Prng, s: AimedSettings, ps: readonly Armable[]): { atUs: number; nth: number } {
  let total = 0;
  const late: number[] = [];
  const heavy: number[] = [];
  for (const p of ps) {
    total += p.count;
    if (p.lateUs !== undefined) for (const t of p.lateUs) late.push(t);
    if (p.heavyLateUs !== undefined) heavy.push(p.heavyLateUs);
  }
  // Of the late matches, half the time the one with the largest payload (a sync that carries data).
  if (late.length > 0 && prng.int(2) === 0) return { atUs: heavy.length > 0 && prng.int(2) === 0 ? prng.pick(heavy) : prng.pick(late), nth: 1 };
  return total <= RARE || prng.int(2) === 0 ? { atUs: 0, nth: 1 + prng.int(Math.max(1, total)) } : { atUs: prng.int(Math.max(1, s.phaseUs)), nth: 1 + prng.int(3) };
}

/** A node id, or (half the time, when it held roles) "any-<role>" of one of its roles. */
function matcher(prng: Prng, p: { node: string; roles: readonly string[] }): string {
  return p.roles.length > 0 && prng.int(2) === 0 ? `any-${prng.pick(p.roles)}` : p.node;
}

/** Whether matcher `m` counts a point of `node` holding `roles`. */
function matches(p: { node: string; roles: readonly string[] }, m: string): boolean {
  return m.startsWith('any-') ? p.roles.includes(m.slice(4)) : p.node === m;
}

/** The message points of type `type` a trigger on matcher `m` counts (their matches are its matches). */
function messagePointsOf(ps: readonly MessagePoint[], m: string, type: string): MessagePoint[] {
  const out: MessagePoint[] = [];
  for (const p of ps) if (p.type === type && matches(p, m)) out.push(p);
  return out;
}

/**
 * The disk points of `file` a trigger on matcher `m` for `op` counts: a 'write' counts every op but fsync with
 * `crashWrite` (a crash at a write), every op without (damage after a write); any other op counts itself.
 */
function diskPointsOf(ps: readonly DiskPoint[], m: string, file: string, op: string, crashWrite: boolean): DiskPoint[] {
  const out: DiskPoint[] = [];
  for (const p of ps) {
    if (p.file !== file || !matches(p, m)) continue;
    if (op === 'write' ? !crashWrite || p.op !== 'fsync' : p.op === op) out.push(p);
  }
  return out;
}

/** The role entries of `role` at `node` (or at any node). */
function entriesOf(es: readonly RoleEntry[], role: string, node: string): RoleEntry[] {
  const out: RoleEntry[] = [];
  for (const x of es) if (x.role === role && (node === 'any' || x.node === node)) out.push(x);
  return out;
}

const fileOf = (x: DiskPoint): string => x.file;
const typeOf = (x: MessagePoint): string => x.type;
const roleOf = (x: RoleEntry): string => x.role;

/**
 * Aim at rare points at least as often as at busy ones (CrashTuner's metadata accesses): pick a file (or message type)
 * uniformly among the distinct ones, or with weight 1/(times the recording saw it), or (messages, a third of the time)
 * with weight the largest payload it carried; then one of its points. A log written a thousand times weighs no more
 * than an epoch file, a SNAP seen once more than a ping, and a sync that shipped data more than a heartbeat.
 */
function pickBy<P extends { count: number; bytes?: number }>(prng: Prng, ps: readonly P[], key: (p: P) => string): P {
  const totals = new Map<string, number>();
  const bytes = new Map<string, number>();
  for (const p of ps) {
    totals.set(key(p), (totals.get(key(p)) ?? 0) + p.count);
    bytes.set(key(p), Math.max(bytes.get(key(p)) ?? 0, p.bytes ?? 0));
  }
  const keys = [...totals.keys()];
  let hasBytes = false;
  for (const k of keys) if (bytes.get(k)! > 0) { hasBytes = true; break; }
  const mode = prng.int(hasBytes ? 3 : 2);
  let k: string;
  if (mode === 0) k = prng.pick(keys);
  else {
    const weights: number[] = [];
    for (const x of keys) weights.push(mode === 1 ? Math.ceil(WEIGHT_SCALE / Math.max(1, totals.get(x)!)) : Math.max(1, bytes.get(x)!));
    k = keys[pickWeighted(prng, weights)]!;
  }
  const same: P[] = [];
  for (const p of ps) if (key(p) === k) same.push(p);
  return prng.pick(same);
}

/**
 * How long a crashed node stays down: a window like the timed swarm's, or (half the time) a quick reboot of
 * phase/1000 to phase/20 (a supervisor restarting it), so a second crash can follow before its peers have repaired it.
 */
function downtime(prng: Prng, s: AimedSettings): number {
  if (prng.int(2) === 0) return window(prng, s);
  const lo = Math.max(1, Math.floor(s.phaseUs / 1000));
  return Math.min(Math.floor(s.phaseUs / 20), lo * 2 ** prng.int(6) + prng.int(lo));
}

function crash(prng: Prng, s: AimedSettings, target: string, when: Trigger, atUs: number): FaultStep {
  return { atUs, kind: 'crash', target, mode: prng.int(2) === 0 ? 'process' : 'machine', forUs: downtime(prng, s), when };
}

/** Crash (process or machine) or, one time in five when pauses are allowed, stall the node for a while. */
function down(prng: Prng, s: AimedSettings, target: string, when: Trigger, atUs: number): FaultStep {
  return s.mayPause && prng.int(5) === 0 ? { atUs, kind: 'pause', target, forUs: window(prng, s), when } : crash(prng, s, target, when, atUs);
}

/**
 * Which end of a message goes down: the node where the trigger matched or the other end (a leader crashing right after
 * its learner handled a snapshot), half each when both may (the kernel skips matches whose peer may not go down). Half
 * the time the other end crashes too once the first is back (FlyMC's crash-then-reboot sequences: the learner restarts
 * from a disk that missed what the leader's crash cut short).
 */
function atMessage(prng: Prng, pts: AimedPoints, s: AimedSettings, p: MessagePoint, when: Trigger, atUs: number): FaultStep[] {
  const first = !pts.crashable.has(p.node) || prng.int(2) === 0 ? TRIGGER_PEER_TARGET : TRIGGER_TARGET;
  const step = down(prng, s, first, when, atUs);
  const other = first === TRIGGER_TARGET ? TRIGGER_PEER_TARGET : TRIGGER_TARGET;
  if (!s.mayCrash || (other === TRIGGER_TARGET && !pts.crashable.has(p.node)) || prng.int(2) === 0) return [step];
  const then = crash(prng, s, other, when, atUs);
  return [step, { ...then, delayUs: (step.kind === 'crash' || step.kind === 'pause' ? step.forUs ?? 0 : 0) + window(prng, s) }];
}

/** One aimed step of `kind` (two for a corruption followed by a crash), drawn from `prng`. */
export function aimedStep(kind: AimedKind, prng: Prng, pts: AimedPoints, s: AimedSettings): FaultStep[] {
  switch (kind) {
    case 'crash-at-disk': {
      const p = pickBy(prng, pts.disk, fileOf);
      const m = matcher(prng, p);
      const op = p.op !== 'fsync' && prng.int(4) === 0 ? 'write' : p.op;
      const a = arming(prng, s, diskPointsOf(pts.disk, m, p.file, op, true));
      return [down(prng, s, 'trigger', { disk: op, node: m, file: p.file, nth: a.nth, edge: prng.int(2) === 0 ? 'before' : 'after' }, a.atUs)];
    }
    case 'crash-at-send': {
      const p = pickBy(prng, pts.sent, typeOf);
      const m = matcher(prng, p);
      const a = arming(prng, s, messagePointsOf(pts.sent, m, p.type));
      return atMessage(prng, pts, s, p, { send: p.type, node: m, nth: a.nth }, a.atUs);
    }
    case 'crash-at-receive': {
      const p = pickBy(prng, pts.received, typeOf);
      const m = matcher(prng, p);
      const a = arming(prng, s, messagePointsOf(pts.received, m, p.type));
      return atMessage(prng, pts, s, p, { receive: p.type, node: m, nth: a.nth, edge: prng.int(2) === 0 ? 'before' : 'after' }, a.atUs);
    }
    case 'corrupt-at-disk': {
      // Damage the file right after a write to it lands (FATE's corruption at an I/O point); half the time the writer
      // also crashes there, so its boot reads the damage back (a checksum it skips or trusts is what the bug is about).
      const p = pickBy(prng, pts.written, fileOf);
      const m = matcher(prng, p);
      const op = prng.int(4) === 0 ? 'write' : p.op;
      const a = arming(prng, s, diskPointsOf(pts.written, m, p.file, op, false));
      const when: Trigger = { disk: op, node: m, file: p.file, nth: a.nth, edge: 'after' };
      const damage: FaultStep = { atUs: a.atUs, kind: 'disk-corrupt', target: 'trigger', file: p.file, ...(prng.int(2) === 0 ? { record: 'last' as const } : {}), when };
      return s.mayCrash && pts.crashable.has(p.node) && prng.int(2) === 0 ? [damage, crash(prng, s, 'trigger', when, a.atUs)] : [damage];
    }
    case 'corrupt-at-send': {
      // Damage in transit the next one to three messages on the link of a send (the message just sent has left).
      const p = pickBy(prng, pts.sent, typeOf);
      const m = matcher(prng, p);
      const a = arming(prng, s, messagePointsOf(pts.sent, m, p.type));
      return [{ atUs: a.atUs, kind: 'corrupt-messages', from: 'trigger', to: 'trigger-peer', count: 1 + prng.int(3), when: { send: p.type, node: m, nth: a.nth } }];
    }
    case 'slow-at-receive': {
      // A gray failure at a protocol moment: the disk of either end turns 10-100x slower for a while once a message
      // arrives (a recovering node's copy crawling while its peers move on).
      const p = pickBy(prng, pts.received, typeOf);
      const m = matcher(prng, p);
      const a = arming(prng, s, messagePointsOf(pts.received, m, p.type));
      const target = prng.int(2) === 0 ? TRIGGER_TARGET : TRIGGER_PEER_TARGET;
      return [{ atUs: a.atUs, kind: 'disk-slow', target, factor: 10 + prng.int(91), durationUs: window(prng, s), when: { receive: p.type, node: m, nth: a.nth } }];
    }
    case 'partition-on-role': {
      const e = pickBy(prng, pts.entries, roleOf);
      const node = prng.int(2) === 0 ? e.node : 'any';
      const a = arming(prng, s, entriesOf(pts.entries, e.role, node));
      // `forUs`, not a trailing heal: a heal would also end the seed's timed partitions, clogs and loss.
      return [{ atUs: a.atUs, kind: 'partition', groups: [['trigger'], ['rest']], forUs: window(prng, s), when: { role: e.role, node, nth: a.nth } }];
    }
    case 'pause-on-role': {
      const e = pickBy(prng, pts.pausable, roleOf);
      const a = arming(prng, s, [e]);
      return [{ atUs: a.atUs, kind: 'pause', target: 'trigger', forUs: window(prng, s), when: { role: e.role, node: e.node, nth: a.nth } }];
    }
  }
}
