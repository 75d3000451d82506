// Mutating a fault plan for guided fuzzing: move a step in time, stretch or shrink its window, flip a crash mode,
// retarget it, add a fault drawn from a donor plan, drop one, splice in steps of another plan, and (for triggered
// steps) change nth, edge or delay, or splice two plans at a cut time. Pure: the same (plan, prng draws) gives the same plan, always within the budget.
import type { FaultBudget, FaultPlan, FaultStep, NodeSpec, Prng, Trigger } from '../sim/index.ts';
import { TRIGGER_PEER_TARGET, drawFaultPlan, stepTargets, triggerKind, withinBudget } from '../sim/index.ts';
import { splicePlans } from './guided-splice.ts';

export interface MutationContext {
  readonly nodes: readonly NodeSpec[];
  readonly budget: FaultBudget;
  /** Another corpus plan to splice from (null when the corpus holds one plan). */
  readonly other: FaultPlan | null;
  /** Message types the parent's run sent (for send/receive triggers). */
  readonly messageTypes: readonly string[];
}

/** Triggered crashes a mutant may hold (87% of crash-recovery bugs need at most three crashes). */
const TRIGGERED_DOWN_MAX = 2;
const DISK_OPS = ['write', 'append', 'replace', 'truncate', 'fsync'] as const;

const WINDOWED = new Set(['partition', 'partition-one-way', 'datagram-loss']);
/** Most steps a mutated plan keeps (a plan only grows by adding). */
const stepsMax = (b: FaultBudget): number => 2 * b.fuzzStepsMax + 2;

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

function targetsOf(ctx: MutationContext): string[] {
  const crashable = ctx.nodes.filter((n) => ctx.budget.crashableKinds === undefined || ctx.budget.crashableKinds.includes(n.kind)).map((n) => n.id as string);
  return [...crashable, ...(ctx.budget.roleTargets ?? [])];
}

/** Index of a non-heal step (heals come with the window they end), or -1. */
function pickStep(steps: readonly FaultStep[], prng: Prng): number {
  const idx = steps.map((s, i) => (s.kind === 'heal' ? -1 : i)).filter((i) => i >= 0);
  return idx.length === 0 ? -1 : prng.pick(idx);
}

/** A fault (with the heal that ends its window) taken from a fresh plan drawn from the prng (within ctx.budget's phase). */
export function donorFault(ctx: Pick<MutationContext, 'nodes' | 'budget'>, prng: Prng): FaultStep[] {
  for (let tries = 0; tries < 8; tries++) {
    const donor = drawFaultPlan(prng.uint32() & 0x7fff_ffff, ctx.nodes, ctx.budget).steps;
    const i = pickStep(donor, prng);
    if (i < 0) continue;
    const s = donor[i]!;
    const heal = WINDOWED.has(s.kind) ? donor.slice(i + 1).find((x) => x.kind === 'heal') : undefined;
    return heal === undefined ? [s] : [s, heal];
  }
  return [];
}

/**
 * Whether a step names the other end of its trigger's message (as target, from, to or in a group): the kernel's own
 * reading (stepTargets, with which armTriggers refuses such a step on a trigger without a peer).
 */
const refersToPeer = (s: FaultStep): boolean => stepTargets(s).includes(TRIGGER_PEER_TARGET);

/** Only send and receive triggers have a peer: a step aimed at one keeps a message trigger (the kernel rejects others). */
const fitsTrigger = (s: FaultStep, when: Trigger): boolean => !refersToPeer(s) || triggerKind(when) === 'send' || triggerKind(when) === 'receive';

const triggeredDowns = (steps: readonly FaultStep[]): number => steps.filter((s) => s.when !== undefined && (s.kind === 'crash' || s.kind === 'pause')).length;

/** A trigger drawn from what the run can show: disk ops, the parent's message types, the budget's roles. */
function drawTrigger(ctx: MutationContext, prng: Prng): Trigger {
  const roles = ctx.budget.roleTargets ?? [];
  const nodes = ctx.nodes.map((n) => n.id as string);
  const who = (): string => (roles.length > 0 && prng.int(2) === 0 ? prng.pick(roles) : prng.int(3) === 0 ? prng.pick(nodes) : 'any');
  const nth = prng.range(1, 5);
  const edge = prng.int(2) === 0 ? 'before' as const : 'after' as const;
  const kind = prng.int(roles.length > 0 ? 4 : 3);
  if ((kind === 1 || kind === 2) && ctx.messageTypes.length > 0) {
    const type = prng.pick(ctx.messageTypes);
    return kind === 1 ? { send: type, node: who(), nth } : { receive: type, node: who(), nth, edge };
  }
  if (kind === 3) return { role: prng.pick(roles), nth: prng.range(1, 3) };
  return { disk: prng.pick(DISK_OPS), node: who(), nth, edge };
}

function addTriggered(steps: FaultStep[], ctx: MutationContext, prng: Prng): FaultStep[] {
  if (triggeredDowns(steps) >= TRIGGERED_DOWN_MAX) return steps;
  const p = phase(ctx);
  const forUs = prng.range(Math.floor(p / 20), Math.floor(p / 3));
  // Armed anywhere in the fault phase: armed at 0, "the nth write" mostly means a write at boot.
  const atUs = prng.int(p);
  const when = drawTrigger(ctx, prng);
  const step: FaultStep = prng.int(4) === 0
    ? { atUs, kind: 'pause', target: 'trigger', forUs, when }
    : { atUs, kind: 'crash', target: 'trigger', mode: prng.int(2) === 0 ? 'machine' : 'process', forUs, when };
  return [...steps, step];
}

function retimed(s: FaultStep, atUs: number): FaultStep {
  return { ...s, atUs } as FaultStep;
}

type Op = (steps: FaultStep[], ctx: MutationContext, prng: Prng) => FaultStep[];

const phase = (ctx: MutationContext): number => ctx.budget.fuzzFaultPhaseUs;

const OPS: readonly Op[] = [
  // Move a step (a small nudge or anywhere in the fault phase).
  (steps, ctx, prng) => {
    const i = pickStep(steps, prng);
    if (i < 0) return steps;
    const s = steps[i]!;
    const p = phase(ctx);
    const at = prng.chance({ numerator: 1, denominator: 3 }) ? prng.int(p) : clamp(s.atUs + prng.range(-Math.floor(p / 20), Math.floor(p / 20)), 0, p - 1);
    steps[i] = retimed(s, at);
    return steps;
  },
  // Stretch or shrink a window (crash/pause/kill `for`, clog/slow duration).
  (steps, ctx, prng) => {
    const i = pickStep(steps, prng);
    if (i < 0) return steps;
    const s = steps[i]! as FaultStep & { forUs?: number; durationUs?: number };
    const scale = (x: number): number => clamp(prng.chance({ numerator: 1, denominator: 2 }) ? x * 2 : Math.floor(x / 2), 1000, phase(ctx));
    if (s.forUs !== undefined) steps[i] = { ...s, forUs: scale(s.forUs) } as FaultStep;
    else if (s.durationUs !== undefined) steps[i] = { ...s, durationUs: scale(s.durationUs) } as FaultStep;
    return steps;
  },
  // Flip a crash mode, or turn a crash into a kill during a write and back.
  (steps, _ctx, prng) => {
    const i = steps.findIndex((s) => s.kind === 'crash' || s.kind === 'kill-during-write');
    if (i < 0) return steps;
    const s = steps[i]!;
    if (s.kind === 'crash' && (s.when !== undefined || prng.chance({ numerator: 3, denominator: 4 }))) steps[i] = { ...s, mode: s.mode === 'machine' ? 'process' : 'machine' };
    else if (s.kind === 'crash') steps[i] = { atUs: s.atUs, kind: 'kill-during-write', target: s.target, ...(s.forUs !== undefined ? { forUs: s.forUs } : {}) };
    else if (s.kind === 'kill-during-write' && s.when === undefined) steps[i] = { atUs: s.atUs, kind: 'crash', target: s.target, mode: 'machine', ...(s.forUs !== undefined ? { forUs: s.forUs } : {}) };
    return steps;
  },
  // Retarget a node fault (another node, or a role such as "leader").
  (steps, ctx, prng) => {
    const i = steps.findIndex((s) => 'target' in s);
    const targets = targetsOf(ctx);
    if (i < 0 || targets.length === 0) return steps;
    steps[i] = { ...steps[i]!, target: prng.pick(targets) } as FaultStep;
    return steps;
  },
  // Add a fault.
  (steps, ctx, prng) => [...steps, ...donorFault(ctx, prng)],
  // Drop a fault (and the heal right after a windowed one stays: a heal alone is harmless).
  (steps, _ctx, prng) => {
    const i = pickStep(steps, prng);
    if (i >= 0) steps.splice(i, 1);
    return steps;
  },
  // Splice: take a step of another corpus plan.
  (steps, ctx, prng) => {
    const other = ctx.other?.steps ?? [];
    const i = pickStep(other, prng);
    return i < 0 ? steps : [...steps, other[i]!];
  },
  // Splice: this plan's faults before a cut time, another corpus plan's from it on (guided-splice.ts).
  (steps, ctx, prng) => (ctx.other === null ? steps : splicePlans(steps, ctx.other.steps, phase(ctx), prng)),
  // Triggered steps: another nth, the other edge, a delay, or a later arm time.
  (steps, ctx, prng) => {
    const idx = steps.map((s, i) => (s.when !== undefined ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) return addTriggered(steps, ctx, prng);
    const i = prng.pick(idx);
    const s = steps[i]!;
    const when = s.when!;
    switch (prng.int(5)) {
      case 0: steps[i] = { ...s, when: { ...when, nth: prng.range(1, 5) } }; break;
      case 1: steps[i] = 'role' in when || 'probe' in when || 'send' in when ? s : { ...s, when: { ...when, edge: when.edge === 'before' ? 'after' : 'before' } }; break;
      case 2: steps[i] = { ...s, delayUs: prng.pick([0, 0, 100, 1000, 10_000, 100_000]) }; break;
      case 3: {
        const next = drawTrigger(ctx, prng);
        // A redrawn trigger keeps its place in the plan's order (its id and after).
        if (fitsTrigger(s, next)) steps[i] = { ...s, when: { ...next, ...orderOf(when) } as Trigger };
        break;
      }
      default: steps[i] = retimed(s, prng.int(phase(ctx))); break;
    }
    return steps;
  },
  // Add a triggered crash (before/after a disk op, after a send or receive, on entering a role).
  (steps, ctx, prng) => addTriggered(steps, ctx, prng),
  // Turn a timed crash into one fired by an event at the node the event happens on.
  (steps, ctx, prng) => {
    const i = steps.findIndex((s) => s.kind === 'crash' && s.when === undefined);
    if (i < 0 || triggeredDowns(steps) >= TRIGGERED_DOWN_MAX) return steps;
    steps[i] = { ...steps[i]!, when: drawTrigger(ctx, prng), target: 'trigger' } as FaultStep;
    return steps;
  },
];

/** How many plan mutation operators there are (indices 0..OP_COUNT-1, as `MutateHow.used` records them). */
export const OP_COUNT = OPS.length;

/** How a mutant is made: how many stacked rounds at most, operator weights (uniform when absent), and a recorder. */
export interface MutateHow {
  readonly roundsMax?: number;
  /** Integer weight per operator (OP_COUNT of them, each > 0): an operator is picked in proportion to its weight. */
  readonly opWeights?: readonly number[];
  /** The operator indices applied are pushed here (for yield accounting). */
  readonly used?: number[];
}

function pickOp(prng: Prng, weights: readonly number[] | undefined): number {
  if (weights === undefined) return prng.int(OPS.length);
  let x = prng.int(Math.max(1, weights.reduce((t, w) => t + w, 0)));
  for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

/** 1–4 (or 1–roundsMax) mutations of `plan`; the result is sorted, within the fault budget and at most stepsMax steps. */
export function mutatePlan(plan: FaultPlan, ctx: MutationContext, prng: Prng, how: MutateHow = {}): FaultPlan {
  let steps = [...plan.steps];
  const rounds = prng.range(1, how.roundsMax ?? 4);
  for (let r = 0; r < rounds; r++) {
    const op = pickOp(prng, how.opWeights);
    how.used?.push(op);
    steps = OPS[op]!(steps, ctx, prng);
  }
  // At most TRIGGERED_DOWN_MAX triggered crashes/pauses (a splice may bring more): the later ones go.
  let downs = 0;
  steps = steps.filter((s) => !(s.when !== undefined && (s.kind === 'crash' || s.kind === 'pause')) || ++downs <= TRIGGERED_DOWN_MAX);
  // The budget's down windows are for timed steps: a triggered step's atUs is only its arm time, so counting it from
  // there would crowd out the timed crashes of its whole arm window. Triggered steps are kept beside them (≤ 2 downs).
  const timed = withinBudget(steps.filter((x) => x.when === undefined), ctx.budget.maxDownNodes);
  const triggered = steps.filter((x) => x.when !== undefined);
  const kept = [...timed, ...triggered].sort((a, b) => a.atUs - b.atUs || a.kind.localeCompare(b.kind)).slice(0, stepsMax(ctx.budget));
  const kinds = [...new Set(kept.map((s) => s.kind))].sort();
  return { kinds, steps: withoutDanglingAfter(kept) };
}

/** The `id` and `after` of a trigger (sim/trigger-types.ts TriggerOrder), as fields to spread. */
const orderOf = (t: Trigger): Partial<Record<'id' | 'after', string>> =>
  ({ ...(t.id !== undefined ? { id: t.id } : {}), ...(t.after !== undefined ? { after: t.after } : {}) });

/**
 * A step whose `after` names an id no step of the plan carries any more (that step was dropped, or the step came from
 * another plan) loses its `after` and is armed at its own time: the kernel rejects a dangling name.
 */
function withoutDanglingAfter(steps: readonly FaultStep[]): FaultStep[] {
  const ids = new Set(steps.flatMap((s) => (s.when?.id !== undefined ? [s.when.id] : [])));
  return steps.map((s) => {
    if (s.when?.after === undefined || (ids.has(s.when.after) && s.when.after !== s.when.id)) return s;
    const { after: _after, ...when } = s.when;
    return { ...s, when: when as Trigger };
  });
}
