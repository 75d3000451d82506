// Reading the world for invariants, liveness, roles and probes: typed node states and per-run memory.
import type { NodeId, NodeView, View } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import type { ClientState, CsState, DsState, TairState } from './state.ts';
import type { TableView } from './table.ts';
import { movingBuckets, sameBuckets, sameContent, sameVersions } from './table.ts';
import { isClient, isCs, isDs, isMaster } from './state.ts';
import { CS_IDS } from './options.ts';

export type TairView = View<TairState>;

/**
 * A configserver's node. cs0 and cs1 lead every tair run's node list (index.ts `nodes`), so they are read by index
 * rather than through view.node's id map (a closure call, a Map look-up and an assert, while the checks, marks and keys
 * ask for a configserver dozens of times per event); a view that lists them elsewhere (hand-built) is asked by id.
 */
export function csNode(view: TairView, id: string): NodeView<TairState> {
  const n = id === CS_IDS[0] ? view.nodes[0] : id === CS_IDS[1] ? view.nodes[1] : undefined;
  return n !== undefined && n.id === id ? n : view.node(nodeId(id));
}

/** A configserver's state when it is up (paused or not). */
export function csState(view: TairView, id: string): CsState | undefined {
  const n = csNode(view, id);
  return n.isUp && isCs(n.state) ? n.state : undefined;
}

/**
 * The node of the run with this id, or undefined: a scan of the 6-8 nodes with no closure (the probes and liveness
 * checks ask per moving bucket after every event that changed a node; `view.nodes.find(...)` made a closure per ask).
 */
export function nodeOfRun(view: TairView, id: string): NodeView<TairState> | undefined {
  const nodes = view.nodes;
  for (let i = 0; i < nodes.length; i++) if (nodes[i]!.id === id) return nodes[i];
  return undefined;
}

export const dataserverViews = (view: TairView): NodeView<TairState>[] => view.nodes.filter((n) => n.kind === 'dataserver');
export const clientViews = (view: TairView): NodeView<TairState>[] => view.nodes.filter((n) => n.kind === 'client');

export const dsOf = (n: NodeView<TairState>): DsState | undefined => (n.isUp && isDs(n.state) ? n.state : undefined);
export const clientOf = (n: NodeView<TairState>): ClientState | undefined => (n.isUp && isClient(n.state) ? n.state : undefined);

/** Configservers that are up and believe they are master, in list order. */
export function masters(view: TairView): NodeId[] {
  return CS_IDS.filter((id) => { const s = csState(view, id); return s !== undefined && isMaster(s, id); }).map(nodeId);
}

/** A node other than `self` holding `table`'s version with different content, or null. */
export function collisionWith(view: TairView, self: string, table: TableView): string | null {
  for (const n of view.nodes) {
    if (n.id === self || !n.isUp || n.state === undefined) continue;
    const t = n.state.table;
    if (t !== null && sameVersions(t, table) && !sameContent(t, table)) return n.id;
  }
  return null;
}

/**
 * Tair's hazard `version-collision`: two up nodes (configserver, dataserver or client) hold one table version (> 0)
 * with different content; "<a> and <b> hold different tables at version v" for the first such pair in node order,
 * else null. Each holder is compared with the version's first holder only (same content is an equivalence).
 */
export function versionCollision(view: TairView): string | null {
  // A pure function of the up nodes' table objects (immutable) in node order, asked after every event that changed a
  // node (the anomaly probe) while tables change rarely: the last answer is kept with the tables it was computed from.
  const nodes = view.nodes;
  let m = collisionMemos.get(view);
  if (m === undefined) collisionMemos.set(view, (m = { tables: [], answer: null }));
  let isSame = m.tables.length === nodes.length;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const t = n.isUp ? n.state?.table ?? null : null;
    if (m.tables[i] !== t) { m.tables[i] = t; isSame = false; }
  }
  // Setting an array's length is a runtime call even when it does not change (the run's node list never does).
  if (m.tables.length !== nodes.length) m.tables.length = nodes.length;
  if (isSame) return m.answer;
  return (m.answer = firstCollision(view));
}

/**
 * versionCollisionFull without its map and key strings: each holder against the first earlier holder of its version
 * pair, found by a scan of the nodes before it (a run has 6-8 nodes). The same first pair in node order and the same
 * text; asked after every event that gave some node another table object (every table answer is a new object).
 */
function firstCollision(view: TairView): string | null {
  const nodes = view.nodes;
  for (let i = 1; i < nodes.length; i++) {
    const t = heldTable(nodes[i]!);
    if (t === null) continue;
    for (let j = 0; j < i; j++) {
      const f = heldTable(nodes[j]!);
      if (f === null || !sameVersions(f, t)) continue;
      if (f !== t && !sameContent(f, t)) return collisionText(nodes[j]!.id, nodes[i]!.id, t);
      break;
    }
  }
  return null;
}

/** The table an up node holds, null for none or the never-built version 0 (no collision counts those). */
function heldTable(n: NodeView<TairState>): TableView | null {
  const t = n.isUp ? n.state?.table ?? null : null;
  return t === null || t.version === 0 ? null : t;
}

const collisionText = (first: string, other: string, t: TableView): string =>
  `${first} and ${other} hold different tables at version ${t.version}${t.transitionVersion === 0 ? '' : ` (transition ${t.transitionVersion})`}`;

interface CollisionMemo { readonly tables: (TableView | null)[]; answer: string | null }
const collisionMemos = new WeakMap<TairView, CollisionMemo>();

/** versionCollision computed afresh by a map of first holders (tests compare the remembered, scanning answer with it). */
export function versionCollisionFull(view: TairView): string | null {
  // Keyed by server and transition version: a migration's per-bucket switches change content within one server version.
  const first = new Map<string, { readonly id: string; readonly table: TableView }>();
  for (const n of view.nodes) {
    const t = heldTable(n);
    if (t === null) continue;
    const key = `${t.version}.${t.transitionVersion}`;
    const f = first.get(key);
    if (f === undefined) first.set(key, { id: n.id, table: t });
    else if (f.table !== t && !sameContent(f.table, t)) return collisionText(f.id, n.id, t);
  }
  return null;
}

/** A table's versions as text: "server/client" and the transition version while a migration has switched buckets. */
export const versionsOf = (t: TableView | null): string =>
  t === null ? 'none' : `${t.version}${t.clientVersion === t.version ? '' : `/c${t.clientVersion}`}${t.transitionVersion === 0 ? '' : `/t${t.transitionVersion}`}`;

/** The bucket's source dataserver holds the master's version with a different table (a version collision). */
export function isCollidedSource(view: TairView, source: string | undefined, t: TableView): boolean {
  const n = source === undefined ? undefined : nodeOfRun(view, source);
  const ds = n === undefined ? undefined : dsOf(n);
  return ds?.table != null && sameVersions(ds.table, t) && !sameContent(ds.table, t);
}

/**
 * The bucket's source computed its migrations from a colliding table at the master's server version (another dest:
 * within one lineage dest is fixed per server version) and has since followed the master only by transition version.
 * Tair's direct_update_table (5cce166 table_manager.cpp) memcpys the routing and recomputes no migrations, so the
 * source never moves this bucket until the server version changes (guided seed 994): migration-lost-to-collided-adopt.
 */
export function isLostToCollidedAdopt(view: TairView, source: string | undefined, t: TableView, bucket: number): boolean {
  const n = source === undefined ? undefined : nodeOfRun(view, source);
  const ds = n === undefined ? undefined : dsOf(n);
  if (ds?.table == null || ds.adopted === null || ds.table.version !== t.version) return false;
  if (ds.migrations[bucket] !== undefined || ds.finished.includes(bucket)) return false;
  return ds.adopted.version === t.version && !sameBuckets(ds.adopted.dest, t.dest);
}

/**
 * The bucket's source holds the master's table (both versions) but once held a higher transition version at this
 * server version: the master's table went back within one server version, which only a rollback of it does (Tair
 * never fsyncs group_1_server_table, msync MS_ASYNC: a machine crash after the switches loses them; clean seeds
 * 1402512, 1402993). The source followed by direct_update_table, which recomputes no migration, and had dropped the
 * bucket when it switched, so it never moves it again until the server version changes:
 * migration-lost-to-rolled-back-transition. A source still moving or reporting the bucket is not excused.
 */
export function isLostToRolledBackTransition(view: TairView, source: string | undefined, t: TableView, bucket: number): boolean {
  const n = source === undefined ? undefined : nodeOfRun(view, source);
  const ds = n === undefined ? undefined : dsOf(n);
  if (ds?.table == null || ds.adopted === null || !sameVersions(ds.table, t) || ds.adopted.version !== t.version) return false;
  if (ds.migrations[bucket] !== undefined || ds.finished.includes(bucket)) return false;
  return ds.maxTransitionSeen > t.transitionVersion;
}

/**
 * The first moving bucket of the master's table that `isLost` judges stalled (its source: the bucket's first server),
 * or undefined. A loop, not moving.find: no closure per ask; the table is mostly not migrating (asked after every
 * event that changed a node).
 */
function firstLostBucket(view: TairView, t: TableView, isLost: (view: TairView, source: string | undefined, t: TableView, bucket: number) => boolean): number | undefined {
  const moving = movingBuckets(t);
  for (let i = 0; i < moving.length; i++) if (isLost(view, t.hash[moving[i]!]![0], t, moving[i]!)) return moving[i];
  return undefined;
}

/** Some bucket of the master's table is stalled so (isLostToRolledBackTransition): for the checker-side anomaly. */
export function migrationLostToRolledBackTransition(view: TairView, t: TableView): string | null {
  const b = firstLostBucket(view, t, isLostToRolledBackTransition);
  return b === undefined ? null : `bucket ${b}: its source ${t.hash[b]![0]} saw transition version above ${t.transitionVersion} at version ${t.version} (the master's table went back) and never moves it again`;
}

/** Some bucket of the master's table is stalled so (isLostToCollidedAdopt): for the checker-side anomaly. */
export function migrationLostToCollidedAdopt(view: TairView, t: TableView): string | null {
  const b = firstLostBucket(view, t, isLostToCollidedAdopt);
  return b === undefined ? null : `bucket ${b}: its source ${t.hash[b]![0]} took a colliding table at version ${t.version} and never starts its migration`;
}
