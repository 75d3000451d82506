// clsCatchUpCtrl (certain/src/CatchUpWorker.cpp@40ada56 L6-98) as pure functions: a byte budget metered per
// 10 ms slice and a count budget per second. Each returns how long to wait (0 = go now) and the new state.
import { US_PER_S } from '../../sim/index.ts';

export interface RateCtrl {
  /** m_iRemainByteSize: bytes left in the current slice. */
  readonly remainBytes: number;
  /** m_iNextSendTimeMS: no new slice before this (an oversize message pushes it out proportionally). */
  readonly nextSendUs: number;
  /** m_iUseCount: sends since the count window was last reset. */
  readonly useCount: number;
  /** m_iNextCountTimeMS: the count window may reset at this time. */
  readonly nextCountUs: number;
}

/** UpdateCatchUpCnt at start-up: the first count window ends one second from now. */
export const freshRateCtrl = (nowUs: number): RateCtrl => ({ remainBytes: 0, nextSendUs: 0, useCount: 0, nextCountUs: nowUs + US_PER_S });

/** m_iMaxByteSize = KB/s·1024 / (1000 / kSendIntervalMS): the bytes one slice may carry (at least 1). */
export const sliceBytes = (bytesPerSecond: number, sliceUs: number): number => Math.max(1, Math.floor((bytesPerSecond * sliceUs) / US_PER_S));

/**
 * UseByteSize: spend from the slice if it holds enough; else wait for the next slice; a message larger than a whole
 * slice is sent at once and the next slice is pushed out by sliceUs·size/sliceBytes (delayed, never dropped).
 */
export function useByteSize(c: RateCtrl, size: number, maxSliceBytes: number, sliceUs: number, nowUs: number): readonly [number, RateCtrl] {
  if (c.remainBytes >= size) return [0, { ...c, remainBytes: c.remainBytes - size }];
  if (nowUs < c.nextSendUs) return [c.nextSendUs - nowUs, c];
  if (size <= maxSliceBytes) return [0, { ...c, remainBytes: maxSliceBytes - size, nextSendUs: nowUs + sliceUs }];
  // Rounded up (the source divides whole milliseconds) so the invariant's bound holds exactly.
  return [0, { ...c, remainBytes: 0, nextSendUs: nowUs + Math.ceil((sliceUs * size) / maxSliceBytes) }];
}

/** UseCount: up to maxPerSecond sends per window; once spent, wait for the window's end ("at least catchup at 1/s"). */
export function useCount(c: RateCtrl, maxPerSecond: number, nowUs: number): readonly [number, RateCtrl] {
  if (c.useCount < maxPerSecond) return [0, { ...c, useCount: c.useCount + 1 }];
  if (nowUs < c.nextCountUs) return [c.nextCountUs - nowUs, c];
  return [0, { ...c, useCount: 1, nextCountUs: nowUs + US_PER_S }];
}

/**
 * What the real controller can let through in any one second, for the invariant: the count window resets only
 * when spent and at least a second after the last reset, so a sliding second may see two windows (2·max); a
 * slice grants at most max(sliceBytes, one message) and occupies time in proportion, so a sliding second carries
 * at most the per-second rate plus two grants.
 */
export function sendsAllowedPerSecond(maxPerSecond: number): number {
  return 2 * maxPerSecond;
}

export function bytesAllowedPerSecond(bytesPerSecond: number, sliceUs: number, largestMessage: number): number {
  return bytesPerSecond + 2 * Math.max(sliceBytes(bytesPerSecond, sliceUs), largestMessage);
}
