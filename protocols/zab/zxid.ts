// Zxids (high 32 bits epoch, low 32 bits counter), log entries and their chained hash for cheap prefix comparison.
import { entryHash } from './entry-hash.ts';

export const EPOCH_UNIT = 0x1_0000_0000;
export const COUNTER_MAX = 0xffff_ffff;

export const makeZxid = (epoch: number, counter: number): number => epoch * EPOCH_UNIT + counter;
export const epochOf = (zxid: number): number => Math.floor(zxid / EPOCH_UNIT);
export const counterOf = (zxid: number): number => zxid % EPOCH_UNIT;
export const zxidStr = (zxid: number): string => (zxid < 0 ? String(zxid) : `${epochOf(zxid)}:${counterOf(zxid)}`);

/** A state change, as the leader's PrepRequestProcessor produced it (failed requests become error txns, as in ZK). */
export type Txn =
  | { readonly kind: 'create'; readonly path: string; readonly value: number }
  | { readonly kind: 'set'; readonly path: string; readonly value: number; readonly version: number }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'error'; readonly path: string; readonly err: string };

/** Who asked for a txn: the server the client talked to and the client request there. */
export interface Origin { readonly sid: string; readonly reqId: number }

/** A txn as it travels and is logged. `epoch` is the proposing leader's epoch (checked against the zxid). */
export interface WireEntry {
  readonly zxid: number;
  readonly epoch: number;
  readonly txn: Txn;
  readonly origin: Origin | null;
}

/** A txn in a server's history, with the hash of the whole history up to and including it. */
export interface Entry extends WireEntry {
  readonly h: number;
}

/** A plain copy (never an immer draft: effects outlive the handler). */
export const toWire = (e: WireEntry): WireEntry =>
  ({ zxid: e.zxid, epoch: e.epoch, txn: { ...e.txn }, origin: e.origin === null ? null : { sid: e.origin.sid, reqId: e.origin.reqId } });

/** toWire plus the hash, as one literal in toWire's field order (no second copy by spread). */
export function chain(prevH: number, w: WireEntry): Entry {
  const txn = { ...w.txn };
  const origin = w.origin === null ? null : { sid: w.origin.sid, reqId: w.origin.reqId };
  return { zxid: w.zxid, epoch: w.epoch, txn, origin, h: entryHash(prevH, w.zxid, txn) };
}

/** Append wire entries to a history, chaining hashes. */
export function extend(history: readonly Entry[], more: readonly WireEntry[]): Entry[] {
  const out = [...history];
  for (const w of more) out.push(chain(out[out.length - 1]?.h ?? 0, w));
  return out;
}

export const lastZxidOf = (history: readonly Entry[]): number => history[history.length - 1]?.zxid ?? 0;
