// The deterministic disk-fault options: a machine crash that loses every unsynced write, a corruption of a file's last record.
import { describe, expect, it } from 'vitest';
import { runSimulation, ms, seconds } from '../../sim/index.ts';
import type { RunConfig } from '../../sim/index.ts';
import { scriptedProtocol, cmd, finalState } from '../support/scripted.ts';

const base = (extra: Partial<RunConfig>): RunConfig => ({ protocol: scriptedProtocol, seed: 7, faultPhaseUs: seconds(3), skipLiveness: true, ...extra });

const writes = [
  cmd(ms(10), 'n1', { type: 'append', file: 'log', data: { i: 1 } }),
  cmd(ms(20), 'n1', { type: 'fsync', file: 'log' }),
  cmd(ms(100), 'n1', { type: 'append', file: 'log', data: { i: 2 } }),
  cmd(ms(110), 'n1', { type: 'append', file: 'log', data: { i: 3 } }),
];
const bootLog = (r: ReturnType<typeof runSimulation>) => finalState(r, 'n1').bootDisk['log']!;

describe('kernel: deterministic disk faults', () => {
  it('a machine crash with unsynced "lost" keeps exactly the fsynced records on every seed, nothing torn', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = runSimulation(base({ seed, workload: writes, faults: [
        { atUs: ms(500), kind: 'crash', target: 'n1', mode: 'machine', unsynced: 'lost' }, { atUs: ms(600), kind: 'restart', target: 'n1' },
      ] }));
      expect(bootLog(r), `seed ${seed}`).toEqual([{ data: { i: 1 }, isIntact: true }]);
    }
  });

  it('unsynced "lost" changes nothing for a process crash: the page cache survives', () => {
    const r = runSimulation(base({ workload: writes, faults: [
      { atUs: ms(500), kind: 'crash', target: 'n1', mode: 'process', unsynced: 'lost' }, { atUs: ms(600), kind: 'restart', target: 'n1' },
    ] }));
    expect(bootLog(r).map((x) => x.data)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
  });

  it('disk-corrupt with record "last" damages the latest append and only it, on every seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = runSimulation(base({ seed, workload: writes, faults: [
        { atUs: ms(300), kind: 'disk-corrupt', target: 'n1', file: 'log', record: 'last' },
        { atUs: ms(400), kind: 'crash', target: 'n1' }, { atUs: ms(500), kind: 'restart', target: 'n1' },
      ] }));
      expect(bootLog(r).map((x) => x.isIntact), `seed ${seed}`).toEqual([true, true, false]);
    }
  });

  it('disk-corrupt without "record" still hits a random record (more than one index over the seeds)', () => {
    const hit = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const r = runSimulation(base({ seed, workload: writes, faults: [
        { atUs: ms(300), kind: 'disk-corrupt', target: 'n1', file: 'log' },
        { atUs: ms(400), kind: 'crash', target: 'n1' }, { atUs: ms(500), kind: 'restart', target: 'n1' },
      ] }));
      hit.add(bootLog(r).findIndex((x) => !x.isIntact));
    }
    expect(hit.size).toBeGreaterThan(1);
  });
});
