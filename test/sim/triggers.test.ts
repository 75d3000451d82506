// Triggered fault steps: each trigger kind fires at its moment, edges differ, nth and delay count, targets bind, runs stay deterministic.
import { describe, expect, it } from 'vitest';
import { runSimulation, ms, seconds } from '../../sim/index.ts';
import type { FaultStep, ProtocolModule, RunConfig, RunResult, ScheduledOp, TraceRecord } from '../../sim/index.ts';
import { registerProtocol, type RegState } from '../support/register.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { stepToJson } from '../../scenarios/plan-to-scenario.ts';
import { toFaultStep } from '../../scenarios/to-run-config.ts';
import { addTestProtocols } from '../../scenarios/registry.ts';

const write = (atMs: number, value: number): ScheduledOp => ({ atUs: ms(atMs), target: 'primary', client: 0, op: { type: 'write', value } });
const writes = [write(100, 1), write(400, 2), write(700, 3), write(1000, 4)];
const run = (faults: FaultStep[], extra: Partial<RunConfig> = {}): RunResult =>
  runSimulation({ protocol: registerProtocol, seed: 5, faultPhaseUs: seconds(2), skipLiveness: true, traceFull: true, workload: writes, faults, ...extra });

const fired = (r: RunResult): TraceRecord[] => r.trace.filter((t) => t.kind === 'fault' && t.detail.startsWith('trigger fired'));
const faultsAt = (r: RunResult, text: string): TraceRecord[] => r.trace.filter((t) => t.kind === 'fault' && t.detail.startsWith(text));
const diskDone = (r: RunResult, node: string, detail: string): TraceRecord[] => r.trace.filter((t) => t.kind === 'disk-done' && t.node === node && t.detail === detail);

describe('triggers: disk', () => {
  it('after: crashes the node right after its nth fsync completes, before its handler hears of it', () => {
    const r = run([{ atUs: 0, kind: 'crash', target: 'trigger', when: { disk: 'fsync', node: 'n1', file: 'log', nth: 2 } }]);
    const second = diskDone(r, 'n1', 'fsync log')[1]!;
    expect(fired(r)).toHaveLength(1);
    expect(fired(r)[0]!.event).toBe(second.event);
    expect(faultsAt(r, 'crash (process) n1')[0]!.event).toBe(second.event);
    // The write the fsync made durable is never acknowledged: the handler did not run.
    expect(r.history.find((h) => h.op['value'] === 2)?.outcome).toBe('unknown');
    expect(diskDone(r, 'n1', 'fsync log')).toHaveLength(2);
  });

  it('before: the op never happens; after: it did', () => {
    const at = (edge: 'before' | 'after') => run([{ atUs: 0, kind: 'crash', target: 'trigger', mode: 'machine', when: { disk: 'append', node: 'n2', edge } }]);
    const before = at('before');
    const after = at('after');
    expect(diskDone(before, 'n2', 'append log')).toHaveLength(0);
    expect(diskDone(after, 'n2', 'append log')).toHaveLength(1);
    expect(fired(before)[0]!.atUs).toBeLessThan(fired(after)[0]!.atUs);
  });

  it('"write" matches any mutation and a role matcher matches the role\'s members', () => {
    const r = run([{ atUs: 0, kind: 'pause', target: 'trigger', forUs: ms(10), when: { disk: 'write', node: 'any-backup', nth: 3 } }]);
    expect(fired(r)).toHaveLength(1);
    expect(['n2', 'n3']).toContain(fired(r)[0]!.node);
  });

  it('does not count matches before its arm time', () => {
    const r = run([{ atUs: ms(500), kind: 'crash', target: 'trigger', when: { disk: 'fsync', node: 'n1' } }]);
    expect(fired(r)[0]!.atUs).toBeGreaterThanOrEqual(ms(700));
    expect(fired(r)[0]!.event).toBe(diskDone(r, 'n1', 'fsync log').find((d) => d.atUs >= ms(500))!.event);
  });
});

describe('triggers: messages', () => {
  it('send: fires right after the send, and "trigger-peer" names the receiver', () => {
    const r = run([{ atUs: 0, kind: 'crash', target: 'trigger-peer', when: { send: 'replicate', node: 'n1', to: 'n3', nth: 2 } }]);
    expect(fired(r)[0]!.detail).toContain('(peer n3)');
    expect(faultsAt(r, 'crash (process) n3')[0]!.event).toBe(fired(r)[0]!.event);
  });

  it('a crash at a send stops the rest of that node\'s effects', () => {
    // n1 sends replicate to n2 then n3 in one handler: crashing n1 at the send to n2 means n3 gets nothing.
    const r = run([{ atUs: 0, kind: 'crash', target: 'trigger', when: { send: 'replicate', node: 'n1', to: 'n2', nth: 2 } }], { workload: [write(100, 1)] });
    const ev = fired(r)[0]!.event;
    expect(r.trace.filter((t) => t.event > ev && t.kind === 'message' && t.msgType === 'replicate' && t.to === 'n3')).toHaveLength(0);
  });

  const ackCount = (edge: 'before' | 'after') =>
    run([{ atUs: 0, kind: 'crash', target: 'trigger', when: { receive: 'replicate', node: 'n2', edge } }], { workload: 'none' }).stats.messagesByType['ack'] ?? 0;

  it('receive before: the handler never runs (no ack); after: it ran and its ack was sent', () => {
    expect(ackCount('after') - ackCount('before')).toBe(1);
  });

  it('receive from a sender filters by the other end', () => {
    const r = run([{ atUs: 0, kind: 'crash', target: 'trigger-peer', when: { receive: 'ack', from: 'n3' } }]);
    expect(fired(r)[0]!.node).toBe('n1');
    expect(faultsAt(r, 'crash (process) n3')).toHaveLength(1);
  });
});

describe('triggers: roles and probes', () => {
  it('role: fires when a node enters the role after the arm time, not for who held it before', () => {
    const r = run([
      { atUs: ms(500), kind: 'crash', target: 'n1', forUs: ms(200) },
      { atUs: ms(300), kind: 'pause', target: 'trigger', forUs: ms(5), when: { role: 'primary' } },
    ]);
    expect(fired(r)).toHaveLength(1);
    expect(fired(r)[0]!.atUs).toBe(ms(700));
    expect(faultsAt(r, 'pause n1')[0]!.atUs).toBe(ms(700));
  });

  it('a triggered partition with "for" lifts exactly the links it blocked, that long after it fired', () => {
    const r = run([
      { atUs: ms(50), kind: 'partition-one-way', from: 'n3', to: 'n2' },
      { atUs: ms(500), kind: 'crash', target: 'n1', forUs: ms(200) },
      { atUs: ms(300), kind: 'partition', groups: [['trigger'], ['rest']], forUs: ms(150), when: { role: 'primary' } },
    ]);
    const at = fired(r)[0]!.atUs;
    expect(faultsAt(r, 'partition [n1] | [n2,n3] for 150000us')[0]!.atUs).toBe(at);
    expect(faultsAt(r, 'partition ended').map((t) => [t.atUs, t.detail])).toEqual([[at + ms(150), 'partition ended: n1->n2, n1->n3, n2->n1, n3->n1']]);
  });

  const withProbe: ProtocolModule<RegState> = {
    ...registerProtocol,
    probes: { 'version-3': { description: 'n1 is at version 3 or later', check: (v) => ((v.node('n1' as never).state as RegState | undefined)?.version ?? 0) >= 3 ? null : 'not yet' } },
  };

  it('probe: fires the first time the probe turns true', () => {
    let firstHolds = -1;
    const r = run([{ atUs: 0, kind: 'heal', when: { probe: 'version-3' } }], {
      protocol: withProbe,
      onEvent: (i, _recs, view) => { if (firstHolds < 0 && withProbe.probes!['version-3']!.check(view as never, {}) === null) firstHolds = i; },
    });
    expect(firstHolds).toBeGreaterThan(0);
    expect(fired(r)).toHaveLength(1);
    expect(fired(r)[0]!.event).toBe(firstHolds);
  });
});

describe('triggers: firing', () => {
  it('delay: the step is applied that long after the match', () => {
    const r = run([{ atUs: 0, kind: 'crash', target: 'trigger', delayUs: ms(50), when: { disk: 'fsync', node: 'n1' } }]);
    expect(faultsAt(r, 'crash (process) n1')[0]!.atUs).toBe(fired(r)[0]!.atUs + ms(50));
  });

  it('fires at most once, and lists the steps that never fired', () => {
    const never: FaultStep = { atUs: 0, kind: 'crash', target: 'n2', when: { send: 'no-such-message' } };
    const r = run([{ atUs: 0, kind: 'pause', target: 'n3', forUs: ms(1), when: { send: '*' } }, never]);
    expect(fired(r)).toHaveLength(1);
    expect(r.untriggered).toEqual([never]);
    expect(run([]).untriggered).toEqual([]);
  });

  it('is deterministic, and a trigger that fires changes the run', () => {
    const faults: FaultStep[] = [{ atUs: 0, kind: 'crash', target: 'trigger', mode: 'machine', forUs: ms(100), when: { disk: 'write', node: 'n2', nth: 2 } }];
    expect(run(faults).traceHash).toBe(run(faults).traceHash);
    expect(run(faults).traceHash).not.toBe(run([]).traceHash);
  });

  it('rejects a probe trigger with a "trigger" target and an unknown probe', () => {
    expect(() => run([{ atUs: 0, kind: 'crash', target: 'trigger', when: { probe: 'x' } }])).toThrow(/trigger/);
    expect(() => run([{ atUs: 0, kind: 'heal', when: { probe: 'nope' } }])).toThrow(/probe:nope/);
  });
});

describe('triggers in scenario files', () => {
  addTestProtocols([registerProtocol]);
  const scenario = {
    protocol: 'register', description: 'crash a backup right after it made a write durable', seed: 3, duration: '2s', liveness: false,
    steps: [
      { when: { disk: 'fsync', node: 'any-backup', file: 'log', nth: 2 }, kind: 'crash', target: 'trigger', mode: 'machine', for: '300ms' },
      { at: '1s', when: { receive: 'ack', node: 'n1', edge: 'before' }, delay: '5ms', kind: 'partition', groups: [['trigger'], ['rest']], for: '200ms' },
      { at: '300ms', kind: 'partition-one-way', from: 'n2', to: 'n3', for: '1.5s' },
    ],
    expect: [{ verdict: 'pass' }],
  };

  it('validate, run, and round-trip through stepToJson to the same trace hash', () => {
    const s = validateScenario('t.json', scenario);
    expect(s.steps[1]!.at).toBe(seconds(1));
    expect(s.steps.map(toFaultStep).map((x) => (x as { forUs?: number }).forUs)).toEqual([ms(300), ms(200), ms(1500)]);
    const a = runScenario(s).result;
    expect(a.untriggered).toEqual([]);
    expect(fired(runSimulation({ ...runConfigOf(s), traceFull: true }))).toHaveLength(2);
    const back = validateScenario('back.json', { ...scenario, steps: s.steps.map(toFaultStep).map(stepToJson) });
    expect(runScenario(back).result.traceHash).toBe(a.traceHash);
  });

  it('name the bad field of a trigger, and require "at" or "when"', () => {
    const bad = (step: unknown) => () => validateScenario('bad.json', { ...scenario, steps: [step] });
    expect(bad({ when: { disk: 'fsnyc' }, kind: 'heal' })).toThrow(/steps\[0\]\.when\.disk: expected one of .* \(did you mean "fsync"\?\)/);
    expect(bad({ when: { disk: 'fsync', send: 'x' }, kind: 'heal' })).toThrow(/steps\[0\]\.when: expected a trigger with exactly one of/);
    expect(bad({ when: { receive: 'ack', file: 'log' }, kind: 'heal' })).toThrow(/steps\[0\]\.when\.file: expected no "file" in a receive trigger/);
    expect(bad({ when: { role: 'leader', nth: 0 }, kind: 'heal' })).toThrow(/steps\[0\]\.when\.nth: expected a number ≥ 1/);
    expect(bad({ kind: 'heal' })).toThrow(/steps\[0\]\.at: expected a time/);
    expect(bad({ at: '1s', delay: '1ms', kind: 'heal' })).toThrow(/"delay" without a "when"/);
  });
});

function runConfigOf(s: ReturnType<typeof validateScenario>): RunConfig {
  return { protocol: registerProtocol, seed: s.seed, faults: s.steps.map(toFaultStep), faultPhaseUs: s.duration, skipLiveness: true };
}
