// The aimed burst split (sim/aimed-split.ts) and the bursts the catalog notes for it (sim/aimed-bursts.ts): a receiver
// cut off the moment it handled the head of a late burst, one plan in three (own stream), only with partitions allowed.
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { BurstFacts } from '../../sim/aimed-bursts.ts';
import { SPLIT_KIND, SPLIT_ONE_IN, SPLIT_TAIL_MIN, drawSplit } from '../../sim/aimed-split.ts';

describe('bursts in the catalog', () => {
  it('a late head followed in the same instant by more from the same sender; the longest tail per point, early ones ignored', () => {
    const b = new BurstFacts();
    // Early burst (before the first fault): not noted.
    b.delivered('n2|sync', 'n1>n2', 100, 150, false);
    b.delivered('n2|data', 'n1>n2', 100, 160, false);
    // Late: a head with one follower, then a head with three (another link's message in between does not end it).
    b.delivered('n2|sync', 'n1>n2', 5_000, 5_100, true);
    b.delivered('n2|data', 'n1>n2', 5_000, 5_120, true);
    b.delivered('n2|sync', 'n1>n2', 9_000, 9_200, true);
    b.delivered('n3|ping', 'n1>n3', 9_000, 9_210, true);
    b.delivered('n2|data', 'n1>n2', 9_000, 9_220, true);
    b.delivered('n2|data', 'n1>n2', 9_000, 9_230, true);
    b.delivered('n2|data', 'n1>n2', 9_000, 9_240, true);
    // A lone message (nothing follows in its instant): no burst.
    b.delivered('n1|ack', 'n2>n1', 9_300, 9_400, true);
    const out = b.receivedFields();
    expect([...out]).toEqual([['n2|sync', { burst: 3, burstLateUs: 9_200 }]]);
  });
});

const P = seconds(10);
const SEEDS = Array.from({ length: 600 }, (_, i) => i + 1);
const catalog: CrashPointCatalog = {
  disk: [],
  sent: [{ node: 'n1', roles: ['leader'], type: 'sync', count: 4 }],
  received: [
    { node: 'n2', roles: [], type: 'sync', count: 2, burst: 5, burstLateUs: 4_000_000 },
    { node: 'n3', roles: [], type: 'sync', count: 2, burst: 2, burstLateUs: 6_000_000 },
    // Too short a tail (a proposal and its commit): never aimed at.
    { node: 'n2', roles: [], type: 'proposal', count: 40, burst: 1, burstLateUs: 3_000_000 },
    { node: 'n3', roles: [], type: 'ping', count: 90 },
  ],
  roleEntries: [],
};

describe('the split: the draw', () => {
  const splits = SEEDS.map((seed) => drawSplit(seed, catalog.received, P)).filter((s) => s.length > 0);

  it('one plan in three; the receiver of a long enough late burst cut off alone after handling its head, for a window', () => {
    expect(SPLIT_TAIL_MIN).toBe(2);
    expect(Math.abs(splits.length - SEEDS.length / SPLIT_ONE_IN)).toBeLessThan(40);
    const at = new Map<string, number>();
    for (const [s, ...rest] of splits) {
      expect(rest).toEqual([]);
      const w = s!.when as { receive: string; node: string; nth: number; edge: string };
      expect([s!.kind, s!.kind === 'partition' && s!.groups, w.receive, w.nth, w.edge]).toEqual(['partition', [['trigger'], ['rest']], 'sync', 1, 'after']);
      expect(s!.atUs).toBe(w.node === 'n2' ? 4_000_000 : 6_000_000);
      const forUs = s!.kind === 'partition' ? s!.forUs! : -1;
      expect(forUs >= P / 20 && forUs <= P / 3).toBe(true);
      at.set(w.node, (at.get(w.node) ?? 0) + 1);
    }
    // Weighted by tail length: n2's five-message tail is drawn about 5/7 of the time.
    expect(at.get('n2')!).toBeGreaterThan(at.get('n3')! * 1.5);
  });

  it('none without a late burst long enough', () => {
    const short = catalog.received.filter((r) => r.type !== 'sync');
    expect(SEEDS.every((seed) => drawSplit(seed, short, P).length === 0)).toBe(true);
  });

  it('in fuzz plans (kind named) only when partitions are allowed; the rest of the plan is the one it was', () => {
    const nodes = ['n1', 'n2', 'n3'].map((id) => ({ id, kind: 'server' })) as unknown as NodeSpec[];
    const budget = (kinds: FaultKind[]): FaultBudget => ({ maxDownNodes: 1, kinds, fuzzFaultPhaseUs: P, fuzzStepsMax: 8 });
    const plans = SEEDS.map((seed) => drawAimedSteps(seed, catalog, nodes, budget(['crash', 'partition'])));
    expect(plans.filter((p) => p.kinds.includes(SPLIT_KIND)).length).toBe(splits.length);
    const noBursts = { ...catalog, received: catalog.received.map(({ burst: _b, burstLateUs: _l, ...r }) => r) };
    SEEDS.forEach((seed, i) => {
      const without = drawAimedSteps(seed, noBursts, nodes, budget(['crash', 'partition']));
      const split = drawSplit(seed, catalog.received, P);
      expect(plans[i]!.steps).toEqual([...without.steps, ...split]);
    });
    expect(SEEDS.some((seed) => drawAimedSteps(seed, catalog, nodes, budget(['crash'])).kinds.includes(SPLIT_KIND))).toBe(false);
  });
});
