// The run's trace: every record folded into a running 64-bit FNV-1a hash, the details kept in a bounded ring (or in full).

export type TraceKind =
  | 'boot' | 'message' | 'conn-opened' | 'conn-closed' | 'timer' | 'disk-done' | 'client' | 'reply'
  | 'client-timeout' | 'client-skip' | 'fault' | 'drop' | 'log' | 'anomaly' | 'phase' | 'send';

export interface TraceRecord {
  /** Index of the kernel event this record belongs to. */
  readonly event: number;
  readonly atUs: number;
  readonly node: string | null;
  readonly kind: TraceKind;
  readonly detail: string;
  /** For message/send/drop records: the sender, the message type and when it was sent. */
  readonly from?: string;
  readonly to?: string;
  readonly msgType?: string;
  readonly sentAtUs?: number;
}

const FNV_PRIME_LO = 0x1b3;
const FNV_PRIME_HI = 0x100;

export class Trace {
  /** Two 32-bit halves of the 64-bit FNV-1a state. */
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;
  private readonly ring: TraceRecord[] = [];
  private ringStart = 0;
  private total = 0;
  /** Per-event hash checkpoints, when asked for (used to find the first differing event). */
  readonly eventHashes: number[] | null;

  constructor(
    private readonly ringSize: number,
    private readonly isFull: boolean,
    recordEventHashes: boolean,
  ) {
    this.eventHashes = recordEventHashes ? [] : null;
  }

  /** When set, records of the current event are also collected here (for onEvent recorders). */
  listener: TraceRecord[] | null = null;

  add(r: TraceRecord): void {
    if (this.listener !== null) this.listener.push(r);
    this.foldNumber(r.atUs);
    this.foldString(r.node ?? '-');
    this.foldString(r.kind);
    this.foldString(r.detail);
    if (r.from !== undefined) this.foldString(r.from);
    this.total++;
    if (this.isFull || this.ring.length < this.ringSize) {
      this.ring.push(r);
    } else {
      this.ring[this.ringStart] = r;
      this.ringStart = (this.ringStart + 1) % this.ringSize;
    }
  }

  /** Called once per kernel event, after its records. */
  checkpoint(): void {
    if (this.eventHashes !== null) this.eventHashes.push((this.hi ^ this.lo) >>> 0);
  }

  get recordCount(): number {
    return this.total;
  }

  get isTruncated(): boolean {
    return this.total > this.ring.length;
  }

  /** Kept records in order. */
  records(): TraceRecord[] {
    return [...this.ring.slice(this.ringStart), ...this.ring.slice(0, this.ringStart)];
  }

  /** The 64-bit hash as 16 hex digits. */
  hash(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }

  private foldByte(b: number): void {
    let lo = (this.lo ^ b) >>> 0;
    let hi = this.hi;
    // (hi:lo) * 0x100_0000_01b3 mod 2^64, in 16-bit pieces to stay exact.
    const lo16 = lo & 0xffff;
    const lohi16 = lo >>> 16;
    const a = lo16 * FNV_PRIME_LO;
    const b2 = lohi16 * FNV_PRIME_LO + (a >>> 16);
    const newLo = ((b2 & 0xffff) << 16) | (a & 0xffff);
    const carry = Math.floor(b2 / 0x10000);
    hi = (Math.imul(hi, FNV_PRIME_LO) + Math.imul(lo, FNV_PRIME_HI) + carry) >>> 0;
    lo = newLo >>> 0;
    this.lo = lo;
    this.hi = hi;
  }

  private foldString(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.foldByte(c & 0xff);
      if (c > 0xff) this.foldByte(c >>> 8);
    }
    this.foldByte(0);
  }

  private foldNumber(n: number): void {
    let x = n;
    for (let i = 0; i < 7; i++) {
      this.foldByte(x & 0xff);
      x = Math.floor(x / 256);
    }
  }
}
