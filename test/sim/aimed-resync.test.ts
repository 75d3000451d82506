// The aimed resync pair (sim/aimed-resync.ts): one plan in three gets it, from its own stream (the rest of the plan is
// the one drawn without it); it aims at the heaviest messages, and in a run the receiver's crash comes only after the
// sender's and only once the down budget lets it (its next append after the sender is back).
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, recordCatalog, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { RESYNC_ONE_IN, drawResyncPair } from '../../sim/aimed-resync.ts';
import { registerProtocol } from '../support/register.ts';

const nodes = [{ id: 'n1', kind: 'server' }, { id: 'n2', kind: 'server' }, { id: 'n3', kind: 'server' }, { id: 'c1', kind: 'client' }] as unknown as NodeSpec[];
const catalog: CrashPointCatalog = {
  disk: [
    { node: 'n1', roles: ['leader'], op: 'append', file: 'log', count: 400 },
    { node: 'n2', roles: ['follower'], op: 'append', file: 'log', count: 300 },
    { node: 'n2', roles: ['follower'], op: 'replace', file: 'snapshot', count: 2 },
    { node: 'c1', roles: [], op: 'append', file: 'cache', count: 2 },
  ],
  sent: [{ node: 'n1', roles: ['leader'], type: 'accept', count: 600 }],
  received: [
    // A sync that shipped 40 kB, seen late at 1.5 s; pings; a client's receive (never aimed at: not crashable).
    { node: 'n2', roles: ['follower'], type: 'sync', count: 2, bytes: 40_000, lateUs: [1_200_000, 1_500_000], heavyLateUs: 1_500_000 },
    { node: 'n2', roles: ['follower'], type: 'ping', count: 500, bytes: 20 },
    { node: 'n3', roles: ['follower'], type: 'ping', count: 500, bytes: 20 },
    { node: 'c1', roles: [], type: 'reply', count: 30, bytes: 900_000 },
  ],
  roleEntries: [{ role: 'leader', node: 'n1', count: 1 }],
};
const pts = { received: catalog.received, written: catalog.disk.filter((p) => p.op === 'append' || p.op === 'replace'), crashable: new Set(['n1', 'n2', 'n3']) };
const SEEDS = Array.from({ length: 600 }, (_, i) => i + 1);

describe('resync pair: the draw', () => {
  const pairs = SEEDS.map((seed) => drawResyncPair(seed, pts, seconds(3), 'r'));

  it('one plan in three; the sender crashes as the receiver handles a heavy message, the receiver at its next appends', () => {
    const drawn = pairs.filter((p) => p.length > 0);
    expect(Math.abs(drawn.length - SEEDS.length / RESYNC_ONE_IN)).toBeLessThan(40);
    for (const [first, second] of drawn) {
      expect(first!.kind === 'crash' && first!.target).toBe('trigger-peer');
      expect(second!.kind === 'crash' && second!.target).toBe('trigger');
      const w = first!.when as { receive: string; node: string; edge: string; id: string };
      expect([w.node, w.edge, w.id]).toEqual([w.receive === 'ping' ? w.node : 'n2', 'after', 'r']);
      expect(second!.when).toMatchObject({ disk: 'append', node: w.node, file: 'log', edge: 'after', after: 'r' });
    }
    // Weighted by payload: the 40 kB sync is almost always the aim, and armed at its heaviest late match 3 times in 4.
    const syncs = drawn.filter(([f]) => (f!.when as { receive: string }).receive === 'sync');
    expect(syncs.length).toBeGreaterThan(drawn.length * 0.95);
    expect(syncs.filter(([f]) => f!.atUs === 1_500_000).length).toBeGreaterThan(syncs.length * 0.6);
  });

  it('none without a crashable receiver that appends to a log', () => {
    const noLog = { ...pts, written: pts.written.filter((w) => w.op !== 'append') };
    expect(SEEDS.some((seed) => drawResyncPair(seed, noLog, seconds(3), 'r').length > 0)).toBe(false);
  });

  it('in fuzz plans: the pair counts first against the cap of three crashes; without crashes allowed, none', () => {
    const budget = (kinds: readonly FaultKind[]): FaultBudget => ({ maxDownNodes: 1, crashableKinds: ['server'], kinds, fuzzFaultPhaseUs: seconds(3), fuzzStepsMax: 8 });
    const plans = SEEDS.map((seed) => drawAimedSteps(seed, catalog, nodes, budget(['crash', 'pause', 'partition'])));
    const withPair = plans.filter((p) => p.kinds.includes('resync-crash-pair'));
    expect(withPair.length).toBe(pairs.filter((p) => p.length > 0).length);
    for (const p of withPair) {
      expect(p.steps.filter((s) => s.kind === 'crash' || s.kind === 'pause').length).toBeLessThanOrEqual(3);
      expect(p.steps.slice(-2).map((s) => s.when?.id ?? s.when?.after)).toEqual(['resync', 'resync']);
    }
    const noCrash = SEEDS.map((seed) => drawAimedSteps(seed, catalog, nodes, budget(['pause', 'partition'])));
    expect(noCrash.some((p) => p.kinds.includes('resync-crash-pair'))).toBe(false);
  });
});

describe('resync pair: in a run', () => {
  const opts = { ...registerProtocol.defaultOptions };
  const cat = recordCatalog({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faultPhaseUs: seconds(3) });
  const runPts = { received: cat.received, written: cat.disk.filter((p) => p.op === 'append' || p.op === 'replace'), crashable: new Set(['n1', 'n2', 'n3']) };

  it('the receiver goes down only after the sender, at an append once the sender is back (one node down at most)', () => {
    let checked = 0;
    let followed = 0;
    for (let seed = 1; checked < 3 && seed < 60; seed++) {
      const pair: FaultStep[] = drawResyncPair(seed, runPts, seconds(3), 'r');
      if (pair.length === 0 || pair[0]!.atUs !== 0) continue;
      checked++;
      const r = runSimulation({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faults: pair, downBudget: { maxDownNodes: 1 }, faultPhaseUs: seconds(3), traceRingSize: 50_000 });
      const notes = r.trace.filter((t) => t.kind === 'fault');
      const receiver = (pair[0]!.when as { node: string }).node;
      const firstFired = notes.findIndex((t) => t.detail.includes('id=r'));
      const crashes = notes.filter((t) => /^crash \(/.test(t.detail));
      const restarts = notes.filter((t) => t.detail.startsWith('restart'));
      expect(firstFired).toBeGreaterThanOrEqual(0);
      expect(crashes[0]!.detail).not.toContain(receiver);
      if (crashes.length > 1) {
        followed++;
        expect(crashes[1]!.detail).toContain(receiver);
        expect(crashes[1]!.atUs).toBeGreaterThanOrEqual(restarts[0]!.atUs);
        const appendAt = r.trace.find((t) => t.kind === 'disk-done' && t.node === receiver && t.atUs === crashes[1]!.atUs && t.detail.startsWith('append'));
        expect(appendAt).toBeDefined();
      }
    }
    expect(checked).toBe(3);
    expect(followed).toBeGreaterThan(0);
  });
});
