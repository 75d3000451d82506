// The table builder: failover of dead copies, copy_count distinct alive servers, stickiness, rack relaxation.
import { describe, expect, it } from 'vitest';
import { buildTable, failover } from '../../../protocols/tair/builder.ts';
import type { BuildInput } from '../../../protocols/tair/builder.ts';

const rackOf = (ds: string): number => (Number(ds.slice(2)) - 1) % 2;
const input = (over: Partial<BuildInput>): BuildInput => ({
  hash: Array.from({ length: 6 }, () => []), alive: ['ds1', 'ds2', 'ds3'], copyCount: 2, buildStrategy: 1, rackOf,
  isNoRelaxation: false, isIgnoringCopyCount: false, ...over,
});

describe('tair: table builder', () => {
  it('gives every bucket copy_count distinct alive dataservers, balanced', () => {
    const out = buildTable(input({}));
    expect(out.isBuildError).toBe(false);
    for (const copies of out.dest) {
      expect(copies).toHaveLength(2);
      expect(new Set(copies).size).toBe(2);
    }
    const load = new Map<string, number>();
    for (const ds of out.dest.flat()) load.set(ds, (load.get(ds) ?? 0) + 1);
    expect([...load.values()].sort()).toEqual([4, 4, 4]);
  });

  it('serves a bucket with a 0 entry from its new copies at once (nothing to migrate)', () => {
    const out = buildTable(input({}));
    expect(out.hash).toEqual(out.dest);
  });

  it('fails dead serving copies over but never drops the last copy of a bucket', () => {
    expect(failover([['ds1', 'ds2'], ['ds1']], new Set(['ds2', 'ds3']))).toEqual([['ds2'], ['ds1']]);
  });

  it('keeps surviving copies where they are and only adds the missing ones', () => {
    const hash = [['ds1', 'ds2'], ['ds3', 'ds1'], ['ds2', 'ds3'], ['ds1', 'ds2'], ['ds3', 'ds1'], ['ds2', 'ds3']];
    const out = buildTable(input({ hash, alive: ['ds2', 'ds3'] }));
    expect(out.hash[0]).toEqual(['ds2']);
    expect(out.dest[0]).toEqual(['ds2', 'ds3']);
    expect(out.dest[2]).toEqual(['ds2', 'ds3']);
    expect(out.dest.every((c) => c.length === 2 && !c.includes('ds1'))).toBe(true);
  });

  it('relaxes the rack constraint when one rack is left, and gives up without relaxation (git 3f7d0a9)', () => {
    const racks = input({ buildStrategy: 2, alive: ['ds1', 'ds3'] });
    expect(buildTable(racks).isBuildError).toBe(false);
    const broken = buildTable({ ...racks, isNoRelaxation: true });
    expect(broken.isBuildError).toBe(true);
    expect(broken.dest.some((c) => c.length < 2)).toBe(true);
  });

  it('places copies of a bucket in distinct racks when it can', () => {
    const out = buildTable(input({ buildStrategy: 2, alive: ['ds1', 'ds2', 'ds3', 'ds4'] }));
    for (const copies of out.dest) expect(rackOf(copies[0]!)).not.toBe(rackOf(copies[1]!));
  });
});
