// blocks-replicated: after the heal, the master plans and completes replicate tasks until no block it knows is short.
import type { LivenessPredicate, View } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { masterAndSlave } from './liveness.ts';

/**
 * The plan thread's promise (layout_manager.cpp build_replicate_task_, block_collect.cpp check_replicate @0365c90):
 * a block on 1..max_replication_-1 servers is replicated once a live source and a target exist. Judged on the
 * master's relations with the dataservers' own blocks as the evidence of what can be done:
 * - a block none of whose listed servers is up, registered and holding it has no source: trunk's full block report
 *   relieves the lost relations and leaves it lost ("do not replicate"); the model's report does so too
 *   (ns-report-relieve.ts) but only for blocks listed at the ask, and not before the report arrives, so such a block
 *   is excused, not counted (a block it starves of a target is not: clean seed 1500493);
 * - a registered target that holds the id under another allocation (the permitted id re-issue and create-by-id
 *   collision windows) refuses the copy (EXIT_BLOCK_EXIST); a block with no other target is excused.
 * The model's planner takes the first registered listed server as source and the first registered unlisted one as
 * target (trunk weighs load and racks); the excuses above are judged on those picks.
 * Otherwise the block must reach min(max_replication_, registered dataservers) relations.
 */
export const blocksReplicated: LivenessPredicate<TfsState> = {
  name: 'blocks-replicated',
  description: "every block the master lists on fewer than max_replication_ servers, with a registered server that holds it and a registered server that can take it, reaches max_replication_ (or every registered server)",
  check(view) {
    const p = masterAndSlave(view);
    if (typeof p === 'string') return p;
    const m = p.master;
    const hit = shortByBlocks.get(m.blocks);
    if (hit !== undefined && isSameInputs(hit, m, view)) return hit.r;
    const r = shortBlock(view, m);
    shortByBlocks.set(m.blocks, { dsConns: m.dsConns, self: m.self, maxReplication: m.maxReplication, nodes: nodeFacts(view), r });
    return r;
  },
};

/**
 * The scan's answer by the master's block map object, with everything else it read: the master's dsConns, name and
 * cap, and per node its id, whether it is up and a dataserver's block map. States are copy-on-write, so the same
 * objects hold the same facts; the master's state changes at nearly every event, its block map and the dataservers'
 * maps seldom, and the walk over every block after every event was most of the liveness checks' time.
 */
interface ShortMemo {
  readonly dsConns: object;
  readonly self: string;
  readonly maxReplication: number | undefined;
  /** Per node of view.nodes, in order: id, isUp, its state's block map when a dataserver (else undefined). */
  readonly nodes: readonly unknown[];
  readonly r: string | null;
}

const shortByBlocks = new WeakMap<object, ShortMemo>();

const dsBlocksOf = (n: View<TfsState>['nodes'][number]): object | undefined => (n.state?.kind === 'ds' ? n.state.blocks : undefined);

function nodeFacts(view: View<TfsState>): unknown[] {
  const facts: unknown[] = [];
  for (const n of view.nodes) facts.push(n.id, n.isUp, dsBlocksOf(n));
  return facts;
}

function isSameInputs(hit: ShortMemo, m: NsState, view: View<TfsState>): boolean {
  if (hit.dsConns !== m.dsConns || hit.self !== m.self || hit.maxReplication !== m.maxReplication || hit.nodes.length !== 3 * view.nodes.length) return false;
  let i = 0;
  for (const n of view.nodes) {
    if (hit.nodes[i] !== n.id || hit.nodes[i + 1] !== n.isUp || hit.nodes[i + 2] !== dsBlocksOf(n)) return false;
    i += 3;
  }
  return true;
}

/** The tag dataserver `ds` holds block `id` under (a module function: see agent.ts isHeard on tsx's keepNames). */
function tagHeld(view: View<TfsState>, ds: string, id: number): string | undefined {
  const st = view.nodes.find((x) => x.id === ds)?.state;
  return st?.kind === 'ds' ? st.blocks.get(id) : undefined;
}

/** The first block the master lists short of its cap that the planner could copy, as the predicate's message. */
function shortBlock(view: View<TfsState>, m: NsState): string | null {
  const registered = Object.keys(m.dsConns).filter((id) => { const n = view.nodes.find((x) => x.id === id); return n?.isUp === true && n.state?.kind === 'ds'; });
  const want = Math.min(m.maxReplication ?? 2, registered.length);
  for (let i = 0; i < m.blocks.ids.length; i++) {
    const id = m.blocks.ids[i]!;
    const servers = m.blocks.values[i]!;
    if (servers.length >= want) continue;
    // The planner's picks (replicate-plan.ts: the first registered listed server, the first registered unlisted one).
    const source = servers.find((ds) => registered.includes(ds));
    const target = registered.find((ds) => !servers.includes(ds));
    if (source === undefined || target === undefined) continue;
    const tag = tagHeld(view, source, id);
    if (tag === undefined) continue;
    const targetTag = tagHeld(view, target, id);
    if (targetTag !== undefined && targetTag !== tag) continue;
    return `${m.self} lists block ${id} on ${JSON.stringify(servers)}; ${target} could take a copy from ${source}`;
  }
  return null;
}
