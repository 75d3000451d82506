// `patched` for tfs's state kinds, each through a copy of its own (see sim/copy-on-write.ts patched). A copy is an
// object literal listing every field in the order the kind's states are built in (boot; nameservers set their
// optional fields to undefined there: ns.ts ABSENT_OPTIONALS), so every copy has the literal's one hidden class and
// the same keys in the same order as a spread would give. Why not `{ ...s }`: a spread site goes megamorphic once it
// has seen five hidden classes (a boot literal and a few maps V8 deprecates as field representations generalise are
// enough), and a megamorphic object clone is a runtime call: ~3 us for a nameserver state against ~0.6 us for this
// literal and ~0.3 us for a one-map spread (micro, on states taken from tfs seeds, loaded host). `Whole<T>` makes a
// field missing from a list fail to compile.
import { patched } from '../../sim/index.ts';
import type { AgentState, ClientState, DsState, MasterOplog, NsState } from './state.ts';

/** Every field of T, optional ones included (as possibly undefined), so a copy literal cannot leave one out. */
type Whole<T> = { [K in keyof T]-?: T[K] | undefined };

function copyNs(s: NsState): NsState {
  const c: Whole<NsState> = {
    kind: s.kind, self: s.self, peer: s.peer, role: s.role, status: s.status, startupUs: s.startupUs,
    isVipLocal: s.isVipLocal, lastVipNews: s.lastVipNews, vipLostAtUs: s.vipLostAtUs,
    checksSinceVipLost: s.checksSinceVipLost, vipReturnsUnseen: s.vipReturnsUnseen, switchTimeUs: s.switchTimeUs,
    discardNewblkSafeModeTimeUs: s.discardNewblkSafeModeTimeUs, switchCount: s.switchCount, termNonce: s.termNonce,
    peerConn: s.peerConn, isPeerConnOpen: s.isPeerConnOpen, rpcSeq: s.rpcSeq, globalBlockId: s.globalBlockId,
    flushedBlockId: s.flushedBlockId, isAllocGateOpen: s.isAllocGateOpen, tairRpc: s.tairRpc,
    mirrorSeen: s.mirrorSeen, tairSaveTimer: s.tairSaveTimer, blocks: s.blocks, dsConns: s.dsConns,
    dsReported: s.dsReported, blockLeases: s.blockLeases, applyBlockSafeModeTimeUs: s.applyBlockSafeModeTimeUs,
    slaveLease: s.slaveLease, leaseSeq: s.leaseSeq, oplog: s.oplog, taskSeq: s.taskSeq, lease: s.lease,
    keepalive: s.keepalive, roleAsk: s.roleAsk, applied: s.applied, preLeaseApplied: s.preLeaseApplied,
    stagedCount: s.stagedCount, lastMasterAct: s.lastMasterAct, lastTask: s.lastTask, badCrcApplied: s.badCrcApplied,
    crcErrors: s.crcErrors, playLogErrors: s.playLogErrors, rerequests: s.rerequests, loginCount: s.loginCount,
    renewCount: s.renewCount, renewsSinceLogin: s.renewsSinceLogin, replayedTasks: s.replayedTasks,
    failoverLosses: s.failoverLosses, corruptDropped: s.corruptDropped,
    oplogSyncDroppedAsMaster: s.oplogSyncDroppedAsMaster, maxReplication: s.maxReplication,
    dsReportAsks: s.dsReportAsks, dsNextReportUs: s.dsNextReportUs, replicateTasks: s.replicateTasks,
    replicateScanFrom: s.replicateScanFrom, deleteQueue: s.deleteQueue, blockVersions: s.blockVersions,
    lastRedundant: s.lastRedundant, lastPeriodicReport: s.lastPeriodicReport, lastReport: s.lastReport,
    dsReportCount: s.dsReportCount, keepaliveRefusal: s.keepaliveRefusal, roleAskGivenUp: s.roleAskGivenUp,
    switchedFrom: s.switchedFrom
  };
  return c as NsState;
}

function copyDs(s: DsState): DsState {
  const c: Whole<DsState> = {
    kind: s.kind, conn: s.conn, isConnOpen: s.isConnOpen, blocks: s.blocks, collisions: s.collisions,
    isReportDue: s.isReportDue, leases: s.leases, lease: s.lease, applying: s.applying, applySeq: s.applySeq,
    lastGrant: s.lastGrant, filesWritten: s.filesWritten, lastWrite: s.lastWrite
  };
  return c as DsState;
}

function copyClient(s: ClientState): ClientState {
  const c: Whole<ClientState> = {
    kind: s.kind, conn: s.conn, isConnOpen: s.isConnOpen, reqSeq: s.reqSeq, pending: s.pending, writes: s.writes,
    lastBlockId: s.lastBlockId, writing: s.writing
  };
  return c as ClientState;
}

function copyAgent(s: AgentState): AgentState {
  const c: Whole<AgentState> = {
    kind: s.kind, bootUs: s.bootUs, lastHeardUs: s.lastHeardUs, lastMasterUs: s.lastMasterUs,
    isDualMasterSeen: s.isDualMasterSeen, pingSeq: s.pingSeq, tairMaxBlockId: s.tairMaxBlockId, vipMoves: s.vipMoves
  };
  return c as AgentState;
}

function copyOplog(o: MasterOplog): MasterOplog {
  const c: Whole<MasterOplog> = {
    leaseKey: o.leaseKey, records: o.records, hashes: o.hashes, flushIssuedCount: o.flushIssuedCount,
    queuedCount: o.queuedCount, ackedCount: o.ackedCount, givenUpCount: o.givenUpCount, inflight: o.inflight,
    batchSeq: o.batchSeq, nextTries: o.nextTries
  };
  return c as MasterOplog;
}

/**
 * The nameserver state a draft scope may write in place (the first copy patchedNs made inside it), or null. A scope is
 * opened only around a loop that patches one local state many times and keeps no earlier version of it (the slave's
 * batch replay: two or three copies of some 70 fields per replayed record, most of the copies a tfs seed makes):
 * the first patch copies, the others write into that copy. What the scope returns is the same object the copies gave
 * would have been equal to, field for field, and it is new exactly when a copy would have been (a patch that changes
 * nothing still returns its state). Never an object made outside the scope: the world's states stay untouched.
 */
let nsDraft: NsState | null = null;
let isNsDraftOpen = false;

/** `run(s)` with patchedNs writing in place into the copy it makes first. run must keep no earlier state it patched on. */
export function withNsDraft<A extends unknown[]>(run: (s: NsState, ...rest: A) => NsState, s: NsState, ...rest: A): NsState {
  isNsDraftOpen = true;
  nsDraft = null;
  try {
    return run(s, ...rest);
  } finally {
    isNsDraftOpen = false;
    nsDraft = null;
  }
}

export function patchedNs(s: NsState, p: Partial<NsState>): NsState {
  if (s === nsDraft) return assignedNs(s, p);
  const c = patched(s, p, copyNs);
  if (isNsDraftOpen && c !== s) nsDraft = c;
  return c;
}

/** The draft with p's fields written (every NsState key exists from boot, so no key is appended and the order stays). */
function assignedNs(d: NsState, p: Partial<NsState>): NsState {
  const w = d as { -readonly [K in keyof NsState]: NsState[K] };
  for (const k in p) (w as Record<string, unknown>)[k] = p[k as keyof NsState];
  return d;
}
export const patchedDs = (s: DsState, p: Partial<DsState>): DsState => patched(s, p, copyDs);
export const patchedClient = (s: ClientState, p: Partial<ClientState>): ClientState => patched(s, p, copyClient);
export const patchedAgent = (s: AgentState, p: Partial<AgentState>): AgentState => patched(s, p, copyAgent);
export const patchedOplog = (o: MasterOplog, p: Partial<MasterOplog>): MasterOplog => patched(o, p, copyOplog);
