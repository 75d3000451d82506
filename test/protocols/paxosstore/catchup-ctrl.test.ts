// clsCatchUpCtrl as modelled: 10 ms byte slices (an oversize message goes at once and pushes the next slice out
// in proportion), a per-second count window that resets only when spent, and the invariant's bounds.
import { describe, expect, it } from 'vitest';
import { bytesAllowedPerSecond, freshRateCtrl, sendsAllowedPerSecond, sliceBytes, useByteSize, useCount } from '../../../protocols/paxosstore/catchup-ctrl.ts';

const SLICE = 10_000;

describe('paxosstore: catch-up byte budget (UseByteSize)', () => {
  it('gives each 10 ms slice bytes/s ÷ 100', () => {
    expect(sliceBytes(102_400 * 1024, SLICE)).toBe(1_048_576);
    expect(sliceBytes(6000, SLICE)).toBe(60);
  });
  it('spends a slice, then waits for the next one', () => {
    let c = freshRateCtrl(0);
    let wait: number;
    [wait, c] = useByteSize(c, 40, 100, SLICE, 0);
    expect(wait).toBe(0);
    [wait, c] = useByteSize(c, 40, 100, SLICE, 1000);
    expect(wait).toBe(0);
    [wait] = useByteSize(c, 40, 100, SLICE, 2000);
    expect(wait).toBe(SLICE - 2000);
    [wait, c] = useByteSize(c, 40, 100, SLICE, SLICE);
    expect(wait).toBe(0);
    expect(c.remainBytes).toBe(60);
  });
  it('sends an oversize message at once and delays the next slice in proportion (never drops it)', () => {
    let c = freshRateCtrl(0);
    let wait: number;
    [wait, c] = useByteSize(c, 250, 100, SLICE, 0);
    expect(wait).toBe(0);
    expect(c.nextSendUs).toBe(25_000);
    [wait] = useByteSize(c, 10, 100, SLICE, 5000);
    expect(wait).toBe(20_000);
  });
});

describe('paxosstore: catch-up count budget (UseCount)', () => {
  it('lets max through, then waits for the window end, then resets lazily', () => {
    let c = freshRateCtrl(0);
    let wait: number;
    for (let i = 0; i < 3; i++) {
      [wait, c] = useCount(c, 3, 100);
      expect(wait).toBe(0);
    }
    [wait] = useCount(c, 3, 400_000);
    expect(wait).toBe(600_000);
    [wait, c] = useCount(c, 3, 1_500_000);
    expect(wait).toBe(0);
    expect(c.useCount).toBe(1);
    expect(c.nextCountUs).toBe(2_500_000);
  });
  it('bounds any second by two windows, and bytes by the rate plus two grants', () => {
    expect(sendsAllowedPerSecond(12)).toBe(24);
    expect(bytesAllowedPerSecond(6000, SLICE, 80)).toBe(6000 + 160);
    expect(bytesAllowedPerSecond(100_000, SLICE, 80)).toBe(100_000 + 2000);
  });
});
