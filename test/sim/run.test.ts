// The run loop: verdicts, limits, invariants after every event, the liveness phase.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runSimulation, ms, seconds, EventHeapForTests } from '../../sim/testing.ts';
import { registerProtocol } from '../support/register.ts';
import { scriptedProtocol, cmd } from '../support/scripted.ts';

describe('kernel: event heap', () => {
  it('pops by time, then by insertion order', () => {
    const h = new EventHeapForTests<{ atUs: number; seq: number; tag: string }>(100);
    const items = [[5, 'a'], [1, 'b'], [5, 'c'], [1, 'd'], [3, 'e']] as const;
    for (const [atUs, tag] of items) h.push({ atUs, seq: 0, tag });
    const out: string[] = [];
    for (let x = h.pop(); x !== undefined; x = h.pop()) out.push(x.tag);
    expect(out).toEqual(['b', 'd', 'e', 'a', 'c']);
  });

  it('a batch queued up front (pushAll, the sorted lane) pops as the same items pushed one by one would', () => {
    type Op = { push: number } | { all: number[] } | 'pop';
    const op = fc.oneof(fc.record({ push: fc.nat({ max: 20 }) }), fc.record({ all: fc.array(fc.nat({ max: 20 }), { maxLength: 12 }) }), fc.constant('pop' as const));
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops: Op[]) => {
      const lane = new EventHeapForTests<{ atUs: number; seq: number; tag: number }>(1000);
      const plain = new EventHeapForTests<{ atUs: number; seq: number; tag: number }>(1000);
      let tag = 0;
      const popped: [number | undefined, number | undefined][] = [];
      for (const o of ops) {
        if (o === 'pop') popped.push([lane.pop()?.tag, plain.pop()?.tag]);
        else if ('push' in o) { lane.push({ atUs: o.push, seq: 0, tag }); plain.push({ atUs: o.push, seq: 0, tag: tag++ }); }
        else {
          lane.pushAll(o.all.map((atUs, k) => ({ atUs, seq: 0, tag: tag + k })));
          for (const atUs of o.all) plain.push({ atUs, seq: 0, tag: tag++ });
        }
        expect(lane.size).toBe(plain.size);
        expect(lane.peek()?.tag).toBe(plain.peek()?.tag);
      }
      for (let x = lane.pop(); x !== undefined; x = lane.pop()) popped.push([x.tag, plain.pop()?.tag]);
      for (const [a, b] of popped) expect(a).toBe(b);
      expect(plain.size).toBe(0);
    }), { numRuns: 300 });
    // The limit counts the lane's items too.
    const h = new EventHeapForTests<{ atUs: number; seq: number }>(3);
    h.pushAll([{ atUs: 1, seq: 0 }, { atUs: 2, seq: 0 }]);
    h.push({ atUs: 1, seq: 0 });
    expect(() => h.push({ atUs: 1, seq: 0 })).toThrow(/eventQueueMax=3/);
    expect(() => h.pushAll([{ atUs: 1, seq: 0 }])).toThrow(/eventQueueMax=3/);
  });

  it('refuses to grow past its named limit', () => {
    const h = new EventHeapForTests<{ atUs: number; seq: number }>(2);
    h.push({ atUs: 1, seq: 0 });
    h.push({ atUs: 1, seq: 0 });
    expect(() => h.push({ atUs: 1, seq: 0 })).toThrow(/eventQueueMax=2/);
  });
});

describe('kernel: verdicts', () => {
  it('stops at the event that breaks an invariant and names it', () => {
    let caught = null as ReturnType<typeof runSimulation> | null;
    for (let seed = 1; seed <= 100 && caught === null; seed++) {
      const r = runSimulation({
        protocol: registerProtocol, seed, bugs: ['register/ack-before-fsync'], faultPhaseUs: seconds(2),
        disk: { latency: { minUs: ms(5), maxUs: ms(20) } },
      });
      if (r.verdict !== 'pass') caught = r;
    }
    expect(caught?.verdict).toBe('violation');
    expect(caught?.violation?.name).toBe('acked-write-logged');
    const v = caught!.violation!;
    expect(caught!.events).toBe(v.eventIndex + 1);
    expect(caught!.trace.at(-1)?.event).toBe(v.eventIndex);
  });

  it('passes the same seeds without the bug', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const r = runSimulation({ protocol: registerProtocol, seed, faultPhaseUs: seconds(2), disk: { latency: { minUs: ms(5), maxUs: ms(20) } } });
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
    }
  });

  it('turns an exception inside a handler into verdict crash, naming the node', () => {
    const r = runSimulation({ protocol: scriptedProtocol, seed: 1, faultPhaseUs: seconds(1), skipLiveness: true, workload: [cmd(ms(10), 'n2', { type: 'throw' })] });
    expect(r.verdict).toBe('crash');
    expect(r.violation).toMatchObject({ name: 'exception', node: 'n2' });
    expect(r.violation!.message).toContain('scripted failure');
  });

  it('ends a livelock at eventsMax with a liveness verdict instead of hanging', () => {
    const r = runSimulation({ protocol: registerProtocol, seed: 1, faultPhaseUs: seconds(1000), limits: { eventsMax: 5_000 } });
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('limit:eventsMax');
    expect(r.events).toBe(5_000);
  });

  it('heals, restarts crashed nodes and requires liveness within the bound', () => {
    const r = runSimulation({ protocol: registerProtocol, seed: 4, faultPhaseUs: seconds(2), faults: [{ atUs: ms(500), kind: 'crash', target: 'n3', mode: 'machine' }] });
    expect(r.verdict).toBe('pass');
    expect(r.livenessReachedAtUs).not.toBeNull();
    expect(r.livenessReachedAtUs!).toBeGreaterThan(seconds(2));
    expect(r.stats.restarts).toBe(1);
  });

  it('reports a liveness failure when the predicates never hold', () => {
    const r = runSimulation({ protocol: registerProtocol, seed: 4, faultPhaseUs: seconds(1), options: { reconnectDelayUs: seconds(100) }, faults: [{ atUs: ms(500), kind: 'crash', target: 'n3' }], workload: [{ atUs: ms(900), target: 'n1', client: 0, op: { type: 'write', value: 1 } }] });
    expect(r.verdict).toBe('liveness');
    expect(r.violation?.name).toBe('all-connected');
  });

  it('counts a timed crash as one fault step, its automatic restart as a restart', () => {
    const r = runSimulation({ protocol: registerProtocol, seed: 2, faultPhaseUs: seconds(1), skipLiveness: true, faults: [{ atUs: ms(100), kind: 'crash', target: 'n2', forUs: ms(300) }] });
    expect(r.trace.filter((t) => t.kind === 'fault').map((t) => [t.atUs, t.detail])).toEqual([[ms(100), 'crash (process) n2'], [ms(400), 'restart n2']]);
    expect(r.stats).toMatchObject({ faults: 1, crashes: 1, restarts: 1 });
  });

  it('resolves role targets when a fault fires', () => {
    const r = runSimulation({ protocol: registerProtocol, seed: 2, faultPhaseUs: seconds(1), skipLiveness: true, faults: [{ atUs: ms(100), kind: 'crash', target: 'primary' }, { atUs: ms(200), kind: 'pause', target: 'any-backup' }] });
    expect(r.trace.filter((t) => t.kind === 'fault').map((t) => t.detail)).toEqual(['crash (process) n1', expect.stringMatching(/^pause n[23]$/)]);
  });
});
