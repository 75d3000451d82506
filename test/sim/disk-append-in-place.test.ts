// sim/disk.ts pushes an append onto a file's page-cache array when nothing else holds that array: the disk must read,
// list, sync, crash and corrupt exactly as the plain path (a new array per append), and no array it ever handed out
// (read, contents, a crash's or fsync's shared array) may change afterwards.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Disk, makeRecord, type Mutation } from '../../sim/disk.ts';
import { Prng } from '../../sim/prng.ts';
import type { DiskRecord } from '../../sim/types.ts';

type Op =
  | { readonly k: 'append' | 'replace' | 'truncate' | 'delete' | 'fsync' | 'read'; readonly f: string; readonly n: number }
  | { readonly k: 'contents' | 'crash' | 'corrupt'; readonly f: string; readonly n: number };

const op: fc.Arbitrary<Op> = fc.record({
  k: fc.constantFrom('append', 'append', 'append', 'append', 'replace', 'truncate', 'delete', 'fsync', 'read', 'contents', 'crash', 'corrupt'),
  f: fc.constantFrom('log', 'snap'),
  n: fc.nat(6),
}) as fc.Arbitrary<Op>;

const texts = (rs: readonly DiskRecord[]): string => JSON.stringify(rs.map((r) => [r.data, r.crc]));

/** Applies `o` to the disk and returns what it handed out (to hold and re-check later), in the same order for either disk. */
function apply(d: Disk, o: Op, i: number): (readonly DiskRecord[])[] {
  const mutation = (): Mutation | null => {
    switch (o.k) {
      case 'append': return { kind: 'append', record: makeRecord({ i, n: o.n }) };
      case 'replace': return { kind: 'replace', records: [makeRecord(`r${i}`), makeRecord(o.n)] };
      case 'truncate': return { kind: 'truncate', keepCount: o.n };
      case 'delete': return { kind: 'delete' };
      default: return null;
    }
  };
  const m = mutation();
  if (m !== null) { d.mutate(o.f, m); return []; }
  switch (o.k) {
    case 'fsync': d.fsync(o.f); return [];
    case 'read': return [d.read(o.f)];
    case 'contents': return [...d.contents().values()];
    case 'crash': d.crash('machine', new Prng(o.n + i, 'disk')); return [];
    case 'corrupt': d.corrupt(new Prng(o.n + i, 'disk'), undefined, o.n % 2 === 0 ? 'last' : 'random'); return [];
    default: return [];
  }
}

describe('disk: appends in place', () => {
  it('reads and lists as the plain path after every op, and never changes an array it handed out', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const fast = new Disk();
      const plain = new Disk(false);
      const held: { readonly a: readonly DiskRecord[]; readonly text: string }[] = [];
      ops.forEach((o, i) => {
        const out = apply(fast, o, i);
        const outPlain = apply(plain, o, i);
        // What was handed out agrees (reading here for every op would hand out every array and test no in-place push).
        expect(out.map(texts)).toEqual(outPlain.map(texts));
        for (const a of out) held.push({ a, text: texts(a) });
        expect(fast.version).toBe(plain.version);
        for (const h of held) expect(texts(h.a)).toBe(h.text);
      });
      for (const f of ['log', 'snap']) expect(texts(fast.read(f))).toBe(texts(plain.read(f)));
      // Crashing both the same way keeps what was durable: the durable arrays agree too.
      fast.crash('machine', new Prng(7, 'disk'), 'lost');
      plain.crash('machine', new Prng(7, 'disk'), 'lost');
      expect([...fast.contents()].map(([f, rs]) => f + texts(rs))).toEqual([...plain.contents()].map(([f, rs]) => f + texts(rs)));
    }), { numRuns: 400 });
  });
});
