// Aimed faults for fuzz plans: triggered steps drawn from a seed's crash-point catalog (crash or stall at either end of
// a write, fsync, send or receive; damage to a file right after it is written or to the messages after a send; a slow
// disk once a message arrives; a partition or pause when a node enters a role; the chains of aimed-chains.ts: a pair
// losing power, a damaged record then a crash and a cut), beside the timed swarm. Drawn from their own stream ("fuzz-aimed"), so
// the timed plan of a seed does not shift. The step shapes live in aimed-steps.ts.
import { Prng } from './prng.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from './types.ts';
import type { CrashPointCatalog, DiskPoint } from './catalog.ts';
import { DEFAULT_FUZZ_KINDS } from './fuzz-plan.ts';
import { aimedStep, type AimedPoints, type AimedKind as StepKind } from './aimed-steps.ts';
import { CHAIN_NEEDS, chainSends, chainSteps, isChainKind, type ChainKind } from './aimed-chains.ts';
import { CUT_KINDS, cutSteps, drawRejoinChain, isCutAvailable, isCutKind, type CutKind } from './aimed-cuts.ts';
import { drawResyncPair } from './aimed-resync.ts';
import { MUTE_KIND, drawMuteBurst } from './aimed-mute.ts';
import { SPLIT_KIND, drawSplit } from './aimed-split.ts';
import { DURABLE_KIND, drawDurableDamage } from './aimed-damage.ts';

/** The plan kind naming the resync pair (aimed-resync.ts) in a plan's kinds. */
export const RESYNC_KIND = 'resync-crash-pair';
/** The plan kind naming the isolate-then-rejoin cut chain (aimed-cuts.ts). */
export const REJOIN_KIND = 'isolate-then-rejoin';

export const AIMED_KINDS = [
  'crash-at-disk', 'crash-at-send', 'crash-at-receive', 'partition-on-role', 'pause-on-role', 'corrupt-at-disk', 'corrupt-at-send',
  'slow-at-receive', 'power-pair-at-send', 'damage-chain-at-send',
] as const satisfies readonly AimedKind[];
/** A one-step kind (aimed-steps.ts) or a chain of steps fired by one event (aimed-chains.ts). */
export type AimedKind = StepKind | ChainKind;

/** At most this many aimed steps (each a crash+restart, a pause or a partition, each with its end) per plan, and at most
 * this many crashes and pauses among them. */
export const AIMED_STEPS_MAX = 3;

/** The fault kind the protocol must allow for an aimed kind to be drawn. */
const NEEDS: Readonly<Record<AimedKind, FaultKind>> = {
  'crash-at-disk': 'crash', 'crash-at-send': 'crash', 'crash-at-receive': 'crash', 'partition-on-role': 'partition', 'pause-on-role': 'pause',
  'corrupt-at-disk': 'disk-corrupt', 'corrupt-at-send': 'corrupt-messages', 'slow-at-receive': 'disk-slow', ...CHAIN_NEEDS,
};

const isDown = (st: FaultStep): boolean => st.kind === 'crash' || st.kind === 'pause';

// Loops and module-level functions rather than per-call closures in drawAimedSteps: V8 holds a closure's optimised
// code weakly, so a campaign worker recompiled those after every full GC (bench/deopt-census.ts).

/** The points of `ps` on a crashable node. */
function onCrashable<P extends { node: string }>(ps: readonly P[], crashable: ReadonlySet<string>): P[] {
  const out: P[] = [];
  for (const p of ps) if (crashable.has(p.node)) out.push(p);
  return out;
}

/** Appends and replaces (written records). */
function writtenOf(disk: readonly DiskPoint[]): DiskPoint[] {
  const out: DiskPoint[] = [];
  for (const p of disk) if (p.op === 'append' || p.op === 'replace') out.push(p);
  return out;
}

/** `steps` without the crashes and pauses past the cap, counting on from `downs.n` (the cap is shared). */
function capDowns(steps: readonly FaultStep[], downs: { n: number }): FaultStep[] {
  const out: FaultStep[] = [];
  for (const st of steps) if (!isDown(st) || ++downs.n <= AIMED_STEPS_MAX) out.push(st);
  return out;
}

export interface AimedSteps {
  readonly kinds: readonly (AimedKind | CutKind | typeof RESYNC_KIND | typeof REJOIN_KIND | typeof MUTE_KIND | typeof SPLIT_KIND | typeof DURABLE_KIND)[];
  readonly steps: readonly FaultStep[];
}

/** The aimed steps of a fuzz seed: a pure function of (seed, catalog, nodes, budget). */
export function drawAimedSteps(seed: number, catalog: CrashPointCatalog, nodes: readonly NodeSpec[], budget: FaultBudget): AimedSteps {
  const prng = new Prng(seed, 'fuzz-aimed');
  const crashable = new Set(nodes.filter((n) => budget.crashableKinds === undefined || budget.crashableKinds.includes(n.kind)).map((n) => n.id as string));
  const allowed = new Set(budget.kinds ?? DEFAULT_FUZZ_KINDS);
  const pts: AimedPoints = {
    disk: onCrashable(catalog.disk, crashable),
    // Written records (appends and replaces) may be damaged on any node: corruption takes no node down.
    written: writtenOf(catalog.disk),
    // Every message point: a crash aimed at the other end (trigger-peer) needs only the peer to be crashable, which the
    // kernel's down budget checks when the trigger matches (a non-crashable peer's match does not count).
    sent: catalog.sent,
    received: catalog.received,
    entries: catalog.roleEntries,
    pausable: onCrashable(catalog.roleEntries, crashable),
    crashable,
  };
  const chains = { phaseUs: budget.fuzzFaultPhaseUs, allowed, maxDownNodes: budget.maxDownNodes };
  const has: Record<AimedKind, boolean> = {
    'crash-at-disk': pts.disk.length > 0, 'crash-at-send': pts.sent.length > 0, 'crash-at-receive': pts.received.length > 0,
    'partition-on-role': pts.entries.length > 0, 'pause-on-role': pts.pausable.length > 0,
    'corrupt-at-disk': pts.written.length > 0, 'corrupt-at-send': pts.sent.length > 0, 'slow-at-receive': pts.received.length > 0,
    'power-pair-at-send': chainSends('power-pair-at-send', pts, chains).length > 0, 'damage-chain-at-send': chainSends('damage-chain-at-send', pts, chains).length > 0,
  };
  const available: (AimedKind | CutKind)[] = [];
  for (const k of AIMED_KINDS) if (has[k] && allowed.has(NEEDS[k])) available.push(k);
  if (isCutAvailable(catalog) && allowed.has('partition-one-way')) available.push(...CUT_KINDS);
  if (available.length === 0) return { kinds: [], steps: [] };
  // Swarm: each available kind is enabled with probability 1/2 (at least one).
  let kinds: (AimedKind | CutKind)[] = [];
  for (const k of available) if (prng.int(2) === 0) kinds.push(k);
  if (kinds.length === 0) kinds = [prng.pick(available)];
  const settings = { phaseUs: budget.fuzzFaultPhaseUs, mayPause: allowed.has('pause'), mayCrash: allowed.has('crash') };
  const steps: FaultStep[] = [];
  const count = 1 + prng.int(AIMED_STEPS_MAX);
  for (let i = 0; i < count; i++) {
    const k = prng.pick(kinds);
    steps.push(...(isCutKind(k) ? cutSteps(k, prng, catalog, settings) : isChainKind(k) ? chainSteps(k, prng, pts, chains) : aimedStep(k, prng, pts, settings)));
  }
  // The resync pair (its own stream: plans without it are unchanged) counts first against the crash cap.
  const resync = allowed.has('crash') ? drawResyncPair(seed, pts, budget.fuzzFaultPhaseUs, 'resync') : [];
  // At most AIMED_STEPS_MAX crashes and pauses in all (a crash of both ends of a message counts two).
  const downs = { n: resync.length };
  const kept = capDowns(steps, downs);
  // The isolate-then-rejoin cut chain (aimed-cuts.ts), also from its own stream.
  const rejoin = allowed.has('partition-one-way') && allowed.has('partition') ? drawRejoinChain(seed, catalog, settings) : [];
  const mute = allowed.has('partition-one-way') ? drawMuteBurst(seed, catalog, settings) : []; // aimed-mute.ts, own stream
  // The burst split (aimed-split.ts), from its own stream too.
  const split = allowed.has('partition') ? drawSplit(seed, catalog.received, budget.fuzzFaultPhaseUs) : [];
  // The durable-damage chain (aimed-damage.ts), from its own stream; its crash only within the cap.
  const durable = capDowns(drawDurableDamage(seed, pts, budget.fuzzFaultPhaseUs, allowed), downs);
  return {
    kinds: [...kinds, ...(resync.length > 0 ? [RESYNC_KIND] as const : []), ...(rejoin.length > 0 ? [REJOIN_KIND] as const : []),
      ...(mute.length > 0 ? [MUTE_KIND] as const : []), ...(split.length > 0 ? [SPLIT_KIND] as const : []),
      ...(durable.length > 0 ? [DURABLE_KIND] as const : [])],
    steps: [...kept, ...resync, ...rejoin, ...mute, ...split, ...durable],
  };
}
