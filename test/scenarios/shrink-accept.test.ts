// The shrinker's acceptance rule (scenarios/shrink-accept.ts): same verdict and violation name, and a control run that
// still passes. The real-run cases use a tiny protocol whose violation comes at the 2nd write and whose liveness needs a
// 3rd: the shape of paxosstore seed 886244, where the shrunk plan lost the traffic liveness needed after the fix.
import { describe, expect, it } from 'vitest';
import type { Invariant, LivenessPredicate, ProtocolModule, RunResult } from '../../sim/index.ts';
import { nodeId } from '../../sim/index.ts';
import { acceptCandidate, controlFor, isControlHeld, isSameFailure } from '../../scenarios/shrink-accept.ts';
import { shrinkScenario } from '../../scenarios/shrink.ts';
import { addTestProtocols } from '../../scenarios/registry.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { cleanVariant, runScenario } from '../../scenarios/scenario.ts';
import { registerProtocol, type RegState } from '../support/register.ts';

const violation = (name: string): Pick<RunResult, 'verdict' | 'violation'> => ({ verdict: 'violation', violation: { kind: 'violation', name, message: '', eventIndex: 1, atUs: 0, node: null } });
const passed: Pick<RunResult, 'verdict' | 'violation'> = { verdict: 'pass', violation: null };
const liveness: Pick<RunResult, 'verdict' | 'violation'> = { verdict: 'liveness', violation: { kind: 'liveness', name: 'all-caught-up', message: '', eventIndex: 1, atUs: 0, node: null } };

describe('acceptance rule', () => {
  const target = { verdict: 'violation' as const, name: 'one-chosen-value' };

  it('a different violation name or verdict is a different failure', () => {
    expect(isSameFailure(violation('one-chosen-value'), target)).toBe(true);
    expect(isSameFailure(violation('progress-ordered'), target)).toBe(false);
    expect(isSameFailure(liveness, target)).toBe(false);
    expect(isSameFailure(passed, target)).toBe(false);
  });

  it('picks bug flags off for a bug-flag failure, checks off for a clean safety violation, none otherwise', () => {
    expect(controlFor(target, ['p/x'])?.overrides).toEqual({ bugs: [] });
    expect(controlFor(target, [])?.overrides).toEqual({ checkInvariants: false, checkLinearizability: false });
    expect(controlFor({ verdict: 'liveness', name: 'all-caught-up' }, [])).toBeNull();
    expect(controlFor({ verdict: 'crash', name: 'exception' }, [])).toBeNull();
    expect(isControlHeld(passed)).toBe(true);
    expect(isControlHeld(liveness)).toBe(false);
  });

  it('keeps a candidate only when it fails the same way AND its control passes', () => {
    const control = controlFor(target, [])!;
    const runs = (main: Pick<RunResult, 'verdict' | 'violation'>, ctl: Pick<RunResult, 'verdict' | 'violation'>) => (ov: object) => (Object.keys(ov).length === 0 ? main : ctl);
    expect(acceptCandidate(runs(violation('one-chosen-value'), passed), target, control)).toBe(true);
    // 886244's slip: the same violation, but with the violation out of the way the run no longer reaches liveness.
    expect(acceptCandidate(runs(violation('one-chosen-value'), liveness), target, control)).toBe(false);
    expect(acceptCandidate(runs(violation('linearizability'), passed), target, control)).toBe(false);
    expect(acceptCandidate(runs(violation('one-chosen-value'), liveness), target, null)).toBe(true);
  });
});

/** Breaks at n1's 2nd write (always, or only with the gate/early flag); liveness wants a 3rd write. */
function gateProtocol(name: string, isAlways: boolean): ProtocolModule {
  const n1 = (v: Parameters<Invariant<RegState>['check']>[0]) => v.node(nodeId('n1')).state;
  const early: Invariant<RegState> = {
    name: 'no-second-write', description: 'n1 never reaches version 2 while gated',
    check: (v) => ((isAlways || (n1(v) as { isGated?: boolean } | undefined)?.isGated) && (n1(v)?.version ?? 0) >= 2 ? 'n1 reached version 2' : null),
  };
  const third: LivenessPredicate<RegState> = { name: 'third-write', description: 'n1 reaches version 3', check: (v) => ((n1(v)?.version ?? 3) >= 3 ? null : `n1 at version ${n1(v)?.version}`) };
  const base = registerProtocol.actor;
  return {
    ...(registerProtocol as unknown as ProtocolModule), name, description: 'test-only: violation at the 2nd write, liveness at the 3rd',
    actor: { ...base, boot: (node, disk, ctx, opts, bugs) => ({ ...base.boot(node, disk, ctx, opts, bugs), isGated: bugs.has('gate/early') }) } as ProtocolModule['actor'],
    invariants: [early as Invariant<unknown>], liveness: [third as LivenessPredicate<unknown>],
    bugs: [{ id: 'gate/early', description: 'n1 may not reach version 2', breaks: 'no-second-write' }],
  };
}

const write = (atMs: number, value: number) => ({ at: `${atMs}ms`, target: 'n1', client: 0, op: { type: 'write', value } });
const scenarioOf = (protocol: string, bugs: string[]) => ({
  protocol, description: 'test: gate', seed: 3, duration: '2s', bugs,
  steps: [{ at: '1500ms', kind: 'pause', target: 'n3', for: '100ms' }],
  workload: [write(100, 1), write(300, 2), write(600, 3), { at: '700ms', target: 'n1', client: 1, op: { type: 'read' } }, write(900, 4)],
  expect: [{ verdict: 'pass' }],
});
const writesIn = (s: Record<string, unknown>): number => (s['workload'] as { op: { type: string } }[]).filter((o) => o.op.type === 'write').length;
const budget = { runsMax: 500, timeBudgetMs: 60_000 };

describe('shrinking with the control run', () => {
  addTestProtocols([gateProtocol('gate', false), gateProtocol('gate-always', true)]);

  it('a bug-flag failure keeps the write liveness needs once the flag is off, and its clean variant passes', () => {
    const raw = scenarioOf('gate', ['gate/early']);
    const r = shrinkScenario(raw, gateProtocol('gate', false), { verdict: 'violation', name: 'no-second-write' }, budget);
    expect(r.isReproduced).toBe(true);
    expect(r.control?.kind).toBe('bugs-off');
    // Two writes are enough for the violation; the third is kept because the control needs it.
    expect(writesIn(r.scenario)).toBe(3);
    expect(r.after.steps).toBe(0);
    const s = validateScenario('shrunk', r.scenario);
    const run = runScenario(s).result;
    expect(run.violation?.name).toBe('no-second-write');
    expect(run.traceHash).toBe(r.final.traceHash);
    expect(runScenario(cleanVariant(s)).result.verdict).toBe('pass');
    // Without the third write it still fails the same way, but the control does not pass: that candidate was refused.
    const ops = r.scenario['workload'] as { op: { type: string } }[];
    const lastWrite = ops.map((o) => o.op.type).lastIndexOf('write');
    const dropped = validateScenario('dropped', { ...r.scenario, workload: ops.filter((_, i) => i !== lastWrite) });
    expect(runScenario(dropped).result.violation?.name).toBe('no-second-write');
    expect(runScenario(cleanVariant(dropped)).result.verdict).toBe('liveness');
  });

  it('a clean safety violation is held to the same run with safety checks off', () => {
    const r = shrinkScenario(scenarioOf('gate-always', []), gateProtocol('gate-always', true), { verdict: 'violation', name: 'no-second-write' }, budget);
    expect(r.control?.kind).toBe('checks-off');
    expect(writesIn(r.scenario)).toBe(3);
    expect(runScenario(validateScenario('shrunk', r.scenario)).result.violation?.name).toBe('no-second-write');
  });

  it('says so, and holds no candidate to a control the original fails too', () => {
    const raw = { ...scenarioOf('gate', ['gate/early']), workload: [write(100, 1), write(300, 2)] };
    const r = shrinkScenario(raw, gateProtocol('gate', false), { verdict: 'violation', name: 'no-second-write' }, budget);
    expect(r.control).toBeNull();
    expect(r.controlNote).toMatch(/with the bug flags off does not pass either \(liveness \(third-write\)\)/);
    expect(writesIn(r.scenario)).toBe(2);
  });

  it('reports an input that no longer fails the same way instead of shrinking it', () => {
    const r = shrinkScenario(scenarioOf('gate', []), gateProtocol('gate', false), { verdict: 'violation', name: 'no-second-write' }, budget);
    expect(r.isReproduced).toBe(false);
    expect(r.final.verdict).toBe('pass');
  });
});
