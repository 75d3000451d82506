// PaxosStore coverage: an abstract per-acceptor tuple for guided fuzzing, and the "sometimes" marks a campaign must reach.
import type { Mark, NodeView, View } from '../../sim/index.ts';
import type { EntityState, NodeState } from './state.ts';

/** The state class of our own record of one not-yet-committed entry (the flag, built once). */
function recordClass(e: EntityState, entry: number, self: number): string {
  const info = e.entries[entry];
  const r = info?.records[self];
  if (r === undefined) return 'rec:none';
  if (r.isChosen) return 'rec:chosen';
  if (r.accepted > 0) return 'rec:accepted';
  if (r.promised > 0) return 'rec:promised';
  return 'rec:empty';
}

/** Flags of one entity: entry states above committed, counter gaps, IO, loading and recovery. */
function entityFlags(e: EntityState, self: number, clusterMax: number, into: Set<string>): void {
  for (const k of Object.keys(e.entries)) {
    const entry = Number(k);
    if (entry <= e.committed) continue;
    into.add(recordClass(e, entry, self));
    const info = e.entries[entry]!;
    if (info.isUncertain) into.add('uncertain');
    if (info.waiting.some((m) => m !== null)) into.add('waiting');
    if (info.checkedEmpty.some((x) => x)) into.add('check-empty');
  }
  if (e.maxCont < e.maxChosen) into.add('gap');
  if (e.committed < e.maxCont) into.add('unapplied');
  if (e.maxPlog > e.maxChosen) into.add('plog-ahead');
  if (e.committed < clusterMax) into.add('behind-cluster');
  if (e.dbDurable < e.committed) into.add('db-undurable');
  if (e.isDbWriting) into.add('db-writing');
  if (e.isGetAllPending) into.add('getall');
  if (e.isLoading) into.add('loading');
  if (e.amnesia !== null) into.add(e.amnesia.fence === null ? 'amnesia-probing' : 'amnesia-fenced');
}

function clusterMaxChosen(view: View<NodeState>, entity: string): number {
  let m = 0;
  for (const n of view.nodes) m = Math.max(m, n.state?.entities[entity]?.maxChosen ?? 0);
  return m;
}

/**
 * The union, over entities, of entry states above CommittedEntry and progress flags; plus the catch-up worker
 * (queued, throttled in its window, dropping) and the GetAllAndSet steps running. Down acceptors are not keyed.
 */
export function paxosCoverageKey(n: NodeView<NodeState>, view: View<NodeState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  // The key is a function of the (immutable) state and the cluster's max chosen entries: computed once per pair.
  const maxes = Object.keys(s.entities).map((name) => clusterMaxChosen(view, name));
  const c = keyCache.get(s);
  if (c !== undefined && c.maxes.length === maxes.length && c.maxes.every((m, i) => m === maxes[i])) return c.key;
  const key = computeKey(s, maxes);
  keyCache.set(s, { maxes, key });
  return key;
}

const keyCache = new WeakMap<NodeState, { readonly maxes: readonly number[]; readonly key: string }>();

function computeKey(s: NodeState, maxes: readonly number[]): string {
  const flags = new Set<string>();
  Object.values(s.entities).forEach((e, i) => entityFlags(e, s.idx, maxes[i]!, flags));
  const c = s.catchup;
  if (c.queue.length > 0) flags.add('catchup-queued');
  if (c.isTicking) flags.add('catchup-full');
  for (const r of Object.values(s.recoveries)) flags.add(`recover:${r.step}${r.isAborting ? ':aborting' : ''}`);
  if (s.snapshots.length > 0) flags.add('serving-snapshot');
  if (Object.keys(s.cmds).length > 0) flags.add('cmds');
  return [...flags].sort().join('|') || 'idle';
}

/** Per entries object (immutable): does some entry carry a check-empty mark? Marks are checked after every event. */
const checkedEmptyCache = new WeakMap<object, boolean>();
function hasCheckedEmpty(e: EntityState): boolean {
  let v = checkedEmptyCache.get(e.entries);
  if (v === undefined) {
    v = Object.values(e.entries).some((i) => i.checkedEmpty.some((x) => x));
    checkedEmptyCache.set(e.entries, v);
  }
  return v;
}

// Plain loops: the marks not yet reached run after every event.
const someNode = (pick: (s: NodeState) => boolean) => (view: View<NodeState>): boolean => {
  for (const n of view.nodes) if (n.state !== undefined && pick(n.state)) return true;
  return false;
};
const someEntity = (pick: (e: EntityState) => boolean) => someNode((s) => {
  for (const name in s.entities) if (pick(s.entities[name]!)) return true;
  return false;
});

export const PAXOSSTORE_MARKS: readonly Mark<NodeState>[] = [
  { name: 'catchup-byte-throttled', description: 'a catch-up worker held its head back for the byte budget of a 10 ms slice', check: someNode((s) => s.catchup.byteThrottledCount > 0) },
  { name: 'catchup-count-throttled', description: 'a catch-up worker held its head back for the per-second count budget', check: someNode((s) => s.catchup.countThrottledCount > 0) },
  { name: 'message-waited', description: 'a message waited in WaitingMsg for an uncertain PLog write', check: someNode((s) => s.waitedCount > 0) },
  { name: 'recovery-done', description: 'an acceptor finished a GetAllAndSet recovery', check: someNode((s) => s.recoveriesDone > 0) },
  { name: 'recovery-aborted', description: 'an acceptor aborted a GetAllAndSet (every source failed)', check: someNode((s) => s.recoveriesAborted > 0) },
  { name: 'recovery-paging', description: 'a GetAllAndSet is copying pages from a source', check: someNode((s) => {
    for (const e in s.recoveries) if (s.recoveries[e]!.step === 'pages') return true;
    return false;
  }) },
  { name: 'amnesia-fence', description: 'an acceptor lost votes (damaged PLog) and fenced the entries it may have voted on', check: someEntity((e) => e.amnesia !== null && e.amnesia.fence !== null) },
  { name: 'chosen-gap', description: 'an acceptor knows an entry chosen above a hole (MaxContChosenEntry < MaxChosenEntry)', check: someEntity((e) => e.maxCont < e.maxChosen) },
  { name: 'check-empty-read', description: 'a read probed peers with check-empty marks', check: someEntity(hasCheckedEmpty) },
];
