// PaxosStore coverage: an abstract per-acceptor tuple for guided fuzzing, and the "sometimes" marks a campaign must reach.
import type { Mark, NodeView, View } from '../../sim/index.ts';
import { someNodeMark } from '../../sim/index.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import { entryList } from './entry-list.ts';
import { clusterMaxChosen } from './cluster-max-chosen.ts';

/**
 * The key's fixed flags, one bit each (a key is the sorted names of its flags joined by '|'): a node's key was built
 * as a Set of strings, sorted and joined after every event that changed the node; a mask of bits maps to its key
 * once per process (maskKey), and an entity's own flags are kept per entity object (entityMask).
 */
const FLAG_NAMES = [
  'rec:none', 'rec:chosen', 'rec:accepted', 'rec:promised', 'rec:empty', 'uncertain', 'waiting', 'check-empty', 'gap',
  'unapplied', 'plog-ahead', 'behind-cluster', 'db-undurable', 'db-writing', 'getall', 'recover-flag', 'loading',
  'amnesia-probing', 'amnesia-fenced', 'catchup-queued', 'catchup-full', 'serving-snapshot', 'cmds',
] as const;
const bit = (name: (typeof FLAG_NAMES)[number]): number => 1 << FLAG_NAMES.indexOf(name);
const REC_NONE = bit('rec:none'), REC_CHOSEN = bit('rec:chosen'), REC_ACCEPTED = bit('rec:accepted'), REC_PROMISED = bit('rec:promised');
const REC_EMPTY = bit('rec:empty'), UNCERTAIN = bit('uncertain'), WAITING = bit('waiting'), CHECK_EMPTY = bit('check-empty');
const GAP = bit('gap'), UNAPPLIED = bit('unapplied'), PLOG_AHEAD = bit('plog-ahead'), BEHIND_CLUSTER = bit('behind-cluster');
const DB_UNDURABLE = bit('db-undurable'), DB_WRITING = bit('db-writing'), GETALL = bit('getall'), RECOVER_FLAG = bit('recover-flag');
const LOADING = bit('loading'), AMNESIA_PROBING = bit('amnesia-probing'), AMNESIA_FENCED = bit('amnesia-fenced');
const CATCHUP_QUEUED = bit('catchup-queued'), CATCHUP_FULL = bit('catchup-full'), SERVING_SNAPSHOT = bit('serving-snapshot'), CMDS = bit('cmds');

/** The flag names of a mask, in FLAG_NAMES order. */
function maskNames(mask: number): string[] {
  const names: string[] = [];
  for (let b = 0; b < FLAG_NAMES.length; b++) if ((mask & (1 << b)) !== 0) names.push(FLAG_NAMES[b]!);
  return names;
}

/** The key of a mask alone (no recovery flags), made once per mask. */
const maskKeys = new Map<number, string>();
function maskKey(mask: number): string {
  let k = maskKeys.get(mask);
  if (k === undefined) maskKeys.set(mask, (k = maskNames(mask).sort().join('|') || 'idle'));
  return k;
}

/** The state class of our own record of one not-yet-committed entry. */
function recordClass(info: EntryInfo, self: number): number {
  const r = info.records[self];
  if (r === undefined) return REC_NONE;
  if (r.isChosen) return REC_CHOSEN;
  if (r.accepted > 0) return REC_ACCEPTED;
  if (r.promised > 0) return REC_PROMISED;
  return REC_EMPTY;
}

/** Flags of one entity but behind-cluster (the only one that reads the cluster): entry states above committed, counter gaps, IO, loading, the recover flag and recovery. */
function entityOwnFlags(e: EntityState, self: number): number {
  let into = 0;
  const { keys, infos } = entryList(e.entries);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i]! <= e.committed) continue;
    const info = infos[i]!;
    into |= recordClass(info, self);
    if (info.isUncertain) into |= UNCERTAIN;
    for (const m of info.waiting) {
      if (m !== null) {
        into |= WAITING;
        break;
      }
    }
    for (const x of info.checkedEmpty) {
      if (x) {
        into |= CHECK_EMPTY;
        break;
      }
    }
  }
  if (e.maxCont < e.maxChosen) into |= GAP;
  if (e.committed < e.maxCont) into |= UNAPPLIED;
  if (e.maxPlog > e.maxChosen) into |= PLOG_AHEAD;
  if (e.dbDurable < e.committed) into |= DB_UNDURABLE;
  if (e.isDbWriting) into |= DB_WRITING;
  if (e.isGetAllPending) into |= GETALL;
  // The durable recover flag apart from getall: loaded at boot with it set (a crash inside GetAllAndSet) the entity
  // refuses clients with no recovery queued until a client command triggers one; after QueueFailed it is also alone.
  if (e.isRecoverFlag) into |= RECOVER_FLAG;
  if (e.isLoading) into |= LOADING;
  if (e.amnesia !== null) into |= e.amnesia.fence === null ? AMNESIA_PROBING : AMNESIA_FENCED;
  return into;
}

/**
 * entityOwnFlags of recently keyed entity objects (a node's key is rebuilt when one of its entities changed, the others
 * are the objects they were): a linear scan of identities, as entry-list.ts keeps its lists.
 */
const SLOTS = 32;
const slotEntities: (EntityState | null)[] = new Array<EntityState | null>(SLOTS).fill(null);
const slotSelves: number[] = new Array<number>(SLOTS).fill(-1);
const slotMasks: number[] = new Array<number>(SLOTS).fill(0);
let lastSlot = 0;

function entityMask(e: EntityState, self: number): number {
  for (let i = lastSlot, n = 0; n < SLOTS; n++, i = i === 0 ? SLOTS - 1 : i - 1) {
    if (slotEntities[i] === e && slotSelves[i] === self) return slotMasks[i]!;
  }
  const mask = entityOwnFlags(e, self);
  lastSlot = lastSlot === SLOTS - 1 ? 0 : lastSlot + 1;
  slotEntities[lastSlot] = e;
  slotSelves[lastSlot] = self;
  slotMasks[lastSlot] = mask;
  return mask;
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
  let mask = 0;
  let i = 0;
  for (const name in s.entities) {
    const e = s.entities[name]!;
    mask |= entityMask(e, s.idx);
    if (e.committed < maxes[i++]!) mask |= BEHIND_CLUSTER;
  }
  const c = s.catchup;
  if (c.queue.length > 0) mask |= CATCHUP_QUEUED;
  if (c.isTicking) mask |= CATCHUP_FULL;
  if (s.snapshots.length > 0) mask |= SERVING_SNAPSHOT;
  for (const _ in s.cmds) {
    mask |= CMDS;
    break;
  }
  let recovering: Set<string> | null = null;
  // Every GetAllAndSet step is keyed, step 4's `set-meta` (the source's committed entry written, flag still set) too.
  for (const name in s.recoveries) {
    const r = s.recoveries[name]!;
    (recovering ??= new Set()).add(`recover:${r.step}${r.isAborting ? ':aborting' : ''}`);
  }
  if (recovering === null) return maskKey(mask);
  return [...maskNames(mask), ...recovering].sort().join('|');
}

/** Does some entry of the state carry a check-empty mark? */
function hasCheckedEmpty(s: NodeState): boolean {
  for (const name in s.entities) {
    const { infos } = entryList(s.entities[name]!.entries);
    for (let i = 0; i < infos.length; i++) if (infos[i]!.checkedEmpty.some((x) => x)) return true;
  }
  return false;
}

/**
 * The marks are node marks (sim/node-marks.ts): each is "some node's state passes a test of that state alone", so the
 * coverage tracker asks only the nodes an event changed while the mark is unmet, not every node after every event
 * (the ten unmet marks' scans of every node were about 1 % of a seed).
 */
const someNode = (name: string, description: string, pick: (s: NodeState) => boolean): Mark<NodeState> =>
  someNodeMark<NodeState>(name, description, (n) => n.state !== undefined && pick(n.state));
const someEntity = (name: string, description: string, pick: (e: EntityState) => boolean): Mark<NodeState> => someNode(name, description, (s) => {
  for (const e in s.entities) if (pick(s.entities[e]!)) return true;
  return false;
});

export const PAXOSSTORE_MARKS: readonly Mark<NodeState>[] = [
  someNode('catchup-byte-throttled', 'a catch-up worker held its head back for the byte budget of a 10 ms slice', (s) => s.catchup.byteThrottledCount > 0),
  someNode('catchup-count-throttled', 'a catch-up worker held its head back for the per-second count budget', (s) => s.catchup.countThrottledCount > 0),
  someNode('message-waited', 'a message waited in WaitingMsg for an uncertain PLog write', (s) => s.waitedCount > 0),
  someNode('recovery-done', 'an acceptor finished a GetAllAndSet recovery', (s) => s.recoveriesDone > 0),
  someNode('recovery-aborted', 'an acceptor aborted a GetAllAndSet (every source failed)', (s) => s.recoveriesAborted > 0),
  someNode('recovery-paging', 'a GetAllAndSet is copying pages from a source', (s) => {
    for (const e in s.recoveries) if (s.recoveries[e]!.step === 'pages') return true;
    return false;
  }),
  someEntity('amnesia-fence', 'an acceptor lost votes (damaged PLog) and fenced the entries it may have voted on', (e) => e.amnesia !== null && e.amnesia.fence !== null),
  someEntity('chosen-gap', 'an acceptor knows an entry chosen above a hole (MaxContChosenEntry < MaxChosenEntry)', (e) => e.maxCont < e.maxChosen),
  // Only loadEntity sets the flag on a loading entity (a recovery starts only once loaded): a DB left mid-recovery.
  someEntity('recover-flag-loaded', 'an acceptor loaded a DB whose recover flag was set (a crash inside GetAllAndSet)', (e) => e.isLoading && e.isRecoverFlag),
  someNode('check-empty-read', 'a read probed peers with check-empty marks', hasCheckedEmpty),
];
