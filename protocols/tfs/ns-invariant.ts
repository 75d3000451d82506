// Scoped forms of TFS's nameserver and dataserver invariants: each is judged after the events that changed a node it
// reads, not after every event (sim/invariant-checks.ts; the kernel's full mode still runs check(view) every event).
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, asNs } from './state.ts';

type V = View<TfsState>;
type N = NodeView<TfsState>;
type DsState = Extract<TfsState, { kind: 'ds' }>;

/** Is this node one of the two nameservers (by id, as upNsById finds them)? */
export const isNameserverNode = (n: N): boolean => n.id === NAMESERVERS[0] || n.id === NAMESERVERS[1];

/**
 * An invariant of each up nameserver's own state (and the check's memory of that node): `judge` for ns1 and ns2 in node
 * order, as `for (const id of NAMESERVERS) upNsById(view, id)` visited them. Why: a fuzz seed's main run spent about a
 * third of its invariant time on a dozen such checks, each finding both nameservers after every event that changed any
 * node, while most events change a dataserver or a client; scope 'node' runs `judge` only for a nameserver the event
 * changed (its state is otherwise the same object, so the verdict and the memory are too).
 */
export function nsInvariant(name: string, description: string, judge: (s: NsState, n: N, view: V) => string | null): Invariant<TfsState> {
  return nodeInvariant<TfsState>(name, description, (view, n) => {
    if (!n.isUp || !isNameserverNode(n)) return null;
    const s = asNs(n.state);
    return s === undefined ? null : judge(s, n, view);
  });
}

/** An invariant of each up dataserver's own state (node order), judged only for the dataservers an event changed. */
export function dsInvariant(name: string, description: string, judge: (s: DsState, n: N, view: V) => string | null): Invariant<TfsState> {
  return nodeInvariant<TfsState>(name, description, (view, n) => {
    const s = n.state;
    return n.isUp && s?.kind === 'ds' ? judge(s, n, view) : null;
  });
}

/**
 * An invariant of the two nameservers together (the lease pair: master oplog against slave replay) that reads nothing
 * else: its verdict can change only at an event that changed ns1 or ns2, so it is judged when either is among the
 * changed nodes (twice when both are: the same verdict). check(view) is the whole judgement once, the full mode's form.
 */
export function nsPairInvariant(name: string, description: string, check: (view: V) => string | null): Invariant<TfsState> {
  return { name, description, scope: 'node', check, checkNode: (view, n) => (isNameserverNode(n) ? check(view) : null) };
}
