// Safety invariants checked after every event (O(nodes) each; per-run memory keyed by the run's View object).
import type { DiskContents, Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant, perRun } from '../../sim/index.ts';
import type { ZabNode, LeaderRole, LearnerRole } from './state.ts';
import type { Entry } from './zxid.ts';
import { epochOf, zxidStr } from './zxid.ts';
import { electionOrderTotal, electionRoundKeepsVotes } from './election-invariant.ts';
import { epochFiles } from './epoch-files-invariant.ts';
import { diskBootable } from './bootable-invariant.ts';
import { markerOnlyWhenMarked } from './marker-file-invariant.ts';
import { electionSendsWellFormed } from './cnx-invariant.ts';
import { epochAckersNotAhead } from './epoch-ack-invariant.ts';
import { electionCountsSameRound } from './election-recvset-invariant.ts';
import { learnerReadTimesOut } from './learner-timeout-invariant.ts';
import { learnerRetriesConnect } from './learner-retry-invariant.ts';
import { excuseOf, lostFromPageCache, observePageCache } from './page-cache-excuse.ts';
import { FILE } from './persist.ts';

interface Memory {
  /** epoch → the server established as its leader. */
  readonly epochLeader: Map<number, string>;
  /** Highest epoch any leader was established in. */
  maxEstablishedEpoch: number;
  /** The longest delivered history seen (immutable array) and its delivered length. */
  committed: readonly Entry[];
  committedLen: number;
  readonly checkedHistories: WeakSet<object>;
  /**
   * Each participant's last state while up, by its index in view.nodes (undefined before it first had one): a down
   * server's disk still holds what that state had fsynced. An array, not a Map by id: the check stores every
   * participant's state and counts the holders after most events of the broadcast phase, and a Map's set per node and
   * values() iterator per count were most of its cost. view.nodes keeps its order through a run.
   */
  readonly lastStates: (ZabNode | undefined)[];
}

const memoryOf: (view: View<ZabNode>) => Memory = perRun(() =>
  ({ epochLeader: new Map(), maxEstablishedEpoch: -1, committed: [], committedLen: 0, checkedHistories: new WeakSet(), lastStates: [] }));

const establishedEpoch = (s: ZabNode): number | null =>
  s.state === 'LEADING' && s.role.type === 'leader' && (s.role as LeaderRole).isEstablished ? (s.role as LeaderRole).epoch : null;

export const leadershipPerEpoch: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'leadership-per-epoch',
  'at most one server is ever established as leader of an epoch (Leadership1/2)',
  // Per node: a server established in an epoch is recorded when its state shows it, and a second server is caught when
  // its own state does; an unchanged state records nothing new (the same epoch under the same id).
  (view, n) => {
    const s = n.state;
    if (s === undefined) return null;
    const e = establishedEpoch(s);
    if (e === null) return null;
    const m = memoryOf(view);
    const prev = m.epochLeader.get(e);
    if (prev !== undefined && prev !== n.id) return `${n.id} and ${prev} were both established as leader of epoch ${e}`;
    m.epochLeader.set(e, n.id);
    return null;
  },
);

const sameAt = (a: readonly Entry[], b: readonly Entry[], k: number): boolean => k <= 0 || a[k - 1]?.h === b[k - 1]?.h;

/**
 * Per view, what prefix-consistency last found consistent: each node's state (by index in view.nodes; undefined when
 * it had none) and the delivered history it was compared with, as it stood after that check.
 */
interface PrefixSeen { readonly states: (ZabNode | undefined)[]; committed: readonly Entry[] | null; committedLen: number }
const prefixSeen = perRun<PrefixSeen>(() => ({ states: [], committed: null, committedLen: -1 }));

export const prefixConsistency: Invariant<ZabNode> = {
  name: 'prefix-consistency',
  description: 'delivered sequences of any two servers (and of any server and everything ever delivered) are prefix-related',
  scope: 'states',
  // Only comparisons with an input changed since the last consistent answer are made again: a pair of states both the
  // same objects was found consistent then, and so was a state against the delivered history as it stood after that
  // check (that history is one of those states' at the time, and every pair was compared). The comparisons skipped
  // would all pass, so the first failing one, and its message, is the one the full loops find.
  check(view) {
    const m = memoryOf(view);
    const seen = prefixSeen(view);
    const was = seen.states;
    const nodes = view.nodes;
    const isSameCommitted = seen.committed === m.committed && seen.committedLen === m.committedLen;
    for (let i = 0; i < nodes.length; i++) {
      const s = nodes[i]!.state;
      if (s === undefined || (isSameCommitted && was[i] === s)) continue;
      const k = Math.min(s.committedCount, m.committedLen);
      if (!sameAt(s.history, m.committed, k)) {
        seen.committed = null;
        return `${nodes[i]!.id} delivered ${zxidStr(s.history[k - 1]!.zxid)} at position ${k}, but ${zxidStr(m.committed[k - 1]!.zxid)} was delivered there before`;
      }
    }
    for (let i = 0; i < nodes.length; i++) {
      const sa = nodes[i]!.state;
      if (sa === undefined) continue;
      const isSameA = was[i] === sa;
      for (let j = i + 1; j < nodes.length; j++) {
        const sb = nodes[j]!.state;
        if (sb === undefined || (isSameA && was[j] === sb)) continue;
        const k = Math.min(sa.committedCount, sb.committedCount);
        if (!sameAt(sa.history, sb.history, k)) {
          seen.committed = null;
          return `${nodes[i]!.id} and ${nodes[j]!.id} delivered different txns at position ${k}`;
        }
      }
    }
    for (let i = 0; i < nodes.length; i++) {
      const s = nodes[i]!.state;
      was[i] = s;
      if (s !== undefined && s.committedCount > m.committedLen) { m.committed = s.history; m.committedLen = s.committedCount; }
    }
    if (was.length !== nodes.length) was.length = nodes.length;
    seen.committed = m.committed;
    seen.committedLen = m.committedLen;
    return null;
  },
};

/**
 * prefix-consistency's verdict worked out with every comparison, reading the delivered history as it stands and changing
 * nothing (tests compare it with check() after every event, asked before check() moves the delivered history on).
 */
export function prefixConsistentNow(view: View<ZabNode>): string | null {
  const m = memoryOf(view);
  const ups: (readonly [NodeView<ZabNode>, ZabNode])[] = [];
  for (const n of view.nodes) if (n.state !== undefined) ups.push([n, n.state]);
  for (const [n, s] of ups) {
    const k = Math.min(s.committedCount, m.committedLen);
    if (!sameAt(s.history, m.committed, k)) {
      return `${n.id} delivered ${zxidStr(s.history[k - 1]!.zxid)} at position ${k}, but ${zxidStr(m.committed[k - 1]!.zxid)} was delivered there before`;
    }
  }
  for (let i = 0; i < ups.length; i++) {
    for (let j = i + 1; j < ups.length; j++) {
      const [a, sa] = ups[i]!;
      const [b, sb] = ups[j]!;
      const k = Math.min(sa.committedCount, sb.committedCount);
      if (!sameAt(sa.history, sb.history, k)) return `${a.id} and ${b.id} delivered different txns at position ${k}`;
    }
  }
  return null;
}

export const committedNeverLost: Invariant<ZabNode> = {
  name: 'committed-never-lost',
  description: 'every txn delivered anywhere is in the history of every leader established since (in the newest epoch)',
  scope: 'states',
  check(view) {
    const m = memoryOf(view);
    // Indexed over view.nodes, no array of (node, state) pairs: this runs after every event that changed a state.
    const nodes = view.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const s = n.state;
      if (s === undefined) continue;
      const e = establishedEpoch(s);
      if (e === null) continue;
      if (e < m.maxEstablishedEpoch) continue; // a deposed leader that has not noticed yet commits nothing
      m.maxEstablishedEpoch = e;
      const k = m.committedLen;
      if (s.history.length < k || !sameAt(s.history, m.committed, k)) {
        return `${n.id}, established leader of epoch ${e}, lacks delivered txn ${zxidStr(m.committed[k - 1]!.zxid)} (position ${k})`;
      }
    }
    return null;
  },
};

/**
 * Per view, what committed-durable-on-quorum last read and answered. The anomaly probe (page-cache-anomaly.ts) asks the
 * check before the kernel's invariant pass asks it again after the same event, and most events change a state in
 * fields the check does not read (pings, election traffic, timers): an ask with every input the same gives the same
 * answer and the same excuse, so it is answered from here. The inputs, per node: its id, isUp, incarnation, whether it
 * has a state, and of that state the history, durableCount, committedCount and established epoch; its disk's log file
 * (the page-cache tracker's one file); and the highest established epoch. Exact, not an approximation: the check reads
 * nothing else (lastStates keeps a state only for its durableCount and history, and the tracker and lastStates are
 * functions of those inputs, so unchanged inputs leave what they would read unchanged).
 */
interface DurableAsked {
  readonly inputs: unknown[]; readonly states: (ZabNode | undefined | null)[];
  /** Each node's disk contents object its log cell was read from (rebuilt only after a write: the same object, the same log). */
  readonly disks: (DiskContents | undefined)[];
  maxEstablishedEpoch: number; answer: string | null;
}
const durableAsked = perRun<DurableAsked>(() => ({ inputs: [], states: [], disks: [], maxEstablishedEpoch: Number.NaN, answer: null }));

/** Cells per node in DurableAsked.inputs. */
const DURABLE_CELLS = 9;

/** Are the inputs the same as at the last ask (and records them when not)? */
function isSameDurableInputs(view: View<ZabNode>, m: Memory, a: DurableAsked): boolean {
  const nodes = view.nodes;
  const inputs = a.inputs;
  let isSame = a.maxEstablishedEpoch === m.maxEstablishedEpoch && inputs.length === nodes.length * DURABLE_CELLS;
  const states = a.states;
  const disks = a.disks;
  for (let i = 0, j = 0; i < nodes.length; i++, j += DURABLE_CELLS) {
    const n = nodes[i]!;
    const s = n.state;
    const disk = n.disk;
    const log = disk === disks[i] ? inputs[j + 8] : disk.get(FILE.log);
    disks[i] = disk;
    // The state object last recorded (states are immutable): the same one holds the same four state cells, so only
    // liveness, incarnation and the log are compared (the probe and the invariant pass both ask after most events).
    if (isSame && s === states[i] && inputs[j + 1] === n.isUp && inputs[j + 2] === n.incarnation && inputs[j + 8] === log) continue;
    states[i] = s;
    const history = s?.history;
    const durable = s?.durableCount;
    const committed = s?.committedCount;
    const epoch = s === undefined ? null : establishedEpoch(s);
    if (isSame && inputs[j] === n.id && inputs[j + 1] === n.isUp && inputs[j + 2] === n.incarnation && inputs[j + 3] === (s !== undefined) &&
      inputs[j + 4] === history && inputs[j + 5] === durable && inputs[j + 6] === committed && inputs[j + 7] === epoch && inputs[j + 8] === log) continue;
    isSame = false;
    inputs[j] = n.id; inputs[j + 1] = n.isUp; inputs[j + 2] = n.incarnation; inputs[j + 3] = s !== undefined;
    inputs[j + 4] = history; inputs[j + 5] = durable; inputs[j + 6] = committed; inputs[j + 7] = epoch; inputs[j + 8] = log;
  }
  // Lengths set only when they differ: a store to length is a runtime call even when it changes nothing.
  if (inputs.length !== nodes.length * DURABLE_CELLS) inputs.length = nodes.length * DURABLE_CELLS;
  if (states.length !== nodes.length) { states.length = nodes.length; disks.length = nodes.length; }
  a.maxEstablishedEpoch = m.maxEstablishedEpoch;
  return isSame;
}

export const committedDurableOnQuorum: Invariant<ZabNode> = {
  name: 'committed-durable-on-quorum',
  description: 'everything the newest established leader has committed is fsynced (with the same history) on a quorum of participants',
  scope: 'states',
  check(view) {
    const m = memoryOf(view);
    const asked = durableAsked(view);
    if (isSameDurableInputs(view, m, asked)) return asked.answer;
    return (asked.answer = checkDurableOnQuorum(view, m));
  },
};

/**
 * committed-durable-on-quorum worked out now, never answered from DurableAsked (tests compare it with check() after every
 * event; asking it again with the same inputs changes nothing the check reads).
 */
export const durableOnQuorumNow = (view: View<ZabNode>): string | null => checkDurableOnQuorum(view, memoryOf(view));

/** Has `s` fsynced the first `k` txns, the k-th being the one with hash `h`? */
function holdsDurable(s: ZabNode, k: number, h: number): boolean {
  return s.durableCount >= k && s.history[k - 1]?.h === h;
}

function checkDurableOnQuorum(view: View<ZabNode>, m: Memory): string | null {
  const nodes = view.nodes;
  const lastStates = m.lastStates;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.state !== undefined && n.kind === 'participant') lastStates[i] = n.state;
  }
  observePageCache(view);
  const excuse = excuseOf(view);
  excuse.last = null;
  let leader: ZabNode | null = null;
  for (let i = 0; i < nodes.length; i++) {
    const s = nodes[i]!.state;
    if (s === undefined) continue;
    const e = establishedEpoch(s);
    if (e !== null && (leader === null || e > establishedEpoch(leader)!)) leader = s;
  }
  if (leader === null || establishedEpoch(leader)! < m.maxEstablishedEpoch || leader.committedCount === 0) return null;
  const k = leader.committedCount;
  const h = leader.history[k - 1]!.h;
  // Counted without building arrays or a closure (this runs after most events of the broadcast phase; a closure made
  // per call also pays tsx's keepNames wrapper, a defineProperty per call); named only on failure.
  let holderCount = 0;
  let participants = 0;
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i]!.kind !== 'participant') continue;
    participants++;
    const s = lastStates[i];
    if (s !== undefined && holdsDurable(s, k, h)) holderCount++;
  }
  const quorum = Math.floor(participants / 2) + 1;
  if (holderCount >= quorum) return null;
  const holders: string[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const s = lastStates[i];
    if (s !== undefined && holdsDurable(s, k, h)) holders.push(nodes[i]!.id);
  }
  holders.sort();
  // ZooKeeper 3.8's own hole (page-cache-excuse.ts): excused only when the servers that make up the shortfall all lost
  // the txn in a machine crash after reading it back from the page cache, unsynced since; counted by the anomaly probe.
  const lost = lostFromPageCache(view, k, h).filter((id) => !holders.includes(id));
  if (holderCount + lost.length >= quorum) {
    excuse.last = `${leader.id} committed ${zxidStr(leader.history[k - 1]!.zxid)} (position ${k}); fsynced on ${holders.join(',') || 'nobody'}; ${lost.join(',')} acked it read back from the page cache and lost it in a machine crash`;
    return null;
  }
  return `${leader.id} committed ${zxidStr(leader.history[k - 1]!.zxid)} (position ${k}) but only ${holders.join(',') || 'nobody'} fsynced it`;
}

export const epochAfterHistory: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'epoch-after-history',
  'a syncing learner takes the new currentEpoch only once the history it was synced to is fsynced (the ZOOKEEPER-4643 order)',
  // Per node: a function of the node's state alone.
  (_view, n) => {
    const s = n.state;
    if (s === undefined || s.role.type !== 'learner') return null;
    const r = s.role as LearnerRole;
    if ((r.step === 'newleader' || r.step === 'acked') && r.isEpochTaken && s.durableCount < s.history.length) {
      return `${n.id} took currentEpoch ${s.currentEpoch} with ${s.history.length - s.durableCount} synced txns not yet fsynced`;
    }
    return null;
  },
);

export const zxidIntegrity: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'zxid-integrity',
  'every txn\'s zxid carries the epoch of the leader that proposed it, and zxids increase along each history',
  // Per node: a function of the node's history alone (each history object judged once).
  (view, n) => {
    const s = n.state;
    if (s === undefined) return null;
    const m = memoryOf(view);
    if (m.checkedHistories.has(s.history)) return null;
    let prev = -1;
    for (const e of s.history) {
      if (epochOf(e.zxid) !== e.epoch) return `${n.id} holds zxid ${zxidStr(e.zxid)} proposed in epoch ${e.epoch}`;
      if (e.zxid <= prev) return `${n.id} holds zxid ${zxidStr(e.zxid)} after ${zxidStr(prev)}`;
      prev = e.zxid;
    }
    m.checkedHistories.add(s.history);
    return null;
  },
);

export const ZAB_INVARIANTS: readonly Invariant<ZabNode>[] = [
  leadershipPerEpoch, zxidIntegrity, prefixConsistency, committedNeverLost, committedDurableOnQuorum, epochFiles, epochAfterHistory,
  electionOrderTotal, electionRoundKeepsVotes, diskBootable, electionSendsWellFormed, epochAckersNotAhead,
  electionCountsSameRound,
  learnerReadTimesOut,
  learnerRetriesConnect,
  markerOnlyWhenMarked,
];
