// Coverage keys and "sometimes" marks collected by the run loop (sim/coverage.ts).
import { describe, expect, it } from 'vitest';
import { runSimulation, seconds } from '../../sim/testing.ts';
import type { ProtocolModule } from '../../sim/index.ts';
import { registerProtocol, type RegState } from '../support/register.ts';

const covered: ProtocolModule<RegState> = {
  ...registerProtocol,
  // Which node, and whether it has a value yet: at most 2 keys per node.
  coverageKey: (n) => (n.state === undefined ? null : `${n.id}|${n.state.version > 0 ? 'written' : 'empty'}`),
  marks: [
    { name: 'some-write', description: 'a node holds a written value', check: (v) => v.nodes.some((n) => (n.state?.version ?? 0) > 0) },
    { name: 'never', description: 'a node holds version -1 (cannot happen)', check: (v) => v.nodes.some((n) => (n.state?.version ?? 0) < 0) },
  ],
};

describe('kernel: coverage keys and marks', () => {
  it('collects the distinct keys of every node, sorted', () => {
    const r = runSimulation({ protocol: covered, seed: 3, faultPhaseUs: seconds(2) });
    expect(r.coverage).not.toBeNull();
    const nodes = registerProtocol.nodes(registerProtocol.defaultOptions).map((n) => n.id);
    for (const id of nodes) expect(r.coverage!.keys).toContain(`${id}|empty`);
    expect(r.coverage!.keys.some((k) => k.endsWith('|written'))).toBe(true);
    expect([...r.coverage!.keys].sort()).toEqual(r.coverage!.keys);
    expect(new Set(r.coverage!.keys).size).toBe(r.coverage!.keys.length);
  });

  it('records the first event at which each mark held, and null for marks never reached', () => {
    const r = runSimulation({ protocol: covered, seed: 3, faultPhaseUs: seconds(2) });
    const hit = r.coverage!.marks['some-write'];
    expect(hit).not.toBeNull();
    expect(hit!.eventIndex).toBeGreaterThan(0);
    expect(hit!.eventIndex).toBeLessThan(r.events);
    expect(r.coverage!.marks.never).toBeNull();
    // The first hit is the first event after which the predicate held: a run stopped just before it has no hit.
    const before = runSimulation({ protocol: covered, seed: 3, faultPhaseUs: seconds(2), stopAfterEvent: hit!.eventIndex - 1 });
    expect(before.coverage!.marks['some-write']).toBeNull();
  });

  it('is the same for the same seed, and absent for protocols that declare no coverage', () => {
    const a = runSimulation({ protocol: covered, seed: 5, faultPhaseUs: seconds(2) });
    const b = runSimulation({ protocol: covered, seed: 5, faultPhaseUs: seconds(2) });
    expect(a.coverage).toEqual(b.coverage);
    expect(a.traceHash).toBe(b.traceHash);
    expect(runSimulation({ protocol: registerProtocol, seed: 5, faultPhaseUs: seconds(2) }).coverage).toBeNull();
  });
});
