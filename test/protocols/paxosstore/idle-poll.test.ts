// S11: the idle CatchUpWorker polls its queue with clsSmartSleepCtrl(200, 1000) µs (utils/Time.h), so a command
// that reaches an idle worker waits for the next poll: polls at 0, 200, 600, 1400, 2400, 3400, … µs after the queue ran empty.
import { describe, expect, it } from 'vitest';
import { idlePollDelayUs } from '../../../protocols/paxosstore/worker.ts';

describe('paxosstore: idle catch-up worker polling (SmartSleep)', () => {
  it('takes a command at once when it arrives as the queue runs empty or exactly at a poll', () => {
    for (const t of [0, 200, 600, 1400, 2400, 3400, 100_400]) expect(idlePollDelayUs(t)).toBe(0);
  });
  it('waits for the next poll of the doubling sleep (200, 400, 800 µs), then of the 1 ms cap', () => {
    expect(idlePollDelayUs(1)).toBe(199);
    expect(idlePollDelayUs(300)).toBe(300);
    expect(idlePollDelayUs(700)).toBe(700);
    expect(idlePollDelayUs(1500)).toBe(900);
    expect(idlePollDelayUs(2401)).toBe(999);
    expect(idlePollDelayUs(50_000)).toBe(400);
  });
  it('never waits longer than the 1 ms cap', () => {
    for (let t = 0; t < 20_000; t += 37) expect(idlePollDelayUs(t)).toBeLessThanOrEqual(1000);
  });
});
