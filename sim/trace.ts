// The run's trace: every record folded into a running 64-bit hash, details kept in a bounded ring of columns
// (or in full), so a 10-million-event run allocates no object per record. A delivered message's detail is its
// JSON text: the hash folds that text token by token (json-fold.ts) and the record keeps the message, so the text
// is built only when a record is read.
import { foldJson, isEscaped, type JsonSink } from './json-fold.ts';

export type TraceKind =
  | 'boot' | 'message' | 'conn-opened' | 'conn-closed' | 'timer' | 'disk-done' | 'client' | 'reply'
  | 'client-timeout' | 'client-skip' | 'fault' | 'drop' | 'log' | 'anomaly' | 'phase';

const KINDS: readonly TraceKind[] = ['boot', 'message', 'conn-opened', 'conn-closed', 'timer', 'disk-done', 'client', 'reply', 'client-timeout', 'client-skip', 'fault', 'drop', 'log', 'anomaly', 'phase'];

/**
 * A kind's index in KINDS. A switch, not a lookup in an object keyed by kind: `add` sees every kind at one keyed load,
 * which went megamorphic (a stub-cache probe per record, about 4 % of the no-op kernel's CPU). The commonest kinds
 * come first; `test/sim/kernel-hot-path.test.ts` checks every kind against its index in KINDS.
 */
export function kindCode(kind: TraceKind): number {
  switch (kind) {
    case 'timer': return 4;
    case 'message': return 1;
    case 'disk-done': return 5;
    case 'drop': return 11;
    case 'client': return 6;
    case 'reply': return 7;
    case 'boot': return 0;
    case 'conn-opened': return 2;
    case 'conn-closed': return 3;
    case 'client-timeout': return 8;
    case 'client-skip': return 9;
    case 'fault': return 10;
    case 'log': return 12;
    case 'anomaly': return 13;
    case 'phase': return 14;
  }
}
const MESSAGE_CODE = kindCode('message');

export interface TraceRecord {
  /** Index of the kernel event this record belongs to. */
  readonly event: number;
  readonly atUs: number;
  readonly node: string | null;
  readonly kind: TraceKind;
  readonly detail: string;
  /** For message and drop records: the sender, the receiver, the message type and when it was sent. */
  readonly from?: string;
  readonly to?: string;
  readonly msgType?: string;
  readonly sentAtUs?: number;
}

/**
 * A recorder fed each record's fields as the trace keeps it, with no record object built (RunConfig.traceTap: the
 * crash-point catalog's recording run, which reads a few fields of a few kinds and was paying a record object, and a
 * getter object per delivered message, for every record). `node` and the message fields as in TraceRecord.
 */
export interface TraceTap {
  /** A record whose detail is a text. */
  record(kind: TraceKind, atUs: number, node: string | null, detail: string, from: string | undefined, msgType: string | undefined, sentAtUs: number | undefined): void;
  /** A delivered message: its detail is JSON.stringify(msg) (msg is the delivered object itself). */
  message(atUs: number, node: string, msg: object, from: string, msgType: string, sentAtUs: number): void;
  /**
   * A record whose detail is `detail.text()` (a client call or reply, Trace.addJson): handed over unbuilt, so a tap that
   * does not read those texts builds none (the recording run built every client op's and reply's, ~0.8 % of a tair seed).
   */
  json(kind: TraceKind, atUs: number, node: string | null, detail: JsonDetail): void;
}


/** Set in a kind cell when the record has the message columns (from, to, msgType, sentAtUs); the kind is the low bits. */
const HAS_LINK = 16;
/** Rings up to this size skip the message columns of records without them (the default ring is 5,000 records). */
const PREFILLED_RING_MAX = 50_000;

/**
 * Column storage for records: plain arrays that grow (full mode) or wrap (ring mode). Most records (timers, disk,
 * boot, ...) have no sender: their four message cells are not written at all (flagged in the kind cell instead),
 * which was four stores of undefined per record on the kernel's hottest path.
 */
class Columns {
  event: number[] = [];
  atUs: number[] = [];
  node: (string | null)[] = [];
  kind: number[] = [];
  /** The detail text, the message whose JSON text it is, or a JsonDetail (texts built on read). */
  detail: (string | object)[] = [];
  from: (string | undefined)[] = [];
  to: (string | undefined)[] = [];
  msgType: (string | undefined)[] = [];
  sentAtUs: (number | undefined)[] = [];
  /**
   * Ring mode: a record without message cells skips the four message columns. They are kept dense (an array written
   * past a long gap turns into a slow dictionary) by filling the gap with undefined when a record with message cells
   * lands past `filled`, the columns' length; a ring index only grows until it wraps, so each cell is filled at most
   * once. (They were filled to the ring's size up front: 4 x 5,000 cells, 160 KB of young garbage per run, most of a
   * short run's ring never written.) Full mode grows every column densely instead.
   */
  private readonly isSkipping: boolean;
  private filled = 0;

  constructor(isFull: boolean, ringSize: number) {
    this.isSkipping = !isFull && ringSize <= PREFILLED_RING_MAX;
  }

  set(i: number, event: number, atUs: number, node: string | null, kind: number, detail: string | object, from?: string, to?: string, msgType?: string, sentAtUs?: number): void {
    this.event[i] = event; this.atUs[i] = atUs; this.node[i] = node; this.detail[i] = detail;
    if (this.isSkipping) {
      if (from === undefined && to === undefined && msgType === undefined && sentAtUs === undefined) { this.kind[i] = kind; return; }
      if (i >= this.filled) this.fillTo(i);
    }
    this.kind[i] = kind | HAS_LINK;
    this.from[i] = from; this.to[i] = to; this.msgType[i] = msgType; this.sentAtUs[i] = sentAtUs;
  }

  /** Appends undefined to the message columns up to index i (exclusive) and counts i as filled (the caller writes it). */
  private fillTo(i: number): void {
    for (let k = this.filled; k < i; k++) { this.from.push(undefined); this.to.push(undefined); this.msgType.push(undefined); this.sentAtUs.push(undefined); }
    this.filled = i + 1;
  }

  get(i: number): TraceRecord {
    const code = this.kind[i]!;
    const r: { -readonly [K in keyof TraceRecord]: TraceRecord[K] } = { event: this.event[i]!, atUs: this.atUs[i]!, node: this.node[i]!, kind: KINDS[code & (HAS_LINK - 1)]!, detail: detailText(this.detail[i]!) };
    if ((code & HAS_LINK) === 0) return r;
    if (this.from[i] !== undefined) r.from = this.from[i]!;
    if (this.to[i] !== undefined) r.to = this.to[i]!;
    if (this.msgType[i] !== undefined) r.msgType = this.msgType[i]!;
    if (this.sentAtUs[i] !== undefined) r.sentAtUs = this.sentAtUs[i]!;
    return r;
  }
}

/**
 * A record detail whose text is `prefix + JSON.stringify(value)` (a client op's call or reply record), kept as its
 * parts: a run that hashes folds the value token by token, one that does not (every campaign seed's first run, the
 * catalog's recording run) builds the text only if the record is read. The value is the op or result object itself,
 * which no one changes after the call or reply (as with a delivered message).
 */
export class JsonDetail {
  constructor(readonly prefix: string, readonly value: unknown) {}
  text(): string {
    return this.prefix + JSON.stringify(this.value);
  }
}

const detailText = (d: string | object): string => (typeof d === 'string' ? d : d instanceof JsonDetail ? d.text() : JSON.stringify(d));

/**
 * A delivered message's record for an onEvent listener: its detail text is built only if the listener reads it
 * (an own enumerable getter, so spreading or JSON.stringify of the record still gives the text).
 */
function lazyMessageRecord(event: number, atUs: number, node: string | null, msg: object, from?: string, to?: string, msgType?: string, sentAtUs?: number): TraceRecord {
  let text: string | null = null;
  const r: { -readonly [K in keyof TraceRecord]: TraceRecord[K] } = {
    event, atUs, node, kind: 'message',
    get detail(): string { return (text ??= JSON.stringify(msg)); },
  };
  if (from !== undefined) r.from = from;
  if (to !== undefined) r.to = to;
  if (msgType !== undefined) r.msgType = msgType;
  if (sentAtUs !== undefined) r.sentAtUs = sentAtUs;
  return r;
}

export class Trace implements JsonSink {
  /**
   * Two 32-bit lanes (FNV-1a and a second multiplier) make the 64-bit running hash: lanes[0] (a) and lanes[1] (b).
   * An Int32Array, not two number fields: the lanes hold any int32, so as fields they were boxed doubles, and every
   * fold paid a conversion and a store through the box (about 4x slower in isolation). Every fold applies ToInt32
   * (xor, Math.imul) or ToUint32 (>>>) to them, so storing the int32 form changes no hash.
   */
  private readonly lanes = Int32Array.of(0x811c9dc5 | 0, 0x84222325 | 0);
  private readonly cols: Columns;
  private kept = 0;
  private next = 0;
  private total = 0;
  /** Per-event hash checkpoints, when asked for (used to find the first differing event). */
  readonly eventHashes: number[] | null;
  /** When set, records of the current event are also collected here (for onEvent recorders). */
  listener: TraceRecord[] | null = null;
  /** When set, every record kept from then on is also handed to it (see TraceTap). */
  tap: TraceTap | null = null;

  /**
   * `isHashing` false: no record is folded into the hash (hash() then means nothing). For a run whose result is
   * discarded and which reads only the records (the crash-point catalog's recording run, through a TraceTap).
   */
  constructor(private readonly ringSize: number, private readonly isFull: boolean, recordEventHashes: boolean, private readonly isHashing = true) {
    this.eventHashes = recordEventHashes ? [] : null;
    this.cols = new Columns(isFull, ringSize);
  }

  add(event: number, atUs: number, node: string | null, kind: TraceKind, detail: string, from?: string, to?: string, msgType?: string, sentAtUs?: number): void {
    const code = kindCode(kind);
    if (!this.isHashing) { this.keep(event, atUs, node, code, detail, from, to, msgType, sentAtUs); return; }
    // The same folds as foldInt x3, foldString(node), foldString(detail), on locals: the hash lanes are read and
    // written once per record instead of once per fold (this was about half of the kernel's per-event cost).
    const lanes = this.lanes;
    let a = lanes[0]!;
    let b = lanes[1]!;
    let x = atUs >>> 0;
    a = Math.imul(a ^ x, 0x01000193); a ^= a >>> 13; b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
    x = (atUs / 0x1_0000_0000) >>> 0;
    a = Math.imul(a ^ x, 0x01000193); a ^= a >>> 13; b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
    a = Math.imul(a ^ code, 0x01000193); a ^= a >>> 13; b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
    if (node !== null) {
      for (let i = 0; i < node.length; i++) {
        const c = node.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
      }
      a = Math.imul(a ^ 0xff, 0x01000193);
    }
    for (let i = 0; i < detail.length; i++) {
      const c = detail.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    lanes[0] = Math.imul(a ^ 0xff, 0x01000193);
    lanes[1] = b;
    this.keep(event, atUs, node, code, detail, from, to, msgType, sentAtUs);
  }

  /** A delivered message: its detail is JSON.stringify(msg), hashed exactly as add() would hash that text. */
  addMessage(event: number, atUs: number, node: string, msg: object, from: string, to: string, msgType: string, sentAtUs: number): void {
    if (this.isHashing) {
      this.foldHead(atUs, MESSAGE_CODE, node);
      this.foldJsonText('', msg);
    }
    this.keep(event, atUs, node, MESSAGE_CODE, msg, from, to, msgType, sentAtUs);
  }

  /** A record whose detail is `prefix + JSON.stringify(value)` (JsonDetail), hashed exactly as add() would hash that text. */
  addJson(event: number, atUs: number, node: string | null, kind: TraceKind, prefix: string, value: unknown): void {
    const code = kindCode(kind);
    if (this.isHashing) {
      this.foldHead(atUs, code, node);
      this.foldJsonText(prefix, value);
    }
    this.keep(event, atUs, node, code, new JsonDetail(prefix, value), undefined, undefined, undefined, undefined);
  }

  /** What add() folds before the detail: the time, the kind and the node. */
  private foldHead(atUs: number, code: number, node: string | null): void {
    this.foldInt(atUs >>> 0);
    this.foldInt((atUs / 0x1_0000_0000) >>> 0);
    this.foldInt(code);
    if (node !== null) this.foldString(node);
  }

  /** foldString(prefix + JSON.stringify(value)) without building the text (built only for what foldJson does not model). */
  private foldJsonText(prefix: string, value: unknown): void {
    const lanes = this.lanes;
    const a = lanes[0]!;
    const b = lanes[1]!;
    if (prefix.length > 0) this.put(prefix);
    if (foldJson(value, false, this) === 'ok') lanes[0] = Math.imul(lanes[0]! ^ 0xff, 0x01000193);
    else { lanes[0] = a; lanes[1] = b; this.foldString(prefix + JSON.stringify(value)); }
  }

  private keep(event: number, atUs: number, node: string | null, code: number, detail: string | object, from: string | undefined, to: string | undefined, msgType: string | undefined, sentAtUs: number | undefined): void {
    if (from !== undefined && this.isHashing) this.foldString(from);
    this.total++;
    let i: number;
    if (this.isFull) i = this.kept++;
    else {
      i = this.next;
      this.next = i + 1 === this.ringSize ? 0 : i + 1;
      if (this.kept < this.ringSize) this.kept++;
    }
    this.cols.set(i, event, atUs, node, code, detail, from, to, msgType, sentAtUs);
    // Out of line: a run with neither (every fuzz seed's own run) pays two null checks per record, no more.
    if (this.listener !== null || this.tap !== null) this.tell(i, event, atUs, node, code, detail, from, to, msgType, sentAtUs);
  }

  /** Hands the record just kept (at i) to the listener and the tap, whichever is set. */
  private tell(i: number, event: number, atUs: number, node: string | null, code: number, detail: string | object, from: string | undefined, to: string | undefined, msgType: string | undefined, sentAtUs: number | undefined): void {
    if (this.listener !== null) {
      this.listener.push(typeof detail === 'string' || detail instanceof JsonDetail ? this.cols.get(i) : lazyMessageRecord(event, atUs, node, detail, from, to, msgType, sentAtUs));
    }
    if (this.tap !== null) {
      if (typeof detail === 'string') this.tap.record(KINDS[code]!, atUs, node, detail, from, msgType, sentAtUs);
      else if (detail instanceof JsonDetail) this.tap.json(KINDS[code]!, atUs, node, detail);
      else this.tap.message(atUs, node!, detail, from!, msgType!, sentAtUs!);
    }
  }

  /** Called once per kernel event, after its records. */
  checkpoint(): void {
    if (this.eventHashes !== null) this.eventHashes.push((this.lanes[0]! ^ this.lanes[1]!) >>> 0);
  }

  get recordCount(): number {
    return this.total;
  }

  get isTruncated(): boolean {
    return this.total > this.kept;
  }

  /** Kept records, oldest first. */
  records(): TraceRecord[] {
    const out: TraceRecord[] = [];
    const start = this.isFull || this.kept < this.ringSize ? 0 : this.next;
    for (let k = 0; k < this.kept; k++) out.push(this.cols.get((start + k) % (this.isFull ? Number.MAX_SAFE_INTEGER : this.ringSize)));
    return out;
  }

  /** The 64-bit hash as 16 hex digits. */
  hash(): string {
    return (this.lanes[1]! >>> 0).toString(16).padStart(8, '0') + (this.lanes[0]! >>> 0).toString(16).padStart(8, '0');
  }

  /** Folds a whole 32-bit word at once (numbers are the bulk of every record). */
  private foldInt(x: number): void {
    const lanes = this.lanes;
    let a = Math.imul(lanes[0]! ^ x, 0x01000193);
    a ^= a >>> 13;
    lanes[0] = a;
    const b = lanes[1]!;
    lanes[1] = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
  }

  /** JsonSink: folds a token of a JSON text (foldString's loop without its end-of-string mark). */
  put(s: string): void {
    const lanes = this.lanes;
    let a = lanes[0]!;
    let b = lanes[1]!;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    lanes[0] = a;
    lanes[1] = b;
  }

  /** JsonSink: folds one code unit of a JSON text. */
  putCode(c: number): void {
    const lanes = this.lanes;
    lanes[0] = Math.imul(lanes[0]! ^ c, 0x01000193);
    const b = lanes[1]!;
    lanes[1] = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }

  /** JsonSink: folds a JSON string token whose text needs no escape (else folds nothing and returns false). */
  putQuoted(s: string): boolean {
    const lanes = this.lanes;
    let a = Math.imul(lanes[0]! ^ 0x22, 0x01000193);
    let b = lanes[1]!;
    b = Math.imul(b ^ 0x22, 0x5bd1e995) ^ (b >>> 15);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isEscaped(c)) return false;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    lanes[0] = Math.imul(a ^ 0x22, 0x01000193);
    lanes[1] = Math.imul(b ^ 0x22, 0x5bd1e995) ^ (b >>> 15);
    return true;
  }

  /** A whole string: its characters (put) and then an end-of-string mark, so "ab"+"c" and "a"+"bc" fold apart. */
  private foldString(s: string): void {
    this.put(s);
    this.lanes[0] = Math.imul(this.lanes[0]! ^ 0xff, 0x01000193);
  }
}
