// The isolate-then-rejoin cut chain (sim/aimed-cuts.ts drawRejoinChain): one plan in four (own stream) of protocols that
// allow one-way cuts; a node cut off alone at its send, a decider's later send to a lagger cut once that has fired
// (`after`), the isolated node reaching the lagger only a while after it rejoined the rest. In a run: in that order.
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, recordCatalog, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { REJOIN_ONE_IN, drawRejoinChain, talkers } from '../../sim/aimed-cuts.ts';
import { registerProtocol } from '../support/register.ts';

const catalog: CrashPointCatalog = {
  disk: [],
  sent: [{ node: 'n1', roles: ['leader'], type: 'accept', count: 40 }, { node: 'n2', roles: [], type: 'ack', count: 40 }],
  received: ['n2', 'n3', 'n4', 'n5'].map((node) => ({ node, roles: [], type: 'accept', count: 10 })),
  roleEntries: [],
};
const P = seconds(3);
const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);
type Cut = Extract<FaultStep, { kind: 'partition-one-way' }>;

describe('isolate-then-rejoin: the draw', () => {
  const chains = SEEDS.map((seed) => drawRejoinChain(seed, catalog, { phaseUs: P })).filter((c) => c.length > 0);

  it('one plan in four: X alone for W1, X->V cut W2 more from just after W1, Z->V cut at Z\'s 2nd-3rd send to V after', () => {
    expect(Math.abs(chains.length - SEEDS.length / REJOIN_ONE_IN)).toBeLessThan(30);
    for (const [alone, late, decided] of chains) {
      const w = alone!.when as { send: string; node: string; id: string };
      const x = w.node;
      expect(alone!.kind === 'partition' && alone!.groups).toEqual([[x], ['rest']]);
      const w1 = alone!.kind === 'partition' ? alone!.forUs! : -1;
      expect(w1 >= P / 10 && w1 <= P / 3).toBe(true);
      const l = late as Cut;
      expect([l.from, l.when, l.delayUs]).toEqual([x, alone!.when, w1 + 1]);
      const d = decided as Cut;
      const dw = d.when as { send: string; node: string; to: string; nth: number; after: string };
      expect([dw.send, dw.after, dw.node, dw.to]).toEqual([w.send, 'rejoin', d.from, d.to]);
      expect(dw.nth === 2 || dw.nth === 3).toBe(true);
      expect(new Set([x, d.from, d.to]).size).toBe(3);
      expect(l.to).toBe(d.to);
      expect(talkers(catalog)).toEqual(expect.arrayContaining([x, d.from, d.to]));
      expect(d.forUs!).toBeGreaterThan(w1 + l.forUs!);
    }
  });

  it('in fuzz plans only when one-way cuts and partitions are allowed', () => {
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id, kind: 'server' })) as unknown as NodeSpec[];
    const budget = (kinds: FaultKind[]): FaultBudget => ({ maxDownNodes: 1, kinds, fuzzFaultPhaseUs: P, fuzzStepsMax: 8 });
    const has = (kinds: FaultKind[]) => SEEDS.filter((seed) => drawAimedSteps(seed, catalog, nodes, budget(kinds)).kinds.includes('isolate-then-rejoin')).length;
    expect(has(['partition', 'partition-one-way'])).toBe(chains.length);
    expect(has(['partition'])).toBe(0);
    expect(has(['partition-one-way'])).toBe(0);
  });
});

describe('isolate-then-rejoin: in a run', () => {
  const opts = { ...registerProtocol.defaultOptions };
  const cat = recordCatalog({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faultPhaseUs: P });

  it('fires the isolation, then (only after it) the decider\'s cut, and the late cut once the isolation ended', () => {
    let ran = 0;
    for (let seed = 1; seed < 400 && ran < 2; seed++) {
      const chain = drawRejoinChain(seed, cat, { phaseUs: P });
      if (chain.length === 0) continue;
      const r = runSimulation({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faults: chain, faultPhaseUs: P, traceRingSize: 50_000 });
      if (r.untriggered.length > 0) continue; // the decider never sent that type to that peer after the isolation
      ran++;
      const notes = r.trace.filter((t) => t.kind === 'fault');
      const first = notes.find((t) => t.detail.includes('id=rejoin'))!;
      const after = notes.find((t) => t.detail.includes('after=rejoin'))!;
      expect(after.event).toBeGreaterThan(first.event);
      const lifted = notes.find((t) => t.detail.startsWith('partition ended'))!;
      const late = chain[1] as Cut;
      const cutLate = notes.find((t) => t.detail.startsWith(`partition-one-way ${late.from} -> ${late.to}`) && t.atUs > first.atUs + 1 && t.atUs === lifted.atUs + 1);
      expect(cutLate, notes.map((t) => `${t.atUs} ${t.detail}`).join('\n')).toBeDefined();
    }
    expect(ran).toBe(2);
  });
});
