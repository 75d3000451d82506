// zab's chained entry hashes are remembered by zxid (entry-hash.ts): a hit hands back the hash worked out for the same
// prevH and an equal flat txn. After every event of fuzz seeds, clean and with bug flags (crashes re-reading logs, SNAP
// and DIFF syncs, TRUNC), every entry of every server's history holds crcOf([previous entry's h, zxid, txn]) worked out
// afresh; and hand-made asks that differ from the remembered one in any input get the fresh hash.
import { describe, expect, it } from 'vitest';
import { crcOf } from '../../../sim/index.ts';
import { compareAlongSeeds } from '../../support/compare-along.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { entryHash } from '../../../protocols/zab/entry-hash.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

/** The first entry of `s`'s history whose hash is not the fresh one, or null. */
function firstStale(s: ZabNode): string | null {
  let prev = 0;
  for (let i = 0; i < s.history.length; i++) {
    const e = s.history[i]!;
    const fresh = crcOf([prev, e.zxid, e.txn]);
    if (e.h !== fresh) return `${s.id} entry ${i + 1} (zxid ${e.zxid}): h ${e.h}, fresh ${fresh}`;
    prev = e.h;
  }
  return null;
}

describe('zab entry hashes, remembered by zxid', () => {
  it('equal the fresh hash for every history entry after every event of fuzz seeds', () => {
    const seeds = [1, 7, 1000, 7000, 1_670_067].map((seed) => ({ seed }));
    const flagged = ['zab/zk-3642-snap-not-persisted', 'zab/zk-2355-diff-sets-last-zxid', 'zab/ack-before-fsync'].flatMap((bug) => [1, 2, 3].map((seed) => ({ seed, bugs: [bug] })));
    const found = compareAlongSeeds<ZabNode>(zabProtocol, [...seeds, ...flagged], (_n, s) => firstStale(s));
    expect(found.filter((m) => m !== null && m.includes('fresh'))).toEqual([]);
  });

  it('are worked out afresh when the prevH, a value, a key, the key order or a nested value differs', () => {
    const zxid = 0x7_0000_0001;
    const asks: [number, object][] = [
      [5, { kind: 'set', path: '/a', value: 1, version: 2 }],
      [6, { kind: 'set', path: '/a', value: 1, version: 2 }],
      [6, { kind: 'set', path: '/a', value: 2, version: 2 }],
      [6, { kind: 'set', path: '/a', value: 2 }],
      [6, { kind: 'set', path: '/a', value: 2, err: 'x' }],
      [6, { path: '/a', kind: 'set', value: 2, err: 'x' }],
      [6, { kind: 'set', path: '/a', value: { n: 1 } }],
      [6, { kind: 'set', path: '/a', value: { n: 2 } }],
      [6, { kind: 'set', path: '/a', value: { n: 2 } }],
    ];
    for (const [prevH, txn] of asks) {
      expect(entryHash(prevH, zxid, txn)).toBe(crcOf([prevH, zxid, txn]));
      expect(entryHash(prevH, zxid, { ...txn })).toBe(crcOf([prevH, zxid, txn]));
    }
  });
});
