// PaxosStore messages. All travel as datagrams: Certain's IO workers never retransmit (a lost PaxosCmd is
// recovered by the client timeout and by catch-up), and GetAllAndSet's gRPC calls are retried by the caller.
import type { EntryRecord } from './record.ts';
import type { Value } from './record.ts';

/** How a receiver answered a PaxosCmd (Certain's header.result). */
export type PaxosResult = 'ok' | 'empty' | 'remote-newer' | 'not-found';

/**
 * PaxosCmd: the sender's own record and its view of the receiver's record, plus the sender's max chosen entry
 * (piggy-backed progress). `isCheckEmpty` marks the read probe (the receiver treats the dest promise as −1).
 */
export interface PaxosMsg {
  readonly type: 'paxos';
  readonly entity: string;
  readonly entry: number;
  readonly from: number;
  readonly to: number;
  readonly src: EntryRecord;
  readonly dest: EntryRecord | null;
  readonly maxChosen: number;
  readonly isCheckEmpty: boolean;
  readonly isCatchup: boolean;
  readonly uuid: number;
  readonly result: PaxosResult;
  /**
   * Checker bookkeeping (not part of the real PaxosCmd): bootUs of the incarnation whose check-empty probe this is or
   * answers, so a node can count an answer to its previous incarnation's probe (probe-uuid.ts). Only a probe and an
   * answer to one carry it (absent on every other PaxosCmd, so a fault that damages a message's fields cannot pick it
   * where it means nothing).
   */
  readonly probeBootUs?: number;
}

/** A node that lost PLog records (CRC) asks every peer how far the entity got before voting again. */
export interface FenceProbeMsg { readonly type: 'fence-probe'; readonly from: number; readonly entity: string }
export interface FenceReplyMsg { readonly type: 'fence-reply'; readonly from: number; readonly entity: string; readonly maxEntry: number; readonly maxChosen: number }

/** GetAllAndSet step 4: the peer's committed entry and a snapshot handle (sequence number). */
export interface RecoverMetaReq { readonly type: 'recover-meta-req'; readonly from: number; readonly entity: string; readonly rpcId: number }
export interface RecoverMetaRsp {
  readonly type: 'recover-meta-rsp'; readonly from: number; readonly entity: string; readonly rpcId: number;
  readonly isOk: boolean; readonly committed: number; readonly snapshotId: number;
  /** Checker bookkeeping: the chosen values behind the snapshot (not part of the real RPC). */
  readonly applied: readonly Value[];
}
/** GetAllAndSet step 5: one page of KVs after `afterKey` from the snapshot. */
export interface RecoverPageReq { readonly type: 'recover-page-req'; readonly from: number; readonly entity: string; readonly rpcId: number; readonly snapshotId: number; readonly afterKey: string | null }
export interface RecoverPageRsp {
  readonly type: 'recover-page-rsp'; readonly from: number; readonly entity: string; readonly rpcId: number;
  readonly isOk: boolean; readonly kvs: readonly (readonly [string, number])[]; readonly nextKey: string | null;
}

export type PsMsg = PaxosMsg | FenceProbeMsg | FenceReplyMsg | RecoverMetaReq | RecoverMetaRsp | RecoverPageReq | RecoverPageRsp;

const TYPES = new Set(['paxos', 'fence-probe', 'fence-reply', 'recover-meta-req', 'recover-meta-rsp', 'recover-page-req', 'recover-page-rsp']);

export function isPsMsg(x: unknown): x is PsMsg {
  if (typeof x !== 'object' || x === null) return false;
  const t = (x as { type?: unknown }).type;
  const from = (x as { from?: unknown }).from;
  return typeof t === 'string' && TYPES.has(t) && typeof from === 'number';
}

/**
 * clsCatchUpWorker::EstimateSize: "around 42 byte for empty", plus the value when the receiver's record (as we
 * know it) does not already hold it.
 */
export function estimateCatchupBytes(m: PaxosMsg): number {
  const v = m.src.value;
  return 42 + (v !== null && v.id !== m.dest?.value?.id ? JSON.stringify(v).length : 0);
}
