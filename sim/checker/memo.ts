// The search memo: a set of (linearized-ops bitset, state id) pairs in typed arrays, open addressing.

/** 32-bit finalizer (murmur3 fmix32): spreads bits so linear probing stays short. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A fixed pseudo-random 32-bit value per operation index (Zobrist hashing of the bitset). */
export function zobristOf(index: number): number {
  return mix32(Math.imul(index + 1, 0x9e3779b1) ^ 0x5bd1e995);
}

/** Hash of a (set, state) pair given the set's Zobrist hash. */
export function pairHash(setHash: number, stateId: number): number {
  return mix32(setHash ^ Math.imul(stateId + 1, 0x27d4eb2f));
}

export class Memo {
  /** Words per bitset. */
  private readonly words: number;
  /** Entry i occupies pool[i*stride .. i*stride+stride): `words` bitset words, then the state id. */
  private readonly stride: number;
  private pool: Uint32Array;
  private hashes: Uint32Array;
  /** Slot → entry index + 1 (0 = empty). */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(words: number) {
    this.words = words;
    this.stride = words + 1;
    const cap = 1024;
    this.pool = new Uint32Array(cap * this.stride);
    this.hashes = new Uint32Array(cap);
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
  }

  /**
   * Adds the pair (set ∪ {bit}, stateId) unless present; true when it was added.
   * `set` is the current linearized set, `wordIndex`/`bitMask` the operation being added.
   */
  addWith(set: Uint32Array, wordIndex: number, bitMask: number, stateId: number, hash: number): boolean {
    if (this.size === this.hashes.length) this.grow();
    const { words, stride, pool, hashes, slots, mask } = this;
    let slot = hash & mask;
    for (;;) {
      const e = slots[slot]!;
      if (e === 0) break;
      const i = e - 1;
      if (hashes[i] === hash) {
        const base = i * stride;
        if (pool[base + words] === stateId) {
          let isSame = true;
          for (let w = 0; w < words; w++) {
            const want = w === wordIndex ? (set[w]! | bitMask) >>> 0 : set[w]!;
            if (pool[base + w] !== want) { isSame = false; break; }
          }
          if (isSame) return false;
        }
      }
      slot = (slot + 1) & mask;
    }
    const i = this.size;
    const base = i * stride;
    for (let w = 0; w < words; w++) pool[base + w] = set[w]!;
    pool[base + wordIndex] = (pool[base + wordIndex]! | bitMask) >>> 0;
    pool[base + words] = stateId;
    hashes[i] = hash;
    slots[slot] = i + 1;
    this.size = i + 1;
    return true;
  }

  /** Bytes allocated for the table (capacity, not just the entries in use). */
  get bytes(): number { return this.pool.byteLength + this.hashes.byteLength + this.slots.byteLength; }

  /** Doubles the entry pool and the slot table (load factor stays ≤ 1/2). */
  private grow(): void {
    const cap = this.hashes.length * 2;
    const pool = new Uint32Array(cap * this.stride);
    pool.set(this.pool);
    const hashes = new Uint32Array(cap);
    hashes.set(this.hashes);
    const slots = new Int32Array(cap * 2);
    const mask = cap * 2 - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = hashes[i]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = i + 1;
    }
    this.pool = pool;
    this.hashes = hashes;
    this.slots = slots;
    this.mask = mask;
  }
}
