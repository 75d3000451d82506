// The shrinker keeps a failure's cause, not only its check name (scenarios/shrink-subject.ts, shrink-accept.ts): a
// candidate failing the same check about another node or entity is refused, and a failure judged after the heal keeps
// the liveness phase's client operations (moved with the heal when the fault phase shrinks). Both drifts are planted
// in tiny protocols below; paxosstore seed 2061372 drifted the second way (its steady reads after the heal dropped).
import { describe, expect, it } from 'vitest';
import type { LivenessPredicate, ProtocolModule, RunResult } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import { isSameFailure, withSubject } from '../../scenarios/shrink-accept.ts';
import { detailOf, subjectOf } from '../../scenarios/shrink-subject.ts';
import { shrinkScenario, withFaultPhase } from '../../scenarios/shrink.ts';
import { addTestProtocols } from '../../scenarios/registry.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { runScenario } from '../../scenarios/scenario.ts';
import { registerProtocol, type RegState } from '../support/register.ts';

type V = NonNullable<RunResult['violation']>;
const v = (kind: V['kind'], name: string, message: string, node: string | null = null): V => ({ kind, name, message, eventIndex: 1, atUs: 0, node: node as V['node'] });
const NODES = ['a1', 'a2', 'a3', 'agent'];
const lag = (who: string, chosen: number) => v('liveness', 'all-caught-up', `liveness not reached within 30s after heal: all-caught-up: ${who} committed 0 < cluster max chosen ${chosen}; tail-write-applied: e0: no tail write applied on any node`);

describe('the subject of a failure', () => {
  it('is the identifiers its check\'s own detail starts with, never its quantities', () => {
    expect(detailOf(lag('a1 e2', 23))).toBe('a1 e2 committed 0 < cluster max chosen 23');
    expect(subjectOf(lag('a1 e2', 23), NODES)).toBe('a1 e2');
    expect(subjectOf(lag('a1 e2', 1), NODES)).toBe('a1 e2');
    expect(subjectOf(v('liveness', 'tail-write-applied', 'liveness not reached within 30s after heal: all-caught-up: a3 e0 loading; tail-write-applied: e1: no tail write applied on any node'), NODES)).toBe('e1');
    expect(subjectOf(v('violation', 'txn-order', "n1's queued notification for n2 is not whole"), ['n1', 'n2'])).toBe('n1');
    expect(subjectOf(v('violation', 'one-vip', 'agent holds the VIP twice'), NODES)).toBe('agent');
    expect(subjectOf(v('violation', 'linearizability', 'not linearizable: client 3 at a2 read 5'), NODES)).toBe('');
    // A crash: its first line, and the node whose handler threw.
    expect(subjectOf(v('crash', 'exception', 'TypeError: x is undefined\n    at handle (a1.ts:3:4)', 'a2'), NODES)).toBe('node a2:');
    expect(subjectOf(null, NODES)).toBe('');
  });

  it('holds a candidate to the input\'s subject: the same check about another node or entity is another failure', () => {
    const held = withSubject({ verdict: 'liveness', name: 'all-caught-up' }, { violation: lag('a1 e2', 23) }, NODES);
    const result = (viol: V) => ({ verdict: viol.kind, violation: viol });
    expect(isSameFailure(result(lag('a1 e2', 5)), held)).toBe(true);
    expect(isSameFailure(result(lag('a3 e2', 23)), held)).toBe(false);
    expect(isSameFailure(result(lag('a1 e0', 23)), held)).toBe(false);
    // Without a subject (a target as the CLI builds it) only the verdict and name count, as before.
    expect(isSameFailure(result(lag('a3 e0', 23)), { verdict: 'liveness', name: 'all-caught-up' })).toBe(true);
    // A hazard target has no subject: it is a pass.
    expect(withSubject({ verdict: 'pass', name: null, anomaly: 'x' }, { violation: null }, NODES).subject).toBeUndefined();
  });
});

const n1Version = (view: Parameters<LivenessPredicate<RegState>['check']>[0]): number => view.node(nodeId('n1')).state?.version ?? 0;
/** Never met: blames n3 while n1's version is odd, n2 while it is even (the planted subject drift). */
const parity: LivenessPredicate<RegState> = { name: 'parity-lag', description: 'never met', check: (view) => `n${n1Version(view) % 2 === 1 ? 3 : 2} behind n1 at version ${n1Version(view)}` };
/** n1 reaches version 3: met only if three writes land. */
const third: LivenessPredicate<RegState> = { name: 'third-write', description: 'n1 reaches version 3', check: (view) => (n1Version(view) >= 3 ? null : `n1 at version ${n1Version(view)}`) };
const withLiveness = (name: string, l: LivenessPredicate<RegState>): ProtocolModule => ({
  ...(registerProtocol as unknown as ProtocolModule), name, description: 'test-only: one liveness predicate', invariants: [], liveness: [l as LivenessPredicate<unknown>], bugs: [],
});
const write = (at: string, value: number) => ({ at, target: 'n1', client: 0, op: { type: 'write', value } });
const budget = { runsMax: 400, timeBudgetMs: 60_000 };
const run = (s: Record<string, unknown>) => runScenario(validateScenario('shrunk', s)).result;
const PARITY = withLiveness('parity', parity);
const THIRD = withLiveness('third', third);

describe('shrinking keeps the cause', () => {
  addTestProtocols([PARITY, THIRD]);

  it('refuses a candidate failing the same check about another node (planted drift)', () => {
    const raw = { protocol: 'parity', description: 'test', seed: 5, duration: '1s', steps: [{ at: '800ms', kind: 'pause', target: 'n3', for: '50ms' }],
      workload: [write('100ms', 1), write('200ms', 2), write('300ms', 3)], expect: [{ verdict: 'pass' }] };
    expect(run(raw).violation?.message).toMatch(/parity-lag: n3 behind n1 at version 3/);
    // The drift the subject stops: with two writes (or none) the same check fails, about n2.
    const twoWrites = { ...raw, workload: raw.workload.slice(1) };
    expect(run(twoWrites).violation?.name).toBe('parity-lag');
    expect(run(twoWrites).violation?.message).toMatch(/n2 behind n1 at version 2/);

    const r = shrinkScenario(raw, PARITY, { verdict: 'liveness', name: 'parity-lag' }, budget);
    expect(r.isReproduced).toBe(true);
    expect(r.target.subject?.text).toBe('n3');
    expect(isSameFailure(run(twoWrites), r.target)).toBe(false);
    expect(isSameFailure(run(twoWrites), { verdict: 'liveness', name: 'parity-lag' })).toBe(true); // the name alone let it through
    // One write is the smallest run still blaming n3; the step goes too.
    expect(r.after).toMatchObject({ steps: 0, clientOps: 1 });
    expect(run(r.scenario).violation?.message).toMatch(/parity-lag: n3 behind n1 at version 1/);
    expect(r.final.violation?.message).toMatch(/n3 behind/);
  });

  it('keeps, and moves with the heal, the operations after the heal a liveness failure is judged on', () => {
    // One write in the fault phase, one 200 ms after the heal (the steady traffic after it). Without the late one the run
    // still fails third-write about n1 (the same subject), but nothing after the heal happens any more: the drift of
    // paxosstore seed 2061372, which only keeping that phase's operations stops.
    const raw = { protocol: 'third', description: 'test', seed: 5, duration: '2s', steps: [{ at: '600ms', kind: 'pause', target: 'n2', for: '100ms' }],
      workload: [write('100ms', 1), { at: '1s', target: 'n1', client: 1, op: { type: 'read' } }, write('2200ms', 2)], expect: [{ verdict: 'pass' }] };
    expect(run(raw).violation?.message).toMatch(/third-write: n1 at version 2$/);
    const r = shrinkScenario(raw, THIRD, { verdict: 'liveness', name: 'third-write' }, budget);
    expect(r.isReproduced).toBe(true);
    const s = validateScenario('shrunk', r.scenario);
    expect(s.duration).toBeLessThan(2_000_000);
    // The fault-phase operations went; the late write stayed, still 200 ms after the (earlier) heal.
    expect(r.scenario['workload']).toEqual([{ at: `${s.duration + 200_000}us`, target: 'n1', client: 0, op: { type: 'write', value: 2 } }]);
    const shrunk = run(r.scenario);
    expect(shrunk.violation?.message).toMatch(/third-write: n1 at version 1$/);
    expect(r.final.traceHash).toBe(shrunk.traceHash);
    // What the old shrinker kept instead (the fault phase cut, everything after it dropped) meets the subject rule too.
    const dropped = run({ ...r.scenario, workload: [] });
    expect(dropped.violation?.message).toMatch(/third-write: n1 at version 0$/);
    expect(isSameFailure(dropped, r.target)).toBe(true);
  });

  it('moves liveness-phase operations with the heal and drops fault-phase ones past the new end', () => {
    const op = (atUs: number) => ({ atUs, target: nodeId('n1'), client: 0, op: { type: 'read' } });
    const c = withFaultPhase({ steps: [], durationUs: 1_000, ops: [op(100), op(700), op(1_000), op(1_300)] }, 500);
    expect(c.durationUs).toBe(500);
    expect(c.ops.map((o) => o.atUs)).toEqual([100, 500, 800]);
  });
});
