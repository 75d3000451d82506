// Aimed chained fault shapes: several steps fired in order by one send Y→X drawn from the seed's crash-point catalog. A
// pair of machines losing power together right after one told the other something (power-pair-at-send), and a record
// damaged after a peer acted on it, its writer crashed and the peer then cut off (damage-chain-at-send). aimed-plan.ts
// draws them beside the one-step kinds of aimed-steps.ts.
import type { Prng } from './prng.ts';
import type { FaultKind, FaultStep, Trigger } from './types.ts';
import { TRIGGER_PEER_TARGET, TRIGGER_TARGET } from './trigger-types.ts';
import type { DiskPoint, MessagePoint } from './catalog.ts';
import type { AimedPoints } from './aimed-steps.ts';
import { pickWeighted, span } from './aimed-cuts.ts';

export const CHAIN_KINDS = ['power-pair-at-send', 'damage-chain-at-send'] as const;
export type ChainKind = (typeof CHAIN_KINDS)[number];

export const isChainKind = (k: string): k is ChainKind => (CHAIN_KINDS as readonly string[]).includes(k);

/** The catalog's points a chain may aim at: the fields of the one-step kinds' points it reads. */
export type ChainPoints = Pick<AimedPoints, 'sent' | 'received' | 'written' | 'crashable'>;

export interface ChainSettings {
  readonly phaseUs: number;
  readonly allowed: ReadonlySet<FaultKind>;
  /** The protocol's down budget: a power pair needs two nodes down at once. */
  readonly maxDownNodes: number;
}

/** The fault kind the protocol must allow for a chain to be drawn (the others it uses are dropped when not allowed). */
export const CHAIN_NEEDS: Readonly<Record<ChainKind, FaultKind>> = { 'power-pair-at-send': 'crash', 'damage-chain-at-send': 'disk-corrupt' };

/** Nodes other than the sender that received messages of the send's type: the X a chain names as the trigger's `to`. */
// (Loops and module-level functions, not closures made per call: V8 holds a closure's optimised code weakly, so a
// campaign worker recompiled those after every full GC; bench/deopt-census.ts.)
const receiversOf = (pts: ChainPoints, p: MessagePoint, crashableOnly: boolean): string[] => {
  const seen = new Set<string>();
  for (const r of pts.received) if (r.type === p.type && r.node !== p.node && (!crashableOnly || pts.crashable.has(r.node))) seen.add(r.node);
  return [...seen];
};

/** A file the sender appended to (a log: its last record is what it just told a peer), else any file it wrote. */
const filesOf = (pts: ChainPoints, node: string): DiskPoint[] => {
  const mine: DiskPoint[] = [];
  const logs: DiskPoint[] = [];
  for (const w of pts.written) {
    if (w.node !== node) continue;
    mine.push(w);
    if (w.op === 'append') logs.push(w);
  }
  return logs.length > 0 ? logs : mine;
};

/** The sends each chain may fire on: a crashable sender with a receiver fit for the chain (and a file, for damage). */
export function chainSends(kind: ChainKind, pts: ChainPoints, s: ChainSettings): MessagePoint[] {
  const out: MessagePoint[] = [];
  for (const p of pts.sent) {
    if (pts.crashable.has(p.node) && (kind === 'power-pair-at-send'
      ? s.maxDownNodes >= 2 && receiversOf(pts, p, true).length > 0
      : receiversOf(pts, p, false).length > 0 && filesOf(pts, p.node).length > 0)) out.push(p);
  }
  return out;
}

/**
 * A message type uniformly among the distinct ones or (half the time) with weight 1/(times the recording saw it), as the
 * one-step kinds aim (a rare type weighs as much as a busy one), then one of its sends.
 */
function pickSend(prng: Prng, ps: readonly MessagePoint[]): MessagePoint {
  const totals = new Map<string, number>();
  for (const p of ps) totals.set(p.type, (totals.get(p.type) ?? 0) + p.count);
  const types = [...totals.keys()];
  let type = prng.pick(types);
  if (prng.int(2) === 0) {
    const w: number[] = [];
    for (const t of types) w.push(Math.ceil(1_000_000 / totals.get(t)!));
    type = types[pickWeighted(prng, w)]!;
  }
  const ofType: MessagePoint[] = [];
  for (const p of ps) if (p.type === type) ofType.push(p);
  return prng.pick(ofType);
}

/** A few network hops after the send (phase/3000 to phase/750: 1-4 ms of a 3 s phase): X has acted on it. */
const soon = (prng: Prng, phaseUs: number): number => span(prng, phaseUs, 3000, 750);

/** The steps of one chain of `kind` (callers check chainSends(kind) is not empty). */
export function chainSteps(kind: ChainKind, prng: Prng, pts: ChainPoints, s: ChainSettings): FaultStep[] {
  const P = s.phaseUs;
  const p = pickSend(prng, chainSends(kind, pts, s));
  const to = prng.pick(receiversOf(pts, p, kind === 'power-pair-at-send'));
  // Y's sends of this type to X, about: its count split over the type's receivers. Armed from the start at one of them,
  // or at a random time at one of the next three (the moment a timed fault would have hit).
  let sends = 0;
  for (const x of pts.sent) if (x.node === p.node && x.type === p.type) sends += x.count;
  const perPeer = Math.max(1, Math.ceil(sends / Math.max(1, receiversOf(pts, p, false).length)));
  const [atUs, nth] = prng.int(2) === 0 ? [0, 1 + prng.int(perPeer)] : [prng.int(Math.max(1, P)), 1 + prng.int(3)];
  const when: Trigger = { send: p.type, node: p.node, to, nth };
  // The two ends alone with each other for a window like the timed swarm's (phase/20 to phase/3), so what Y told X
  // reaches no one else before the next steps hit.
  const apart = span(prng, P, 20, 3);
  const steps: FaultStep[] = [];
  if (s.allowed.has('partition')) steps.push({ atUs, kind: 'partition', groups: [[TRIGGER_TARGET, TRIGGER_PEER_TARGET], ['rest']], forUs: apart, when });
  if (kind === 'power-pair-at-send') {
    // Both machines lose power within a few ms of each other, every write not yet fsync'd lost (a rack power loss): a
    // peer that acknowledged before its write was durable and the sender both forget, though a majority may have counted.
    const downUs = span(prng, P, 1000, 30);
    for (const target of [TRIGGER_TARGET, TRIGGER_PEER_TARGET]) {
      steps.push({ atUs, kind: 'crash', target, mode: 'machine', unsynced: 'lost', forUs: downUs, when, delayUs: soon(prng, P) });
    }
    return steps;
  }
  // Damage the last record of a log Y wrote once X has acted on it, crash Y (a process crash: the damage is what boot
  // reads back) and, once the pair's window ends, cut X off so Y's boot state decides with the rest.
  const files = new Set<string>();
  for (const w of filesOf(pts, p.node)) files.add(w.file);
  const file = prng.pick([...files]);
  const damageUs = soon(prng, P);
  const crashUs = Math.max(damageUs, Math.floor(P / 750));
  steps.push({ atUs, kind: 'disk-corrupt', target: TRIGGER_TARGET, file, record: 'last', when, delayUs: damageUs });
  if (s.allowed.has('crash')) steps.push({ atUs, kind: 'crash', target: TRIGGER_TARGET, mode: 'process', forUs: span(prng, P, 1000, 30), when, delayUs: crashUs });
  if (s.allowed.has('partition')) steps.push({ atUs, kind: 'partition', groups: [[TRIGGER_PEER_TARGET], ['rest']], forUs: span(prng, P, 20, 3), when, delayUs: apart });
  return steps;
}
