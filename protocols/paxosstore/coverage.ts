// PaxosStore coverage: an abstract per-acceptor tuple for guided fuzzing, and the "sometimes" marks a campaign must reach.
import type { Mark, NodeView, View } from '../../sim/index.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import { entryList } from './entry-list.ts';
import { clusterMaxChosen } from './cluster-max-chosen.ts';

/** The state class of our own record of one not-yet-committed entry (the flag, built once). */
function recordClass(info: EntryInfo, self: number): string {
  const r = info.records[self];
  if (r === undefined) return 'rec:none';
  if (r.isChosen) return 'rec:chosen';
  if (r.accepted > 0) return 'rec:accepted';
  if (r.promised > 0) return 'rec:promised';
  return 'rec:empty';
}

/** Flags of one entity: entry states above committed, counter gaps, IO, loading, the recover flag and recovery. */
function entityFlags(e: EntityState, self: number, clusterMax: number, into: Set<string>): void {
  const { keys, infos } = entryList(e.entries);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i]! <= e.committed) continue;
    const info = infos[i]!;
    into.add(recordClass(info, self));
    if (info.isUncertain) into.add('uncertain');
    for (const m of info.waiting) {
      if (m !== null) {
        into.add('waiting');
        break;
      }
    }
    for (const x of info.checkedEmpty) {
      if (x) {
        into.add('check-empty');
        break;
      }
    }
  }
  if (e.maxCont < e.maxChosen) into.add('gap');
  if (e.committed < e.maxCont) into.add('unapplied');
  if (e.maxPlog > e.maxChosen) into.add('plog-ahead');
  if (e.committed < clusterMax) into.add('behind-cluster');
  if (e.dbDurable < e.committed) into.add('db-undurable');
  if (e.isDbWriting) into.add('db-writing');
  if (e.isGetAllPending) into.add('getall');
  // The durable recover flag apart from getall: loaded at boot with it set (a crash inside GetAllAndSet) the entity
  // refuses clients with no recovery queued until a client command triggers one; after QueueFailed it is also alone.
  if (e.isRecoverFlag) into.add('recover-flag');
  if (e.isLoading) into.add('loading');
  if (e.amnesia !== null) into.add(e.amnesia.fence === null ? 'amnesia-probing' : 'amnesia-fenced');
}

/**
 * The union, over entities, of entry states above CommittedEntry and progress flags; plus the catch-up worker
 * (queued, throttled in its window, dropping) and the GetAllAndSet steps running. Down acceptors are not keyed.
 */
export function paxosCoverageKey(n: NodeView<NodeState>, view: View<NodeState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  // The key is a function of the (immutable) state and the cluster's max chosen entries: computed once per pair.
  let memo = keyMemo.get(view);
  if (memo === undefined) {
    memo = new Map();
    keyMemo.set(view, memo);
  }
  const c = memo.get(n.id);
  if (c !== undefined && c.state === s && isSameMaxes(c.maxes, s, view)) return c.key;
  const maxes: number[] = [];
  for (const name in s.entities) maxes.push(clusterMaxChosen(view, name));
  const key = computeKey(s, maxes);
  memo.set(n.id, { state: s, maxes, key });
  return key;
}

function isSameMaxes(maxes: readonly number[], s: NodeState, view: View<NodeState>): boolean {
  let i = 0;
  for (const name in s.entities) if (maxes[i++] !== clusterMaxChosen(view, name)) return false;
  return i === maxes.length;
}

/** Per view and node, the last key and what it was computed from (a WeakMap per state object would give each an identity hash). */
const keyMemo = new WeakMap<object, Map<string, { readonly state: NodeState; readonly maxes: readonly number[]; readonly key: string }>>();

function computeKey(s: NodeState, maxes: readonly number[]): string {
  const flags = new Set<string>();
  let i = 0;
  for (const name in s.entities) entityFlags(s.entities[name]!, s.idx, maxes[i++]!, flags);
  const c = s.catchup;
  if (c.queue.length > 0) flags.add('catchup-queued');
  if (c.isTicking) flags.add('catchup-full');
  // Every GetAllAndSet step is keyed, step 4's `set-meta` (the source's committed entry written, flag still set) too.
  for (const r of Object.values(s.recoveries)) flags.add(`recover:${r.step}${r.isAborting ? ':aborting' : ''}`);
  if (s.snapshots.length > 0) flags.add('serving-snapshot');
  if (Object.keys(s.cmds).length > 0) flags.add('cmds');
  return [...flags].sort().join('|') || 'idle';
}

/** Per view and node, the last state looked at and whether some entry of it carries a check-empty mark (marks run after every event). */
const checkedEmptyMemo = new WeakMap<object, Map<string, { readonly s: NodeState; readonly v: boolean }>>();
function someCheckedEmpty(view: View<NodeState>): boolean {
  let m = checkedEmptyMemo.get(view);
  if (m === undefined) {
    m = new Map();
    checkedEmptyMemo.set(view, m);
  }
  for (const n of view.nodes) {
    const s = n.state;
    if (s === undefined) continue;
    let last = m.get(n.id);
    if (last === undefined || last.s !== s) {
      last = { s, v: Object.values(s.entities).some((e) => entryList(e.entries).infos.some((i) => i.checkedEmpty.some((x) => x))) };
      m.set(n.id, last);
    }
    if (last.v) return true;
  }
  return false;
}

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
  // Only loadEntity sets the flag on a loading entity (a recovery starts only once loaded): a DB left mid-recovery.
  { name: 'recover-flag-loaded', description: 'an acceptor loaded a DB whose recover flag was set (a crash inside GetAllAndSet)', check: someEntity((e) => e.isLoading && e.isRecoverFlag) },
  { name: 'check-empty-read', description: 'a read probed peers with check-empty marks', check: someCheckedEmpty },
];
