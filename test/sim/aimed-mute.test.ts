// The mute burst (sim/aimed-mute.ts drawMuteBurst): one plan in three (own stream) of protocols that allow one-way
// cuts gets 3-5 quorum-then-mute shapes, one per slice of the fault phase; each cuts its node from a minority when it
// next appends to a log (or sends, without logs) and from the rest at its decision after that (`after`). In a run: in
// that order.
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, recordCatalog, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { MUTE_KIND, MUTE_ONE_IN, MUTE_SHAPES_MAX, MUTE_SHAPES_MIN, drawMuteBurst } from '../../sim/aimed-mute.ts';
import { registerProtocol } from '../support/register.ts';

const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];
const sendsOnly: CrashPointCatalog = {
  disk: [],
  sent: NODES.map((node) => ({ node, roles: [], type: 'accept', count: 40 })),
  received: NODES.map((node) => ({ node, roles: [], type: 'accept', count: 40 })),
  roleEntries: [],
};
const withLogs: CrashPointCatalog = { ...sendsOnly, disk: NODES.map((node) => ({ node, roles: [], op: 'append' as const, file: 'log', count: 20 })) };
const P = seconds(3);
const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);
type Cut = Extract<FaultStep, { kind: 'partition-one-way' }>;
type W = Record<string, unknown>;

describe('mute burst: the draw', () => {
  for (const [name, catalog] of [['sends only', sendsOnly], ['appended logs', withLogs]] as const) {
    it(`${name}: one plan in three, 3-5 shapes; each cuts a minority at the round's start and a bare majority at the decision`, () => {
      const bursts = SEEDS.map((seed) => drawMuteBurst(seed, catalog, { phaseUs: P })).filter((b) => b.length > 0);
      expect(Math.abs(bursts.length - SEEDS.length / MUTE_ONE_IN)).toBeLessThan(25);
      for (const steps of bursts) {
        const cuts = steps as Cut[];
        const ids = [...new Set(cuts.map((c) => ((c.when as unknown as W).id ?? (c.when as unknown as W).after) as string))];
        expect(ids.length >= MUTE_SHAPES_MIN && ids.length <= MUTE_SHAPES_MAX).toBe(true);
        for (const [i, id] of ids.entries()) {
          const opens = cuts.filter((c) => (c.when as unknown as W).id === id);
          const mutes = cuts.filter((c) => (c.when as unknown as W).after === id);
          const x = opens[0]!.from;
          // Five talkers: X, Y and one more hear the round (a bare majority), two do not; the three are muted later.
          expect([opens.length, mutes.length]).toEqual([2, 2]);
          expect(new Set([x, ...opens.map((c) => c.to), ...mutes.map((c) => c.to)]).size).toBe(5);
          for (const c of [...opens, ...mutes]) expect([c.from, c.atUs >= (i * P) / ids.length - 1, c.atUs < ((i + 1) * P) / ids.length]).toEqual([x, true, true]);
          const o = opens[0]!.when as unknown as W;
          const m = mutes[0]!.when as unknown as W;
          if (catalog === withLogs) expect([o.disk, o.edge, o.node, m.nth]).toEqual(['append', 'before', x, 3]);
          else expect([o.send, o.nth, m.nth]).toEqual(['accept', 1, 2]);
          expect(m.node).toBe(x);
          expect(opens[0]!.forUs!).toBeGreaterThan(mutes[0]!.forUs!);
          expect(mutes[0]!.forUs! >= P / 30 && mutes[0]!.forUs! <= P / 10).toBe(true);
        }
      }
    });
  }

  it('in fuzz plans (own stream: the rest of the plan unchanged) only when one-way cuts are allowed', () => {
    const nodes = NODES.map((id) => ({ id, kind: 'server' })) as unknown as NodeSpec[];
    const budget = (kinds: FaultKind[]): FaultBudget => ({ maxDownNodes: 1, kinds, fuzzFaultPhaseUs: P, fuzzStepsMax: 8 });
    const bursts = SEEDS.filter((seed) => drawMuteBurst(seed, withLogs, { phaseUs: P }).length > 0).length;
    expect(SEEDS.filter((seed) => drawAimedSteps(seed, withLogs, nodes, budget(['partition-one-way'])).kinds.includes(MUTE_KIND)).length).toBe(bursts);
    expect(SEEDS.filter((seed) => drawAimedSteps(seed, withLogs, nodes, budget(['partition', 'crash'])).kinds.includes(MUTE_KIND)).length).toBe(0);
  });
});

describe('mute burst: in a run', () => {
  const opts = { ...registerProtocol.defaultOptions, nodeCount: 5 };
  const cat = recordCatalog({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faultPhaseUs: P });

  it('each shape cuts the minority first and the majority only after it', () => {
    let fired = 0;
    for (let seed = 1; seed < 60 && fired < 3; seed++) {
      const steps = drawMuteBurst(seed, cat, { phaseUs: P });
      if (steps.length === 0) continue;
      const r = runSimulation({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faults: steps, faultPhaseUs: P, traceRingSize: 50_000 });
      const notes = r.trace.filter((t) => t.kind === 'fault' && t.detail.startsWith('trigger fired'));
      for (let i = 1; i <= MUTE_SHAPES_MAX; i++) {
        const first = notes.find((t) => t.detail.includes(`id=mute-${i} `));
        const later = notes.find((t) => t.detail.includes(`after=mute-${i} `));
        if (later === undefined) continue;
        expect(first).toBeDefined();
        expect(later.event).toBeGreaterThan(first!.event);
        fired++;
      }
    }
    expect(fired).toBeGreaterThanOrEqual(3);
  });
});
