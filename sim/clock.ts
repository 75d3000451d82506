// A node's local clock: global time plus an offset plus integer-ppm drift, re-based whenever either changes.
import { assert } from './assert.ts';

const PPM = 1_000_000;

export class NodeClock {
  private baseGlobalUs = 0;
  private baseLocalUs = 0;
  private driftPpm = 0;

  /** Local time at global time `globalUs` (never before the last re-base). */
  localAt(globalUs: number): number {
    const elapsed = globalUs - this.baseGlobalUs;
    // Undrifted (nearly every clock): the drift term is 0, so skip its multiply, divide and trunc.
    if (this.driftPpm === 0) return this.baseLocalUs + elapsed;
    return this.baseLocalUs + elapsed + Math.trunc((elapsed * this.driftPpm) / PPM);
  }

  /** Earliest global time at which the local clock reads at least `localUs`. */
  globalWhen(localUs: number, nowGlobalUs: number): number {
    const needLocal = localUs - this.localAt(nowGlobalUs);
    if (needLocal <= 0) return nowGlobalUs;
    if (this.driftPpm === 0) return nowGlobalUs + needLocal;
    // elapsed·(1 + ppm/1e6) ≥ needLocal; ceil then step to absorb truncation.
    let g = nowGlobalUs + Math.ceil((needLocal * PPM) / (PPM + this.driftPpm));
    while (this.localAt(g) < localUs) g++;
    return g;
  }

  setDrift(driftPpm: number, nowGlobalUs: number): void {
    assert(Number.isInteger(driftPpm) && Math.abs(driftPpm) < PPM / 2, `clock drift ${driftPpm} ppm out of range`);
    this.rebase(nowGlobalUs);
    this.driftPpm = driftPpm;
  }

  /** Jump the local clock by `deltaUs` (may go backwards, as a wall clock stepped by NTP does). */
  addOffset(deltaUs: number, nowGlobalUs: number): void {
    this.rebase(nowGlobalUs);
    this.baseLocalUs += deltaUs;
  }

  get drift(): number {
    return this.driftPpm;
  }

  private rebase(nowGlobalUs: number): void {
    this.baseLocalUs = this.localAt(nowGlobalUs);
    this.baseGlobalUs = nowGlobalUs;
  }
}
