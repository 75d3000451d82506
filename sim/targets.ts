// Resolving a target string to nodes: a node id, a role name ("leader"), "any-<role>" (random pick) or "all-<role>".
import type { World } from './world.ts';
import type { NodeId } from './types.ts';

function roleNodes(w: World, role: string): readonly NodeId[] | undefined {
  const roles = w.protocol.roles(w.view, w.opts);
  return roles[role] ?? roles[`${role}s`];
}

/** All nodes a target names now (empty when the role is vacant). Throws on a name that is neither node nor role. */
export function resolveTargets(w: World, target: string): NodeId[] {
  if (w.isNode(target)) return [target as NodeId];
  if (target === 'all') return w.nodes.map((n) => n.id);
  const m = /^(any|all)-(.+)$/.exec(target);
  if (m !== null) {
    const list = roleNodes(w, m[2]!);
    if (list === undefined) throw new TargetError(target, knownTargets(w));
    if (m[1] === 'all') return [...list];
    return list.length === 0 ? [] : [w.faultsPrng.pick(list)];
  }
  const list = roleNodes(w, target);
  if (list === undefined) throw new TargetError(target, knownTargets(w));
  return list.length === 0 ? [] : [list[0]!];
}

export function knownTargets(w: World): string[] {
  return [...w.nodes.map((n) => n.id), ...Object.keys(w.protocol.roles(w.view, w.opts))];
}

export class TargetError extends Error {
  override name = 'TargetError';
  constructor(readonly target: string, readonly known: readonly string[]) {
    super(`unknown target "${target}" (nodes and roles: ${known.join(', ')})`);
  }
}
