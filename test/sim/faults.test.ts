// Each fault's semantics, observed through the scripted test protocol.
import { describe, expect, it } from 'vitest';
import { runSimulation, ms, seconds } from '../../sim/index.ts';
import type { FaultStep, RunConfig } from '../../sim/index.ts';
import { scriptedProtocol, cmd, finalState } from '../support/scripted.ts';

const base = (extra: Partial<RunConfig>): RunConfig => ({ protocol: scriptedProtocol, seed: 7, faultPhaseUs: seconds(3), skipLiveness: true, ...extra });

describe('kernel: disks', () => {
  const writes = [
    cmd(ms(10), 'n1', { type: 'append', file: 'log', data: { i: 1 } }),
    cmd(ms(20), 'n1', { type: 'fsync', file: 'log' }),
    cmd(ms(100), 'n1', { type: 'append', file: 'log', data: { i: 2 } }),
    cmd(ms(110), 'n1', { type: 'append', file: 'log', data: { i: 3 } }),
  ];
  const crashAt = (mode: 'process' | 'machine', seed: number) =>
    runSimulation(base({ seed, workload: writes, faults: [{ atUs: ms(500), kind: 'crash', target: 'n1', mode }, { atUs: ms(600), kind: 'restart', target: 'n1' }] }));

  it('keeps fsynced and unsynced records across a process crash (the page cache survives)', () => {
    const s = finalState(crashAt('process', 1), 'n1');
    expect(s.bootDisk['log']!.map((r) => r.data)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
  });

  it('keeps fsynced records and only a prefix of pending ones across a machine crash, maybe tearing the next', () => {
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const log = finalState(crashAt('machine', seed), 'n1').bootDisk['log']!;
      expect(log[0]).toEqual({ data: { i: 1 }, isIntact: true });
      const intact = log.filter((r) => r.isIntact).map((r) => (r.data as { i: number }).i);
      expect([[1], [1, 2], [1, 2, 3]]).toContainEqual(intact);
      // Only the record right after the surviving prefix may be torn, and a torn record fails its CRC.
      expect(log.slice(intact.length).every((r) => !r.isIntact)).toBe(true);
      expect(log.length - intact.length).toBeLessThanOrEqual(1);
      outcomes.add(`${intact.length}/${log.length}`);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(3);
  });

  it('detects a corrupted record by its CRC', () => {
    const r = runSimulation(base({ workload: writes.slice(0, 2), faults: [
      { atUs: ms(300), kind: 'disk-corrupt', target: 'n1', file: 'log' },
      { atUs: ms(400), kind: 'crash', target: 'n1' }, { atUs: ms(500), kind: 'restart', target: 'n1' },
    ] }));
    expect(finalState(r, 'n1').bootDisk['log']!.map((x) => x.isIntact)).toEqual([false]);
  });

  it('tears the write in flight when a node is killed during it', () => {
    const r = runSimulation(base({
      workload: [cmd(ms(10), 'n1', { type: 'append', file: 'log', data: { i: 9 } })],
      disk: { latency: { minUs: ms(50), maxUs: ms(50) } },
      faults: [{ atUs: ms(30), kind: 'kill-during-write', target: 'n1', forUs: ms(100) }],
    }));
    expect(finalState(r, 'n1').bootDisk['log']).toEqual([expect.objectContaining({ isIntact: false })]);
  });
});

describe('kernel: network', () => {
  it('a one-way partition blocks one direction only', () => {
    const r = runSimulation(base({
      faults: [{ atUs: ms(5), kind: 'partition-one-way', from: 'n1', to: 'n2' }],
      workload: [cmd(ms(10), 'n1', { type: 'dgram', to: 'n2', text: 'a->b' }), cmd(ms(10), 'n2', { type: 'dgram', to: 'n1', text: 'b->a' })],
    }));
    expect(finalState(r, 'n2').seen.filter((x) => x.input === 'message')).toEqual([]);
    expect(finalState(r, 'n1').seen.filter((x) => x.input === 'message').map((x) => x.text)).toEqual(['b->a']);
    expect(r.stats.dropsByReason['partition']).toBe(1);
  });

  it('reports a broken connection to both ends after the detection delay', () => {
    const r = runSimulation(base({
      network: { connectionDetectionDelayUs: ms(250) },
      workload: [cmd(ms(10), 'n1', { type: 'connect', to: 'n2' })],
      faults: [{ atUs: ms(100), kind: 'partition', groups: [['n1'], ['n2', 'n3']] }],
    }));
    for (const id of ['n1', 'n2']) {
      const closed = finalState(r, id).seen.filter((x) => x.input === 'conn-closed');
      expect(closed).toEqual([expect.objectContaining({ reason: 'broken', nowUs: ms(350) })]);
    }
  });

  it('keeps a connection FIFO and refuses a connect to a crashed node', () => {
    const texts = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const r = runSimulation(base({
      network: { latency: { minUs: 100, maxUs: ms(5) } },
      faults: [{ atUs: ms(1), kind: 'crash', target: 'n3' }],
      workload: [cmd(ms(1), 'n1', { type: 'connect', to: 'n2' }), cmd(ms(2), 'n1', { type: 'connect', to: 'n3' }), ...texts.map((t, i) => cmd(ms(100) + i, 'n1', { type: 'send', text: t }))],
    }));
    expect(finalState(r, 'n2').seen.filter((x) => x.input === 'message').map((x) => x.text)).toEqual(texts);
    expect(finalState(r, 'n1').seen.filter((x) => x.input === 'conn-closed').map((x) => x.reason)).toEqual(['refused']);
  });

  it('delivers what was sent before a graceful close, then tells the peer', () => {
    const r = runSimulation(base({
      workload: [cmd(ms(1), 'n1', { type: 'connect', to: 'n2' }), cmd(ms(100), 'n1', { type: 'send-and-close', text: 'last words' })],
    }));
    const seen = finalState(r, 'n2').seen.filter((x) => x.input === 'message' || x.input === 'conn-closed');
    expect(seen.map((x) => x.text ?? x.reason)).toEqual(['last words', 'closed-by-peer']);
  });

  it('redirects traffic when a VIP is rebound, and breaks connections made through it', () => {
    const r = runSimulation(base({
      workload: [
        cmd(ms(1), 'n3', { type: 'bind', alias: 'vip', node: 'n1' }),
        cmd(ms(10), 'n2', { type: 'connect', to: 'vip' }),
        cmd(ms(50), 'n2', { type: 'dgram', to: 'vip', text: 'first' }),
        cmd(ms(100), 'n3', { type: 'bind', alias: 'vip', node: 'n3' }),
        cmd(ms(150), 'n2', { type: 'dgram', to: 'vip', text: 'second' }),
      ],
    }));
    expect(finalState(r, 'n1').seen.filter((x) => x.input === 'message').map((x) => x.text)).toEqual(['first']);
    expect(finalState(r, 'n3').seen.filter((x) => x.input === 'message').map((x) => x.text)).toEqual(['second']);
    expect(finalState(r, 'n2').seen.filter((x) => x.input === 'conn-closed').map((x) => x.reason)).toEqual(['alias-moved']);
  });

  it('delays everything on a clogged link until the clog ends', () => {
    const r = runSimulation(base({
      faults: [{ atUs: ms(5), kind: 'clog', from: 'n1', to: 'n2', durationUs: ms(400) }],
      workload: [cmd(ms(10), 'n1', { type: 'dgram', to: 'n2', text: 'late' })],
    }));
    expect(finalState(r, 'n2').seen.find((x) => x.input === 'message')?.nowUs).toBe(ms(405));
  });
});

describe('kernel: timed partitions', () => {
  const dgram = (atMs: number, from: string, to: string) => cmd(ms(atMs), from, { type: 'dgram', to, text: `${from}->${to}@${atMs}` });
  const got = (r: ReturnType<typeof runSimulation>, id: string) => finalState(r, id).seen.filter((x) => x.input === 'message').map((x) => x.text);

  it('a partition with "for" lifts only its own links: an overlapping partition and a clog stay', () => {
    const r = runSimulation(base({
      traceFull: true,
      faults: [
        { atUs: ms(5), kind: 'partition', groups: [['n1'], ['n2', 'n3']], forUs: ms(100) },
        { atUs: ms(10), kind: 'partition-one-way', from: 'n1', to: 'n2' },
        { atUs: ms(10), kind: 'clog', from: 'n2', to: 'n3', durationUs: ms(800) },
      ],
      workload: [dgram(50, 'n1', 'n3'), dgram(200, 'n1', 'n3'), dgram(200, 'n1', 'n2'), dgram(200, 'n2', 'n1'), dgram(200, 'n2', 'n3')],
    }));
    expect(r.trace.filter((t) => t.detail.startsWith('partition ended')).map((t) => [t.atUs, t.detail])).toEqual([[ms(105), 'partition ended: n1->n3, n2->n1, n3->n1']]);
    expect(got(r, 'n3')).toEqual(['n1->n3@200', 'n2->n3@200']);
    expect(got(r, 'n2')).toEqual([]);
    expect(got(r, 'n1')).toEqual(['n2->n1@200']);
    expect(r.stats.dropsByReason['partition']).toBe(2);
    expect(finalState(r, 'n3').seen.find((x) => x.text === 'n2->n3@200')!.nowUs).toBe(ms(810));
  });

  it('a link blocked by two timed partitions opens when the later one ends', () => {
    const r = runSimulation(base({
      faults: [
        { atUs: ms(5), kind: 'partition-one-way', from: 'n1', to: 'n2', forUs: ms(100) },
        { atUs: ms(50), kind: 'partition', groups: [['n1'], ['rest']], forUs: ms(200) },
      ],
      workload: [dgram(150, 'n1', 'n2'), dgram(300, 'n1', 'n2')],
    }));
    expect(got(r, 'n2')).toEqual(['n1->n2@300']);
  });

  it('heal lifts timed partitions too, and their end then has nothing left to lift', () => {
    const r = runSimulation(base({
      traceFull: true,
      faults: [
        { atUs: ms(5), kind: 'partition', groups: [['n1'], ['rest']], forUs: ms(1000) },
        { atUs: ms(5), kind: 'partition-one-way', from: 'n3', to: 'n2' },
        { atUs: ms(5), kind: 'clog', from: 'n2', to: 'n3', durationUs: ms(2000) },
        { atUs: ms(100), kind: 'heal' },
      ],
      workload: [dgram(150, 'n1', 'n2'), dgram(150, 'n3', 'n2'), dgram(150, 'n2', 'n3')],
    }));
    expect(got(r, 'n2')).toEqual(['n1->n2@150', 'n3->n2@150']);
    expect(finalState(r, 'n3').seen.find((x) => x.text === 'n2->n3@150')!.nowUs).toBeLessThan(ms(1000));
    expect(r.trace.filter((t) => t.detail.startsWith('partition ended')).map((t) => [t.atUs, t.detail])).toEqual([[ms(1005), 'partition ended: nothing left to lift']]);
  });
});

describe('kernel: clocks', () => {
  it('a paused node sees its clock jump when it resumes, and its timers wait', () => {
    const faults: FaultStep[] = [{ atUs: ms(100), kind: 'pause', target: 'n1' }, { atUs: ms(900), kind: 'resume', target: 'n1' }];
    const r = runSimulation(base({ faults, workload: [cmd(ms(50), 'n1', { type: 'timer', delayUs: ms(100), name: 't' })] }));
    const fired = finalState(r, 'n1').seen.find((x) => x.input === 'timer');
    expect(fired?.nowUs).toBe(ms(900));
  });

  it('fires timers in local time under drift and offset', () => {
    const r = runSimulation(base({
      faults: [{ atUs: 0, kind: 'clock-drift', target: 'n1', driftPpm: 100_000 }, { atUs: 0, kind: 'clock-offset', target: 'n2', offsetUs: seconds(5) }],
      workload: [cmd(ms(10), 'n1', { type: 'timer', delayUs: ms(110), name: 'd' }), cmd(ms(10), 'n2', { type: 'timer', delayUs: ms(100), name: 'o' })],
    }));
    const d = finalState(r, 'n1').seen.find((x) => x.input === 'timer')!;
    const o = finalState(r, 'n2').seen.find((x) => x.input === 'timer')!;
    // n1 runs 10% fast: 110ms of its time pass in 100ms of global time.
    expect(d.nowUs).toBeGreaterThanOrEqual(ms(121));
    expect(r.trace.find((t) => t.kind === 'timer' && t.node === 'n1')?.atUs).toBe(ms(110));
    expect(o.nowUs).toBe(seconds(5) + ms(110));
  });
});
