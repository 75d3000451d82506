// Ordered triggers (`id` / `after`, sim/trigger-types.ts TriggerOrder): a trigger is armed only once the step it names
// has fired, counting from the next occurrence on; scenario files carry the fields and replay them exactly.
import { describe, expect, it } from 'vitest';
import { runSimulation, ms, seconds } from '../../sim/index.ts';
import type { FaultStep, RunConfig, RunResult, ScheduledOp, TraceRecord } from '../../sim/index.ts';
import { registerProtocol } from '../support/register.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { stepToJson } from '../../scenarios/plan-to-scenario.ts';
import { toFaultStep } from '../../scenarios/to-run-config.ts';
import { addTestProtocols } from '../../scenarios/registry.ts';
import { mutatePlan } from '../../scenarios/guided-mutate.ts';
import { withoutDangling } from '../../scenarios/shrink.ts';
import { Prng } from '../../sim/prng.ts';

const write = (atMs: number, value: number): ScheduledOp => ({ atUs: ms(atMs), target: 'primary', client: 0, op: { type: 'write', value } });
const writes = [write(100, 1), write(400, 2), write(700, 3), write(1000, 4)];
const run = (faults: FaultStep[], extra: Partial<RunConfig> = {}): RunResult =>
  runSimulation({ protocol: registerProtocol, seed: 5, faultPhaseUs: seconds(2), skipLiveness: true, traceFull: true, workload: writes, faults, ...extra });
const fired = (r: RunResult): TraceRecord[] => r.trace.filter((t) => t.kind === 'fault' && t.detail.startsWith('trigger fired'));
/** A step that changes nothing (a heal with nothing to lift), so only the firing order shows. */
const mark = (when: FaultStep['when'], extra: Partial<FaultStep> = {}): FaultStep => ({ atUs: 0, kind: 'heal', when, ...extra } as FaultStep);

describe('triggers: after', () => {
  it('a trigger with "after" counts only matches after the named step fired', () => {
    const alone = run([mark({ send: 'replicate', node: 'n1', to: 'n3' })]);
    const ordered = run([mark({ receive: 'ack', node: 'n1', nth: 3, id: 'third-ack' }), mark({ send: 'replicate', node: 'n1', to: 'n3', after: 'third-ack' })]);
    const [ack, send] = fired(ordered);
    expect(ack!.detail).toContain('receive ack');
    expect(send!.detail).toContain('send replicate');
    expect(send!.event).toBeGreaterThan(ack!.event);
    // Without the order it fires at n1's first replicate to n3, long before the third ack.
    expect(fired(alone)[0]!.event).toBeLessThan(ack!.event);
    expect(ordered.untriggered).toEqual([]);
  });

  it('the occurrence that fired the named step does not count; a later one in the same handler does', () => {
    // For a write, n1 sends replicate to n2 and then n3 in one handler: the first fires "a", the second (same event)
    // fires "b". (Armed after the start-up syncs, which go out as each connection opens, one event each.)
    const at = { atUs: ms(50) };
    const r = run([mark({ send: 'replicate', node: 'n1', id: 'a' }, at), mark({ send: 'replicate', node: 'n1', after: 'a' }, at)]);
    const [a, b] = fired(r);
    expect(a!.detail).toContain('(peer n2)');
    expect(b!.detail).toContain('(peer n3)');
    expect(b!.event).toBe(a!.event);
    // Listed the other way round (the dependent checked first), the result is the same.
    const [a2, b2] = fired(run([mark({ send: 'replicate', node: 'n1', after: 'a' }, at), mark({ send: 'replicate', node: 'n1', id: 'a' }, at)]));
    expect([a2!.detail, b2!.detail].map((d) => /\(peer n\d\)/.exec(d)?.[0])).toEqual(['(peer n2)', '(peer n3)']);
  });

  it('a delayed step counts as fired at its match; its "at" still arms it no earlier', () => {
    const r = run([
      mark({ disk: 'fsync', node: 'n1', id: 'sync' }, { delayUs: ms(500) }),
      mark({ send: 'replicate', node: 'n1', after: 'sync' }, { atUs: ms(600) }),
    ]);
    const [sync, send] = fired(r);
    expect(send!.atUs).toBeGreaterThanOrEqual(ms(600));
    expect(send!.atUs).toBeLessThan(ms(750)); // at the write of 700 ms, the first send after both
    expect(sync!.atUs).toBeLessThan(ms(200));
  });

  it('never armed when the named step never fires or is not in the run (a shrinker dropped it): reported untriggered', () => {
    const dependent = mark({ send: 'replicate', after: 'never' });
    const r = run([mark({ send: 'no-such-message', id: 'never' }), dependent]);
    expect(fired(r)).toHaveLength(0);
    expect(r.untriggered).toContainEqual(dependent);
    const orphan = mark({ send: 'replicate', after: 'nope' });
    const alone = run([orphan, mark({ send: 'replicate', after: 'own', id: 'own' })]);
    expect(fired(alone)).toHaveLength(0);
    expect(alone.untriggered).toHaveLength(2);
  });

  it('is deterministic', () => {
    const faults = [mark({ receive: 'ack', node: 'n1', id: 'x' }), { atUs: 0, kind: 'crash', target: 'trigger', forUs: ms(100), when: { send: 'replicate', node: 'n1', after: 'x', nth: 2 } } as FaultStep];
    expect(run(faults).traceHash).toBe(run(faults).traceHash);
  });
});

describe('ordered triggers in scenario files', () => {
  addTestProtocols([registerProtocol]);
  const scenario = {
    protocol: 'register', description: 'cut n1 off n3 once n2 acknowledged twice', seed: 3, duration: '2s', liveness: false,
    steps: [
      { when: { receive: 'ack', node: 'n1', from: 'n2', nth: 2, id: 'acked' }, kind: 'partition-one-way', from: 'n1', to: 'n3', for: '200ms' },
      { when: { send: 'replicate', node: 'n1', to: 'n2', after: 'acked' }, kind: 'crash', target: 'trigger-peer', for: '300ms' },
    ],
    expect: [{ verdict: 'pass' }],
  };

  it('validate, run, and round-trip through stepToJson to the same trace hash', () => {
    const s = validateScenario('t.json', scenario);
    const a = runScenario(s).result;
    expect(a.untriggered).toEqual([]);
    const back = validateScenario('back.json', { ...scenario, steps: s.steps.map(toFaultStep).map(stepToJson) });
    expect(JSON.stringify(back.steps.map(toFaultStep))).toContain('"after":"acked"');
    expect(runScenario(back).result.traceHash).toBe(a.traceHash);
  });

  it('name a bad "id" or "after"', () => {
    const bad = (when: unknown) => () => validateScenario('bad.json', { ...scenario, steps: [{ when, kind: 'heal' }] });
    expect(bad({ send: 'x', id: 'a', after: 'a' })).toThrow(/steps\[0\]\.when\.after: expected .*own "id"/);
    expect(bad({ send: 'x', after: '' })).toThrow(/steps\[0\]\.when\.after/);
    // A typo in "after" would leave its step silently never armed: the file is refused, naming the field and the ids.
    expect(() => validateScenario('typo.json', { ...scenario, steps: [scenario.steps[0], { ...scenario.steps[1], when: { ...scenario.steps[1]!.when, after: 'ackd' } }] }))
      .toThrow(/typo\.json: steps\[1\]\.when\.after: expected an "id" another step's "when" carries \(ids: "acked"\), found "ackd"/);
  });

  it('a shrunk plan drops the steps waiting for an id no kept step carries (never armed, so the same run), transitively', () => {
    const steps = [mark({ send: 'replicate', after: 'gone', id: 'mid' }), mark({ send: 'replicate', after: 'mid' }), mark({ receive: 'ack', id: 'kept' }), mark({ send: 'replicate', after: 'kept' })];
    const kept = withoutDangling(steps);
    expect(kept).toEqual([steps[2], steps[3]]);
    expect(run([...kept]).traceHash).toBe(run(steps).traceHash);
    expect(withoutDangling(kept)).toBe(kept);
  });
});

describe('guided mutants of ordered plans', () => {
  it('keep every "after" bound to an id of the plan (a redrawn trigger keeps its id and after), and run', () => {
    const p = registerProtocol;
    const nodes = p.nodes({ ...p.defaultOptions, ...p.faultBudget.fuzzOptions });
    const parent = { kinds: ['crash', 'heal'], steps: [
      mark({ receive: 'ack', node: 'n1', nth: 2, id: 'a' }),
      { atUs: 0, kind: 'crash', target: 'trigger-peer', forUs: ms(100), when: { send: 'replicate', node: 'n1', after: 'a' } } as FaultStep,
    ] };
    const prng = new Prng(3, 'order-mutants');
    let kept = 0;
    let dropped = 0;
    for (let i = 0; i < 300; i++) {
      const m = mutatePlan(parent, { nodes, budget: p.faultBudget, other: null, messageTypes: ['replicate', 'ack'] }, prng);
      const ids = m.steps.flatMap((s) => (s.when?.id !== undefined ? [s.when.id] : []));
      for (const s of m.steps) if (s.when?.after !== undefined) expect(ids, JSON.stringify(m.steps)).toContain(s.when.after);
      if (m.steps.some((s) => s.when?.after === 'a')) kept++;
      else if (m.steps.some((s) => s.kind === 'crash' && s.when !== undefined && s.when.id === undefined)) dropped++;
      if (i < 20) expect(() => run([...m.steps])).not.toThrow();
    }
    // Most mutants keep the order; some dropped the named step, and the dependent step then lost its "after".
    expect(kept).toBeGreaterThan(150);
    expect(dropped).toBeGreaterThan(0);
  });
});
