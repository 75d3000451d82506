// Safety invariants, checked after every event: VIP and mastership, block-id uniqueness, CRC-checked prefix replay.
import type { Invariant, View } from '../../sim/index.ts';
import { NodeMemory, nodeId } from '../../sim/index.ts';
import { encodeBody, type OplogRecord } from './oplog.ts';
import { funcCrc } from './oplog-bytes.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, VIP, upNsById } from './state.ts';
import { dsInvariant, nsInvariant, nsPairInvariant } from './ns-invariant.ts';
import { blockLeaseExclusive, writesUnderLease } from './lease-invariant.ts';
import { readAnswersWellFormed } from './read-answer-check.ts';
import { tairSaveScheduled } from './mirror-save-check.ts';
import { tairSaveRearmed } from './mirror-save-rearmed-check.ts';
import { vipLostCountKept } from './vip-lost-count-check.ts';
import { givenUpWithinAcked } from './given-up-check.ts';
import { dsHoldsDiskBlocks } from './ds-disk-check.ts';
import { roleAskTriesBounded } from './role-ask-check.ts';
import { termBasePastSkip } from './term-base-check.ts';

type V = View<TfsState>;

const NS_IDS = NAMESERVERS.map((n) => nodeId(n));

/** The (master, slave) pair sharing one lease, when both are up. */
function leasePair(view: V): { master: NsState; slave: NsState } | null {
  const a = upNsById(view, NS_IDS[0]!);
  const b = upNsById(view, NS_IDS[1]!);
  if (a === undefined || b === undefined) return null;
  const [master, slave] = a.role === 'master' ? [a, b] : [b, a];
  if (master.oplog === null || slave.applied === null || master.oplog.leaseKey !== slave.applied.leaseKey) return null;
  return { master, slave };
}

export const vipSingleHolder: Invariant<TfsState> = {
  name: 'vip-single-holder',
  description: 'the VIP is bound to at most one node, and only ever to a nameserver',
  scope: 'states',
  check(view) {
    const holder = view.aliasHolder(VIP);
    return holder === null || NS_IDS.includes(holder) ? null : `VIP bound to ${holder}, not a nameserver`;
  },
};

export const masterOnlyWithVip = nsInvariant(
  'master-only-with-vip',
  'a nameserver acts as master (answers keepalives, ships oplog, allocates, grants block leases, issues tasks) only in the master role, and only while is_local_addr(vip) holds or before the first check_ pass after it stopped holding',
  (s, { id }) => {
    const act = s.lastMasterAct;
    if (act === undefined || act === null) return null;
    // Recorded where performed with the node's role (ns-role.ts noteMasterAct): only a master acts as master (the
    // ns-lease.ts keepalive slip: a slave, or a master switched to slave by the VIP check, answering with success).
    if (act.role !== 'master') return `${id} acted as master (${act.what}) while ${act.status} ${act.role}`;
    if (act.isVipLocal || act.checksSinceVipLost === 0) return null;
    return `${id} acted as master (${act.what}) ${act.lateUs}us and ${act.checksSinceVipLost} check_ pass(es) after the VIP left it`;
  },
);

/** Reads the task record's own times (atUs, switchTimeUs), not the clock: so a nameserver invariant like the rest. */
export const noTaskInSafeMode = nsInvariant(
  'no-task-in-safe-mode',
  'no replicate/compact task is issued while now < switch_time_ (F5: safe mode after start-up or a switch)',
  (s, { id }) => {
    const t = s.lastTask;
    return t !== undefined && t !== null && t.atUs < t.switchTimeUs ? `${id} issued a task at ${t.atUs}us, in safe mode until ${t.switchTimeUs}us` : null;
  },
);

export const blockIdsUnique = dsInvariant(
  'block-ids-unique',
  'no block id is allocated twice, across any number of failovers (a DS never receives one id under two allocations)',
  (s, { id }) => {
    const c = s.collisions[0];
    return c === undefined ? null : `${id}: ${c}`;
  },
);

export const noBadCrcApplied = nsInvariant(
  'no-bad-crc-applied',
  'the slave never applies an oplog record whose content does not match its header CRC',
  (s, { id }) => (s.badCrcApplied > 0 ? `${id} applied ${s.badCrcApplied} record(s) with a bad CRC` : null),
);

export const slavePrefixOfMaster = nsPairInvariant(
  'slave-prefix-of-master-oplog',
  "within one lease, every record the slave replays is the master's record at that seqno, and until the first dropped or missing record the replayed records are exactly a prefix of the master's oplog",
  (view) => {
    const p = leasePair(view);
    if (p === null) return null;
    const { master, slave } = p;
    const o = master.oplog!;
    const a = slave.applied!;
    if (a.count > o.records.length) return `${slave.self} replayed up to seqno ${a.count}, ${master.self} logged only ${o.records.length}`;
    if (a.isContiguous && o.hashes[a.count] !== a.hash) return `${slave.self}'s first ${a.count} replayed records differ from ${master.self}'s oplog`;
    for (const [seqno, crc] of a.lastReplayed) {
      if (o.records[seqno - 1]?.header.crc !== crc) return `${slave.self} replayed a record ${seqno} that is not ${master.self}'s record ${seqno}`;
    }
    return null;
  },
);

export const ackedRecordsApplied = nsPairInvariant(
  'acked-records-applied',
  'records the master counts as delivered (moved past, less what it gave up after its tries) were answered complete by the slave: replayed, or reported lost in the answer (the design loss window)',
  (view) => {
    const p = leasePair(view);
    if (p === null) return null;
    const { master, slave } = p;
    const delivered = master.oplog!.ackedCount - master.oplog!.givenUpCount;
    const answered = slave.applied!.count - slave.applied!.gapCount;
    return delivered <= answered ? null : `${master.self} counts ${delivered} records delivered, ${slave.self} answered for ${answered}`;
  },
);

/** Is this node one of the cluster's dataservers, by node kind ('dataserver'; a tampered test view may carry the state kind 'ds')? */
const isDataserver = (n: V['nodes'][number]): boolean => n.kind === 'dataserver' || n.state?.kind === 'ds';

/** The cluster's dataservers, as (id, is a dataserver) pairs in node order: what a clean block map was judged against. */
function dataserverFacts(view: V): unknown[] {
  const facts: unknown[] = [];
  for (const n of view.nodes) facts.push(n.id, isDataserver(n));
  return facts;
}

/** Do `facts` (dataserverFacts of an earlier view) still hold for `view`? A walk without building anything. */
function isSameDataservers(facts: readonly unknown[], view: V): boolean {
  if (facts.length !== 2 * view.nodes.length) return false;
  let i = 0;
  for (const n of view.nodes) {
    if (facts[i] !== n.id || facts[i + 1] !== isDataserver(n)) return false;
    i += 2;
  }
  return true;
}

/** A nameserver's block map last found clean, and the dataserver facts it was judged against. */
interface Clean { readonly blocks: NsState['blocks']; readonly facts: readonly unknown[] }

/**
 * Per nameserver (sim's NodeMemory: this run's node), its block map last found clean. Why: the check runs after every
 * event that changed a nameserver and a long run's master lists thousands of blocks; rescanning an unchanged map made
 * it most of a run's CPU (real-timers-master-crash: ~80 % of 33k events; a day of idle heartbeats: hours), and
 * rescanning the whole of each new map (a new block is a new map) was still ~1 % of a fuzz seed. So an unchanged map is
 * not scanned, and a map grown from the clean one by appends (BlockMap.sharedPrefix: the same entries below its size)
 * only past them: the first bad entry, if any, is among those, so the message is the full scan's. The facts are
 * compared in place (no id set or signature string built per event). The map is read by idAt/valueAt, not ids/values,
 * which would stop its next append from pushing in place.
 */
const lastClean = new NodeMemory<Clean>();

export const blockServersAreDataservers = nsInvariant(
  'block-servers-are-dataservers',
  "every server a nameserver lists for a block (learnt from block reports, handed to clients for reads) is one of the cluster's dataservers",
  // A run's nodes and their kinds are fixed, so the verdict follows the nameserver's block map alone (scope 'node').
  (s, n, view) => {
    const blocks = s.blocks;
    const clean = lastClean.get(view, n);
    const isSameFacts = clean !== undefined && isSameDataservers(clean.facts, view);
    if (isSameFacts && clean.blocks === blocks) return null;
    const from = isSameFacts ? blocks.sharedPrefix(clean.blocks) : 0;
    if (from < blocks.size) {
      const ds = new Set<string>();
      for (const x of view.nodes) if (isDataserver(x)) ds.add(x.id);
      for (let i = from; i < blocks.size; i++) {
        for (const x of blocks.valueAt(i)) {
          if (!ds.has(x)) return `${n.id} lists ${JSON.stringify(x)} as a server of block ${blocks.idAt(i)}, not a dataserver`;
        }
      }
    }
    lastClean.set(view, n, { blocks, facts: isSameFacts ? clean.facts : dataserverFacts(view) });
    return null;
  },
);

export const oplogSeqnosDense = nsInvariant(
  'oplog-seqnos-dense',
  "the master's oplog under a lease numbers its records 1, 2, 3, ...: records[i] has seqno i+1 (checked on the newest record after every event, so every append is seen)",
  (s, { id }) => {
    const last = newestOplogRecord(s);
    const count = s.oplog?.records.length ?? 0;
    return last !== undefined && last.header.seqno !== count ? `${id}'s oplog record ${count} has seqno ${last.header.seqno}` : null;
  },
);

/** The newest record of a nameserver's oplog (undefined with no oplog or no records): the checks below judge only it. */
function newestOplogRecord(s: NsState): OplogRecord | undefined {
  const records = s.oplog?.records;
  return records?.[records.length - 1];
}

/**
 * Per nameserver (NodeMemory), the newest oplog record last found to carry its content's CRC. Records are never changed
 * once made, and the check asks again after every event of the nameserver about the same newest record until the next
 * append: that one is encoded and folded once. Not a WeakMap of CRCs by body (its lookup after every event and its
 * ephemeron per record were ~0.9 % of a tfs seed).
 */
const lastCovered = new NodeMemory<OplogRecord>();

/**
 * The header CRC recomputed here from the record's content (Func::crc over the serialized body, as the master computes
 * it), not read from the header that replay_helper's CRC check and no-bad-crc-applied compare against: a record built
 * with a CRC over nothing (mutation sample, the old oplog.ts:28) made every damaged record pass and no check could tell.
 * The master's own records are never damaged in its memory (damage happens in transit and on disk).
 */
export const oplogHeaderCrcCoversContent = nsInvariant(
  'oplog-header-crc-covers-content',
  "the master's newest oplog record's header CRC is Func::crc of its serialized body, recomputed from the content (checked after every event, so every append is seen)",
  (s, n, view) => {
    const last = newestOplogRecord(s);
    if (last === undefined || lastCovered.get(view, n) === last) return null;
    const bytes = encodeBody(last.body);
    const want = funcCrc(bytes, 0, bytes.length);
    if (last.header.crc !== want) return `${n.id}'s oplog record ${last.header.seqno} has header crc ${String(last.header.crc)}, its content's is ${want}`;
    lastCovered.set(view, n, last);
    return null;
  },
);

export const TFS_INVARIANTS: readonly Invariant<TfsState>[] = [
  vipSingleHolder, masterOnlyWithVip, noTaskInSafeMode, blockIdsUnique, blockLeaseExclusive, writesUnderLease, noBadCrcApplied, slavePrefixOfMaster, ackedRecordsApplied,
  blockServersAreDataservers, oplogSeqnosDense, readAnswersWellFormed, tairSaveScheduled, dsHoldsDiskBlocks,
  oplogHeaderCrcCoversContent, roleAskTriesBounded, termBasePastSkip,
  tairSaveRearmed, vipLostCountKept, givenUpWithinAcked,
];
