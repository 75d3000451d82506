// Aimed network-cut chains (sim/aimed-cuts.ts): drawn by the fuzzer's aimed plans within the budget, and in a run the
// cuts of a chain land in order at one node's successive sends to one peer, one way only.
import { describe, expect, it } from 'vitest';
import { drawAimedSteps, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { Prng } from '../../sim/prng.ts';
import { cutSteps, talkers } from '../../sim/aimed-cuts.ts';
import { registerProtocol } from '../support/register.ts';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => ({ id, kind: 'server' })) as unknown as NodeSpec[];
const catalog: CrashPointCatalog = {
  disk: [],
  sent: [
    { node: 'n1', roles: ['leader'], type: 'accept', count: 40 },
    { node: 'n2', roles: [], type: 'ack', count: 40 },
  ],
  received: ['n2', 'n3', 'n4', 'n5'].map((node) => ({ node, roles: [], type: 'accept', count: 10 })),
  roleEntries: [],
};
const budget = (kinds: FaultKind[]): FaultBudget => ({ maxDownNodes: 1, kinds, fuzzFaultPhaseUs: seconds(3), fuzzStepsMax: 8 });
const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const cutsOf = (kinds: FaultKind[]): FaultStep[][] =>
  SEEDS.map((seed) => drawAimedSteps(seed, catalog, nodes, budget(kinds)).steps.filter((s) => s.kind === 'partition-one-way' && s.when !== undefined));
type Cut = Extract<FaultStep, { kind: 'partition-one-way' }>;

describe('aimed cut chains in plans', () => {
  it('are drawn for some seeds, as one-way cuts at one node\'s sends to one peer, at increasing nth', () => {
    const plans = cutsOf(['crash', 'partition', 'partition-one-way']);
    const withCuts = plans.filter((p) => p.length > 0);
    expect(withCuts.length).toBeGreaterThan(40);
    for (const p of withCuts) {
      for (const s of p as Cut[]) {
        const w = s.when as { send: string; node: string; to: string; nth: number };
        expect(talkers(catalog)).toContain(w.node);
        expect(w.to).not.toBe(w.node);
        expect(s.from).not.toBe(s.to);
        expect(s.forUs).toBeGreaterThan(0);
      }
    }
  });

  it('are drawn only when the budget allows one-way partitions', () => {
    expect(cutsOf(['crash', 'partition']).flat()).toEqual([]);
  });

  it('quorum-then-mute: a minority is cut first, then the sender\'s links to the rest, so no peer hears it afterwards', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const steps = cutSteps('quorum-then-mute', new Prng(seed, 't'), catalog, { phaseUs: seconds(3) }) as Cut[];
      const x = (steps[0]!.when as { node: string }).node;
      const nth = steps.map((s) => (s.when as { nth: number }).nth);
      const first = steps.filter((_, i) => nth[i] === nth[0]);
      const mute = steps.filter((_, i) => nth[i] !== nth[0]);
      expect(Math.min(...nth.filter((n) => n !== nth[0]))).toBeGreaterThan(nth[0]!);
      // Five talkers: X keeps Y and one more (a bare majority of three), cuts the other two, then those two too.
      expect([first.length, mute.length]).toEqual([2, 2]);
      expect(new Set([...first, ...mute].map((s) => s.to)).size).toBe(4);
      expect(steps.every((s) => s.from === x)).toBe(true);
      expect(mute.map((s) => s.to)).toContain((steps[0]!.when as { to: string }).to);
    }
  });
});

describe('aimed cut chain in a run', () => {
  it('applies the cuts in order at the sender\'s successive pings to one peer, one way', () => {
    // Three register nodes ping each other every 100 ms (datagrams): a chain aimed at n1's pings.
    const cat: CrashPointCatalog = {
      disk: [], roleEntries: [],
      sent: ['n1', 'n2', 'n3'].map((node) => ({ node, roles: [], type: 'ping', count: 20 })),
      received: ['n1', 'n2', 'n3'].map((node) => ({ node, roles: [], type: 'ping', count: 20 })),
    };
    let steps: Cut[] = [];
    for (let seed = 1; steps.length === 0; seed++) {
      const s = cutSteps('quorum-then-mute', new Prng(seed, 'run'), cat, { phaseUs: seconds(3) }) as Cut[];
      const w = s.map((x) => x.when as { node: string; nth: number });
      // n1 as sender, armed from the start, the mute two or more pings after the first cut: the ping between them
      // shows n1 -> Y still open while n1 -> minority is cut.
      if (w[0]!.node === 'n1' && s[0]!.atUs === 0 && w[1]!.nth - w[0]!.nth >= 2 && w[0]!.nth <= 5) steps = s;
    }
    const w0 = steps[0]!.when as { to: string; nth: number };
    const [y, minority] = [w0.to, steps[0]!.to];
    const r = runSimulation({ protocol: registerProtocol, seed: 5, options: {}, bugs: [], faults: steps, faultPhaseUs: seconds(3), traceRingSize: 100_000 });
    expect(r.untriggered).toEqual([]);
    const notes = r.trace.filter((t) => t.kind === 'fault').map((t) => t.detail);
    const cutMinority = notes.findIndex((n) => n.startsWith(`partition-one-way n1 -> ${minority}`));
    const cutY = notes.findIndex((n) => n.startsWith(`partition-one-way n1 -> ${y}`));
    expect(cutMinority).toBeGreaterThanOrEqual(0);
    expect(cutY).toBeGreaterThan(cutMinority);
    const faultAt = (i: number): number => r.trace.filter((t) => t.kind === 'fault')[i]!.atUs;
    const [t1, t2] = [faultAt(cutMinority), faultAt(cutY)];
    const msgs = r.trace.filter((t) => t.msgType === 'ping' && t.atUs > t1 && t.atUs < t2 + steps[1]!.forUs!);
    // Between the cuts n1's pings reach Y, not the minority; after the mute none reaches Y; Y's pings still reach n1.
    expect(msgs.some((t) => t.kind === 'message' && t.from === 'n1' && t.node === y && t.atUs < t2)).toBe(true);
    expect(msgs.filter((t) => t.from === 'n1' && t.node === minority && t.atUs < t2).every((t) => t.kind === 'drop')).toBe(true);
    expect(msgs.filter((t) => t.from === 'n1' && t.node === y && t.atUs > t2 + 1000).every((t) => t.kind === 'drop')).toBe(true);
    expect(msgs.some((t) => t.kind === 'message' && t.from === y && t.node === 'n1' && t.atUs > t2)).toBe(true);
  });
});
