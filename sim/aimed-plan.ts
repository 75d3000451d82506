// Aimed faults for fuzz plans: triggered steps drawn from a seed's crash-point catalog (crash before/after a write or
// fsync, crash after a send or on a receive, partition or pause when a node enters a role), beside the timed swarm.
// Drawn from their own stream ("fuzz-aimed"), so the timed plan of a seed does not shift.
import { Prng } from './prng.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec, Trigger } from './types.ts';
import type { CrashPointCatalog, DiskPoint, MessagePoint } from './catalog.ts';
import { DEFAULT_FUZZ_KINDS } from './fuzz-plan.ts';

export const AIMED_KINDS = ['crash-at-disk', 'crash-at-send', 'crash-at-receive', 'partition-on-role', 'pause-on-role'] as const;
export type AimedKind = (typeof AIMED_KINDS)[number];

/** At most this many aimed steps (each a crash+restart, a pause or a partition, each with its end) per plan. */
export const AIMED_STEPS_MAX = 3;

const NEEDS: Readonly<Record<AimedKind, FaultKind>> = {
  'crash-at-disk': 'crash', 'crash-at-send': 'crash', 'crash-at-receive': 'crash', 'partition-on-role': 'partition', 'pause-on-role': 'pause',
};

export interface AimedSteps {
  readonly kinds: readonly AimedKind[];
  readonly steps: readonly FaultStep[];
}

/** The aimed steps of a fuzz seed: a pure function of (seed, catalog, nodes, budget). */
export function drawAimedSteps(seed: number, catalog: CrashPointCatalog, nodes: readonly NodeSpec[], budget: FaultBudget): AimedSteps {
  const prng = new Prng(seed, 'fuzz-aimed');
  const phaseUs = budget.fuzzFaultPhaseUs;
  const crashable = new Set(nodes.filter((n) => budget.crashableKinds === undefined || budget.crashableKinds.includes(n.kind)).map((n) => n.id as string));
  const allowed = new Set(budget.kinds ?? DEFAULT_FUZZ_KINDS);
  const disk = catalog.disk.filter((p) => crashable.has(p.node));
  const sent = catalog.sent.filter((p) => crashable.has(p.node));
  const received = catalog.received.filter((p) => crashable.has(p.node));
  const entries = catalog.roleEntries;
  const pausable = entries.filter((e) => crashable.has(e.node));
  const has: Record<AimedKind, boolean> = {
    'crash-at-disk': disk.length > 0, 'crash-at-send': sent.length > 0, 'crash-at-receive': received.length > 0,
    'partition-on-role': entries.length > 0, 'pause-on-role': pausable.length > 0,
  };
  const available = AIMED_KINDS.filter((k) => has[k] && allowed.has(NEEDS[k]));
  if (available.length === 0) return { kinds: [], steps: [] };
  // Swarm: each available kind is enabled with probability 1/2 (at least one).
  let kinds = available.filter(() => prng.int(2) === 0);
  if (kinds.length === 0) kinds = [prng.pick(available)];
  const window = (): number => prng.range(Math.floor(phaseUs / 20), Math.floor(phaseUs / 3));
  /** Armed from the start at any match, or armed at a random time at one of the next few matches. */
  const arming = (total: number): { atUs: number; nth: number } =>
    prng.int(2) === 0 ? { atUs: 0, nth: 1 + prng.int(Math.max(1, total)) } : { atUs: prng.int(Math.max(1, phaseUs)), nth: 1 + prng.int(Math.min(3, Math.max(1, total))) };
  /** A node id, or (half the time, when it held roles) "any-<role>" of one of its roles. */
  const matcher = (p: { node: string; roles: readonly string[] }): string => (p.roles.length > 0 && prng.int(2) === 0 ? `any-${prng.pick(p.roles)}` : p.node);
  const countOf = <P extends { node: string; roles: readonly string[]; count: number }>(ps: readonly P[], m: string, same: (p: P) => boolean): number =>
    ps.filter((p) => same(p) && (m.startsWith('any-') ? p.roles.includes(m.slice(4)) : p.node === m)).reduce((s, p) => s + p.count, 0);

  /**
   * Aim at rare points as often as at busy ones (CrashTuner's metadata accesses): pick a file (or message type) uniformly
   * among the distinct ones, then one of its points; a log written a thousand times weighs no more than an epoch file.
   */
  const pickBy = <P>(ps: readonly P[], key: (p: P) => string): P => {
    const keys = [...new Set(ps.map(key))];
    const k = prng.pick(keys);
    return prng.pick(ps.filter((p) => key(p) === k));
  };

  const steps: FaultStep[] = [];
  const count = 1 + prng.int(AIMED_STEPS_MAX);
  for (let i = 0; i < count; i++) {
    const kind = prng.pick(kinds);
    const crash = (when: Trigger, atUs: number): FaultStep =>
      ({ atUs, kind: 'crash', target: 'trigger', mode: prng.int(2) === 0 ? 'process' : 'machine', forUs: window(), when });
    switch (kind) {
      case 'crash-at-disk': {
        const p: DiskPoint = pickBy(disk, (x) => x.file);
        const m = matcher(p);
        const op = p.op !== 'fsync' && prng.int(4) === 0 ? 'write' : p.op;
        const a = arming(countOf(disk, m, (x) => x.file === p.file && (op === 'write' ? x.op !== 'fsync' : x.op === op)));
        steps.push(crash({ disk: op, node: m, file: p.file, nth: a.nth, edge: prng.int(2) === 0 ? 'before' : 'after' }, a.atUs));
        break;
      }
      case 'crash-at-send': {
        const p: MessagePoint = pickBy(sent, (x) => x.type);
        const m = matcher(p);
        const a = arming(countOf(sent, m, (x) => x.type === p.type));
        steps.push(crash({ send: p.type, node: m, nth: a.nth }, a.atUs));
        break;
      }
      case 'crash-at-receive': {
        const p: MessagePoint = pickBy(received, (x) => x.type);
        const m = matcher(p);
        const a = arming(countOf(received, m, (x) => x.type === p.type));
        steps.push(crash({ receive: p.type, node: m, nth: a.nth, edge: prng.int(2) === 0 ? 'before' : 'after' }, a.atUs));
        break;
      }
      case 'partition-on-role': {
        const e = pickBy(entries, (x) => x.role);
        const node = prng.int(2) === 0 ? e.node : 'any';
        const a = arming(entries.filter((x) => x.role === e.role && (node === 'any' || x.node === node)).reduce((s, x) => s + x.count, 0));
        const when: Trigger = { role: e.role, node, nth: a.nth };
        // `forUs`, not a trailing heal: a heal would also end the seed's timed partitions, clogs and loss.
        steps.push({ atUs: a.atUs, kind: 'partition', groups: [['trigger'], ['rest']], forUs: window(), when });
        break;
      }
      case 'pause-on-role': {
        const e = pickBy(pausable, (x) => x.role);
        const a = arming(e.count);
        steps.push({ atUs: a.atUs, kind: 'pause', target: 'trigger', forUs: window(), when: { role: e.role, node: e.node, nth: a.nth } });
        break;
      }
    }
  }
  return { kinds, steps };
}
