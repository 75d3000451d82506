// The aimed durable-damage chain (sim/aimed-damage.ts): anchored at a node's fsync of a log, that node alone with one
// peer for a few ms, then (only after the fsync fired) the peer's next receive from it damages the log's last record,
// crashes the writer and cuts the peer off. One plan in four (own stream), only when disk damage is allowed.
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { DURABLE_KIND, DURABLE_ONE_IN, drawDurableDamage, durableAnchors } from '../../sim/aimed-damage.ts';

const P = seconds(3);
const SEEDS = Array.from({ length: 600 }, (_, i) => i + 1);
const catalog: CrashPointCatalog = {
  disk: [
    { node: 'n1', roles: [], op: 'append', file: 'log', count: 50 },
    { node: 'n1', roles: [], op: 'fsync', file: 'log', count: 50 },
    // Replaced and fsync'd (no log): never an anchor.
    { node: 'n1', roles: [], op: 'replace', file: 'meta', count: 3 },
    { node: 'n1', roles: [], op: 'fsync', file: 'meta', count: 3 },
    { node: 'n2', roles: [], op: 'append', file: 'log', count: 40 },
    { node: 'n2', roles: [], op: 'fsync', file: 'log', count: 40 },
  ],
  sent: [{ node: 'n1', roles: [], type: 'accept', count: 100 }, { node: 'n2', roles: [], type: 'reply', count: 50 }],
  received: [
    { node: 'n2', roles: [], type: 'accept', count: 50 }, { node: 'n3', roles: [], type: 'accept', count: 50 },
    { node: 'n1', roles: [], type: 'reply', count: 50 },
  ],
  roleEntries: [],
};
const pts = { disk: catalog.disk, written: catalog.disk.filter((d) => d.op === 'append' || d.op === 'replace'), sent: catalog.sent, received: catalog.received };
const ALL = new Set<FaultKind>(['crash', 'partition', 'disk-corrupt']);

describe('durable damage: the draw', () => {
  const chains = SEEDS.map((seed) => drawDurableDamage(seed, pts, P, ALL)).filter((c) => c.length > 0);

  it('anchors: fsyncs of a log (appended) by a node that sends to a peer', () => {
    expect(durableAnchors(pts).map((d) => `${d.node} ${d.file}`)).toEqual(['n1 log', 'n2 log']);
  });

  it('one plan in four: Y alone with X at its fsync, then at X\'s next receive from Y: damage, crash Y, X cut off', () => {
    expect(Math.abs(chains.length - SEEDS.length / DURABLE_ONE_IN)).toBeLessThan(40);
    for (const [pair, damage, crash, alone] of chains) {
      const w = pair!.when as { disk: string; node: string; file: string; edge: string; id: string };
      const y = w.node;
      expect([w.disk, w.file, w.edge]).toEqual(['fsync', 'log', 'after']);
      const x = pair!.kind === 'partition' ? pair!.groups[0]![1]! : '';
      expect(pair!.kind === 'partition' && pair!.groups).toEqual([['trigger', x], ['rest']]);
      // X is a node that received what Y sends: n1's accepts reach n2 or n3; n2's replies reach n1.
      expect(y === 'n1' ? ['n2', 'n3'] : ['n1']).toContain(x);
      const forUs = pair!.kind === 'partition' ? pair!.forUs! : -1;
      expect(forUs >= P / 3000 && forUs <= P / 750).toBe(true);
      const handled = { receive: '*', node: x, from: y, nth: 1, edge: 'after', after: w.id };
      for (const st of [damage, crash, alone]) expect([st!.when, st!.atUs]).toEqual([handled, pair!.atUs]);
      expect(damage).toMatchObject({ kind: 'disk-corrupt', target: 'trigger-peer', file: 'log', record: 'last' });
      expect(crash).toMatchObject({ kind: 'crash', target: 'trigger-peer', mode: 'process' });
      expect(alone!.kind === 'partition' && alone!.groups).toEqual([['trigger'], ['rest']]);
    }
  });

  it('none without disk damage; without crashes or partitions, only the steps the protocol allows', () => {
    expect(SEEDS.some((seed) => drawDurableDamage(seed, pts, P, new Set(['crash', 'partition'])).length > 0)).toBe(false);
    const noCut = SEEDS.map((seed) => drawDurableDamage(seed, pts, P, new Set(['crash', 'disk-corrupt']))).filter((c) => c.length > 0);
    expect(noCut.length).toBe(chains.length);
    for (const c of noCut) expect(c.map((st) => st.kind)).toEqual(['disk-corrupt', 'crash']);
  });
});

describe('durable damage in fuzz plans', () => {
  const nodes = ['n1', 'n2', 'n3'].map((id) => ({ id, kind: 'server' })) as unknown as NodeSpec[];
  const budget = (kinds: FaultKind[]): FaultBudget => ({ maxDownNodes: 1, kinds, fuzzFaultPhaseUs: P, fuzzStepsMax: 8 });
  const isDown = (st: FaultStep): boolean => st.kind === 'crash' || st.kind === 'pause';

  it('named in the plan\'s kinds, appended after the other aimed steps, within three nodes down', () => {
    let named = 0;
    for (const seed of SEEDS) {
      const plan = drawAimedSteps(seed, catalog, nodes, budget(['crash', 'partition', 'disk-corrupt']));
      const chain = drawDurableDamage(seed, pts, P, ALL);
      if (plan.kinds.includes(DURABLE_KIND)) {
        named++;
        // The plan ends with the chain, whole or (when three nodes were already down) without its crash.
        const whole = JSON.stringify(plan.steps.slice(-chain.length)) === JSON.stringify(chain);
        const capped = chain.filter((st) => !isDown(st));
        const noCrash = JSON.stringify(plan.steps.slice(-capped.length)) === JSON.stringify(capped);
        expect(whole || noCrash).toBe(true);
      } else expect(chain).toEqual([]);
      expect(plan.steps.filter(isDown).length).toBeLessThanOrEqual(3);
    }
    expect(named).toBe(SEEDS.filter((seed) => drawDurableDamage(seed, pts, P, ALL).length > 0).length);
  });
});
