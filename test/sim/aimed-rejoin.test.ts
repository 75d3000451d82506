// The isolate-then-rejoin cut chain (sim/aimed-cuts.ts drawRejoinChain): one plan in three (own stream) of protocols that
// allow one-way cuts; a node's round opened at a log append (or a send, without logs), the node cut off alone at its
// second phase, a decider's later append (or send) cutting it from a lagger once that has fired (`after`), the isolated
// node kept apart from the lagger a while after it rejoined the rest. In a run: in that order.
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, recordCatalog, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { REJOIN_ONE_IN, drawRejoinChain, talkers } from '../../sim/aimed-cuts.ts';
import { registerProtocol } from '../support/register.ts';

const sendsOnly: CrashPointCatalog = {
  disk: [],
  sent: [{ node: 'n1', roles: ['leader'], type: 'accept', count: 40 }, { node: 'n2', roles: [], type: 'ack', count: 40 }],
  received: ['n2', 'n3', 'n4', 'n5'].map((node) => ({ node, roles: [], type: 'accept', count: 10 })),
  roleEntries: [],
};
const withLogs: CrashPointCatalog = {
  ...sendsOnly,
  disk: ['n1', 'n2', 'n3', 'n4', 'n5'].map((node) => ({ node, roles: [], op: 'append' as const, file: 'log', count: 20 })),
};
const P = seconds(3);
const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);
type Cut = Extract<FaultStep, { kind: 'partition-one-way' }>;
type Part = Extract<FaultStep, { kind: 'partition' }>;
type W = Record<string, unknown>;

describe('isolate-then-rejoin: the draw', () => {
  for (const [name, catalog] of [['sends only', sendsOnly], ['appended logs', withLogs]] as const) {
    const chains = SEEDS.map((seed) => drawRejoinChain(seed, catalog, { phaseUs: P })).filter((c) => c.length > 0);
    it(`${name}: one plan in three; round opened, X alone for W1 at its next phase, X|V W2 more, Z->V after the isolation`, () => {
      expect(Math.abs(chains.length - SEEDS.length / REJOIN_ONE_IN)).toBeLessThan(30);
      for (const [mark, alone, apart, decided] of chains) {
        const opens = mark!.when as unknown as W;
        const w = alone!.when as unknown as W;
        const x = w.node as string;
        // The mark is a 1 µs clog: it only names the round's start.
        expect(mark!.kind === 'clog' && mark!.durationUs).toBe(1);
        expect([opens.id, opens.node, w.after, w.id]).toEqual(['rejoin-round', x, 'rejoin-round', 'rejoin']);
        expect(mark!.atUs).toBeLessThan(P / 4);
        if (catalog === withLogs) expect([opens.disk, opens.edge, w.nth]).toEqual(['append', 'before', 2]);
        else expect([opens.send, w.nth]).toEqual([w.send, 1]);
        const a = alone as Part;
        expect(a.groups).toEqual([[x], ['rest']]);
        expect(a.forUs! >= P / 10 && a.forUs! <= P / 4).toBe(true);
        const b = apart as Part;
        const v = b.groups[1]![0]!;
        expect([b.groups[0], b.when, b.delayUs]).toEqual([[x], alone!.when, a.forUs! + 1]);
        const d = decided as Cut;
        const dw = d.when as unknown as W;
        expect([dw.after, dw.node, d.to, dw.nth]).toEqual(['rejoin', d.from, v, 2]);
        if (catalog === withLogs) expect([dw.disk, dw.file, dw.edge]).toEqual(['append', opens.file, 'after']);
        expect(new Set([x, d.from, v]).size).toBe(3);
        expect(talkers(catalog)).toEqual(expect.arrayContaining([x, d.from, v]));
        expect(d.forUs!).toBeGreaterThan(a.forUs! + b.forUs!);
      }
    });
  }

  it('in fuzz plans only when one-way cuts and partitions are allowed', () => {
    const chains = SEEDS.filter((seed) => drawRejoinChain(seed, sendsOnly, { phaseUs: P }).length > 0).length;
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id, kind: 'server' })) as unknown as NodeSpec[];
    const budget = (kinds: FaultKind[]): FaultBudget => ({ maxDownNodes: 1, kinds, fuzzFaultPhaseUs: P, fuzzStepsMax: 8 });
    const has = (kinds: FaultKind[]) => SEEDS.filter((seed) => drawAimedSteps(seed, sendsOnly, nodes, budget(kinds)).kinds.includes('isolate-then-rejoin')).length;
    expect(has(['partition', 'partition-one-way'])).toBe(chains);
    expect(has(['partition'])).toBe(0);
    expect(has(['partition-one-way'])).toBe(0);
  });
});

describe('isolate-then-rejoin: in a run', () => {
  const opts = { ...registerProtocol.defaultOptions };
  const cat = recordCatalog({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faultPhaseUs: P });

  it('opens the round, then isolates X, then (only after it) cuts the decider, and keeps X from V once the isolation ended', () => {
    let ran = 0;
    for (let seed = 1; seed < 400 && ran < 2; seed++) {
      const chain = drawRejoinChain(seed, cat, { phaseUs: P });
      if (chain.length === 0) continue;
      const r = runSimulation({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faults: chain, faultPhaseUs: P, traceRingSize: 50_000 });
      if (r.untriggered.length > 0) continue; // the decider never appended twice after the isolation
      ran++;
      const notes = r.trace.filter((t) => t.kind === 'fault');
      const opened = notes.find((t) => t.detail.includes('id=rejoin-round'))!;
      const first = notes.find((t) => t.detail.includes('id=rejoin ') && t.detail.includes('after=rejoin-round'))!;
      const after = notes.find((t) => t.detail.includes('after=rejoin '))!;
      expect(first.event).toBeGreaterThan(opened.event);
      expect(after.event).toBeGreaterThan(first.event);
      const lifted = notes.find((t) => t.detail.startsWith('partition ended') && t.atUs > first.atUs)!;
      const apart = chain[2] as Part;
      const x = (chain[1]!.when as unknown as W).node as string;
      const kept = notes.find((t) => t.detail.startsWith(`partition [${x}] | [${apart.groups[1]![0]}]`) && t.atUs === lifted.atUs + 1);
      expect(kept, notes.map((t) => `${t.atUs} ${t.detail}`).join('\n')).toBeDefined();
    }
    expect(ran).toBe(2);
  });
});
