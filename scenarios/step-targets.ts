// Every node or role a scenario names (step targets, partition groups, client-operation targets, trigger matchers)
// checked when the file loads, not when the step fires: a typo in a late step is bad input (exit 2) before anything runs.
import type { NodeId, NodeView, ProtocolModule, View } from '../sim/index.ts';
import { fieldError, suggest } from './errors.ts';

/**
 * The role names a protocol reports: the keys of roles() on a cluster with every node down (no live world needed;
 * roles() lists its roles whoever is in them). A protocol whose roles() cannot read such a view gets no role check.
 */
export function protocolRoleNames(p: ProtocolModule, opts: Readonly<Record<string, unknown>>): string[] | null {
  const nodes: NodeView<unknown>[] = p.nodes(opts).map((n) => ({ id: n.id, kind: n.kind, isUp: false, isPaused: false, state: undefined, disk: new Map(), incarnation: 0 }));
  const view: View<unknown> = {
    nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true,
    node: (id: NodeId) => nodes.find((n) => n.id === id)!, aliasHolder: () => null, canConnect: () => false,
  };
  try {
    return Object.keys(p.roles(view, opts));
  } catch {
    return null;
  }
}

/** What a target may be, given the cluster's node ids and the protocol's roles (null = roles unknown: any name passes). */
interface Names { readonly nodes: readonly string[]; readonly roles: readonly string[] | null; readonly protocol: string }

/** A role as sim/targets.ts resolves it: its own name or the plural fallback ("follower" → "followers"). */
const isRole = (n: Names, r: string): boolean => n.roles === null || n.roles.includes(r) || n.roles.includes(`${r}s`);

function validTargets(n: Names, extra: readonly string[]): string[] {
  const roles = n.roles ?? [];
  return [...n.nodes, ...roles, ...roles.map((r) => `any-${r}`), ...roles.map((r) => `all-${r}`), 'all', ...extra];
}

function isValidTarget(n: Names, t: string, extra: readonly string[]): boolean {
  if (n.nodes.includes(t) || t === 'all' || extra.includes(t)) return true;
  const m = /^(any|all)-(.+)$/.exec(t);
  return isRole(n, m !== null ? m[2]! : t);
}

function check(file: string, path: (string | number)[], n: Names, t: unknown, extra: readonly string[] = []): void {
  if (typeof t !== 'string' || isValidTarget(n, t, extra)) return;
  const roles = n.roles ?? [];
  throw fieldError(file, path,
    `a node of this ${n.protocol} cluster (${n.nodes.join(', ')})${roles.length > 0 ? `, a role (${roles.join(', ')}), "any-<role>" or "all-<role>"` : ''}${suggest(t, validTargets(n, extra)).replace(/ \(known: .*\)$/, '')}`, t);
}

/** Checks the targets of a schema-valid scenario (raw: the JSON as written, so fields added later are covered too). */
export function checkScenarioTargets(file: string, raw: Readonly<Record<string, unknown>>, p: ProtocolModule, opts: Readonly<Record<string, unknown>>): void {
  const n: Names = { nodes: p.nodes(opts).map((x) => x.id as string), roles: protocolRoleNames(p, opts), protocol: p.name };
  const steps = Array.isArray(raw['steps']) ? (raw['steps'] as Record<string, unknown>[]) : [];
  steps.forEach((st, i) => {
    // A triggered step may target the node where its trigger matched, or the other end of that message.
    const extra = st['when'] !== undefined ? ['trigger', 'trigger-peer'] : [];
    for (const f of ['target', 'from', 'to']) check(file, ['steps', i, f], n, st[f], extra);
    if (Array.isArray(st['groups'])) {
      (st['groups'] as unknown[][]).forEach((g, j) => g.forEach((m, k) => { if (m !== 'rest') check(file, ['steps', i, 'groups', j, k], n, m, extra); }));
    }
    const when = st['when'];
    if (when !== null && typeof when === 'object') {
      for (const f of ['node', 'to', 'from']) check(file, ['steps', i, 'when', f], n, (when as Record<string, unknown>)[f], ['any']);
    }
  });
  if (Array.isArray(raw['workload'])) (raw['workload'] as Record<string, unknown>[]).forEach((op, i) => check(file, ['workload', i, 'target'], n, op['target']));
  if (Array.isArray(raw['expect'])) {
    (raw['expect'] as Record<string, unknown>[]).forEach((e, i) => {
      const role = e['role'];
      if (typeof role === 'string' && n.roles !== null && !isRole(n, role)) throw fieldError(file, ['expect', i, 'role'], `a role of ${n.protocol} (${n.roles.join(', ')})${suggest(role, n.roles).replace(/ \(known: .*\)$/, '')}`, role);
    });
  }
}
