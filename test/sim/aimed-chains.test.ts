// The chained aimed kinds (sim/aimed-chains.ts): which seeds draw them and within what budget, and that a drawn chain's
// steps fire in order in a run (a pair losing power together; damage, crash, then the peer cut off).
import { describe, expect, it } from 'vitest';
import { AIMED_STEPS_MAX, drawAimedSteps, Prng, recordCatalog, runSimulation, seconds } from '../../sim/index.ts';
import type { FaultBudget, FaultKind, FaultStep, NodeSpec } from '../../sim/index.ts';
import type { CrashPointCatalog } from '../../sim/catalog.ts';
import { chainSteps, type ChainKind } from '../../sim/aimed-chains.ts';
import { registerProtocol } from '../support/register.ts';

const nodes = [{ id: 'n1', kind: 'server' }, { id: 'n2', kind: 'server' }, { id: 'n3', kind: 'server' }, { id: 'c1', kind: 'client' }] as unknown as NodeSpec[];
const catalog: CrashPointCatalog = {
  disk: [
    { node: 'n1', roles: ['leader'], op: 'append', file: 'log', count: 400 },
    { node: 'n1', roles: ['leader'], op: 'replace', file: 'meta', count: 3 },
    { node: 'n2', roles: ['follower'], op: 'replace', file: 'epoch', count: 1 },
    { node: 'c1', roles: [], op: 'append', file: 'cache', count: 2 },
  ],
  sent: [
    { node: 'n1', roles: ['leader'], type: 'accept', count: 600 },
    { node: 'n2', roles: ['follower'], type: 'ack', count: 300 },
    { node: 'c1', roles: [], type: 'request', count: 30 },
  ],
  received: [
    { node: 'n2', roles: ['follower'], type: 'accept', count: 300 },
    { node: 'n3', roles: ['follower'], type: 'accept', count: 300 },
    { node: 'n1', roles: ['leader'], type: 'ack', count: 300 },
    { node: 'c1', roles: [], type: 'ack', count: 3 },
    { node: 'n1', roles: ['leader'], type: 'request', count: 30 },
  ],
  roleEntries: [{ role: 'leader', node: 'n1', count: 1 }],
};
const ALL: FaultKind[] = ['crash', 'pause', 'partition', 'disk-corrupt', 'corrupt-messages', 'disk-slow'];
const budget = (maxDownNodes: number, kinds = ALL): FaultBudget => ({ maxDownNodes, crashableKinds: ['server'], kinds, fuzzFaultPhaseUs: seconds(3), fuzzStepsMax: 8 });
const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);
const draw = (b: FaultBudget) => SEEDS.map((seed) => drawAimedSteps(seed, catalog, nodes, b));
const isDown = (s: FaultStep): boolean => s.kind === 'crash' || s.kind === 'pause';
const sendOf = (s: FaultStep) => s.when as { send: string; node: string; to: string; nth: number };

describe('chained aimed kinds in fuzz plans', () => {
  const plans = draw(budget(2));
  const steps = plans.flatMap((p) => p.steps);

  it('a power pair: both ends of a send lose power a few ms after it, unsynced writes lost, alone with each other', () => {
    expect(plans.filter((p) => p.kinds.includes('power-pair-at-send')).length).toBeGreaterThan(40);
    const power = steps.filter((s) => s.kind === 'crash' && s.unsynced === 'lost');
    expect(power.length).toBeGreaterThan(20);
    for (const s of power) {
      const w = sendOf(s);
      // Only servers send and receive here with a crashable other end; the client's request and ack are never aimed at.
      expect([s.kind === 'crash' && s.mode, w.send === 'accept' || w.send === 'ack', w.node !== w.to, ['n1', 'n2', 'n3'].includes(w.to)]).toEqual(['machine', true, true, true]);
      expect(s.delayUs! >= 1000 && s.delayUs! <= 4000).toBe(true);
    }
    // The two crashes of a pair share the trigger, one per end, after the partition that isolates the two.
    // (The plan's cap of three nodes down may drop a pair's second crash.)
    const pairs = plans.flatMap((p) => p.steps.flatMap((s, i) => (s.kind === 'crash' && s.unsynced === 'lost' && s.target === 'trigger' && p.steps[i + 1]?.when === s.when ? [p.steps.slice(i - 1, i + 2)] : [])));
    expect(pairs.length).toBeGreaterThan(10);
    for (const [cut, a, b] of pairs) {
      expect(cut!.kind === 'partition' && cut!.groups).toEqual([['trigger', 'trigger-peer'], ['rest']]);
      expect([a!.when, b!.when, b!.kind === 'crash' && b!.target, b!.kind === 'crash' && b!.unsynced]).toEqual([cut!.when, cut!.when, 'trigger-peer', 'lost']);
    }
  });

  it('a power pair needs a down budget of two; every plan stays within three nodes down', () => {
    expect(draw(budget(1)).some((p) => p.kinds.includes('power-pair-at-send'))).toBe(false);
    for (const p of plans) expect(p.steps.filter(isDown).length).toBeLessThanOrEqual(AIMED_STEPS_MAX);
  });

  it('a damage chain: the sender\'s last log record damaged, the sender crashed, then the peer cut off', () => {
    const damage = steps.filter((s) => s.kind === 'disk-corrupt' && s.delayUs !== undefined);
    expect(damage.length).toBeGreaterThan(20);
    for (const s of damage) {
      // The sender's own file: n1's appended log (not its meta), n2's epoch; a client's file and sends are never aimed at.
      const w = sendOf(s);
      expect([s.kind === 'disk-corrupt' && s.file, s.kind === 'disk-corrupt' && s.record, w.send]).toEqual(w.node === 'n1' ? ['log', 'last', 'accept'] : ['epoch', 'last', 'ack']);
    }
    // (Whole chains: the plan's cap of three nodes down may drop a chain's crash.)
    const chains = plans.flatMap((p) => p.steps.flatMap((s, i) => (s.kind === 'disk-corrupt' && s.delayUs !== undefined && p.steps[i + 2]?.when === s.when ? [p.steps.slice(i - 1, i + 3)] : [])));
    expect(chains.length).toBeGreaterThan(10);
    for (const [cut, hit, crash, cutPeer] of chains) {
      expect([cut!.kind, hit!.kind, crash!.kind, cutPeer!.kind]).toEqual(['partition', 'disk-corrupt', 'crash', 'partition']);
      expect(crash!.delayUs!).toBeGreaterThanOrEqual(hit!.delayUs!);
      expect(cutPeer!.delayUs).toBe(cut!.kind === 'partition' ? cut!.forUs : -1);
      expect(cutPeer!.kind === 'partition' && cutPeer!.groups).toEqual([['trigger-peer'], ['rest']]);
    }
    // Without crashes and partitions allowed, the chain is the damage alone; without corruption, none.
    const corruptOnly = draw(budget(2, ['disk-corrupt'])).flatMap((p) => p.steps);
    expect(corruptOnly.some((s) => s.kind === 'disk-corrupt' && s.delayUs !== undefined)).toBe(true);
    expect(new Set(corruptOnly.map((s) => s.kind))).toEqual(new Set(['disk-corrupt']));
    expect(draw(budget(2, ['crash', 'partition'])).some((p) => p.kinds.includes('damage-chain-at-send'))).toBe(false);
  });
});

describe('chained aimed kinds in a run', () => {
  const opts = { ...registerProtocol.defaultOptions };
  const cat = recordCatalog({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faultPhaseUs: seconds(3) });
  const settings = { phaseUs: seconds(3), allowed: new Set<FaultKind>(ALL), maxDownNodes: 2 };
  const pts = { sent: cat.sent, received: cat.received, written: cat.disk.filter((p) => p.op === 'append' || p.op === 'replace'), crashable: new Set(['n1', 'n2', 'n3']) };
  /** The first chain of `kind` drawn for a seed whose trigger is armed from the start (fires early in the run). */
  const chainOf = (kind: ChainKind): FaultStep[] => {
    for (let seed = 1; ; seed++) {
      const st = chainSteps(kind, new Prng(seed, 't'), pts, settings);
      if (st[0]!.atUs === 0 && sendOf(st[0]!).nth <= 3) return st;
    }
  };
  const notesOf = (faults: FaultStep[]) => {
    const r = runSimulation({ protocol: registerProtocol, seed: 5, options: opts, bugs: [], faults, downBudget: { maxDownNodes: 2 }, faultPhaseUs: seconds(3), traceRingSize: 50_000 });
    expect(r.untriggered).toEqual([]);
    return { trace: r.trace, notes: r.trace.filter((t) => t.kind === 'fault').map((t) => t.detail.replace(/ (for|in) \d+us/g, '')) };
  };

  it('a power pair crashes both ends of the send, the second before the first is back', () => {
    const chain = chainOf('power-pair-at-send');
    const w = sendOf(chain[0]!);
    const [first, second] = [...chain.slice(1)].sort((a, b) => a.delayUs! - b.delayUs!).map((s) => (s.kind === 'crash' && s.target === 'trigger' ? w.node : w.to));
    const { notes } = notesOf(chain);
    const fired = `trigger fired: send ${w.send} node=${w.node} to=${w.to} nth=${w.nth} at ${w.node} (peer ${w.to})`;
    expect(notes.slice(0, 5)).toEqual([
      `${fired} → partition`, `partition [${w.node},${w.to}] | [${['n1', 'n2', 'n3'].filter((n) => n !== w.node && n !== w.to).join(',')}]`,
      `${fired} → crash`, `${fired} → crash`,
      `crash (machine, unsynced writes lost) ${first}`,
    ]);
    expect(notes[5]).toBe(`crash (machine, unsynced writes lost) ${second}`);
    expect(notes.slice(6, 8).sort()).toEqual([`restart ${w.node}`, `restart ${w.to}`].sort());
  });

  it('a damage chain damages the sender\'s last record, crashes it, and cuts the peer off once the pair\'s window ends', () => {
    const chain = chainOf('damage-chain-at-send');
    const w = sendOf(chain[0]!);
    const { trace, notes } = notesOf(chain);
    const fired = `trigger fired: send ${w.send} node=${w.node} to=${w.to} nth=${w.nth} at ${w.node} (peer ${w.to})`;
    const [rest] = ['n1', 'n2', 'n3'].filter((n) => n !== w.node && n !== w.to);
    expect(notes.map((n) => n.replace(/\[\d+\]$/, '[i]').replace(/^partition ended: .*/, 'partition ended'))).toEqual([
      `${fired} → partition`, `partition [${w.node},${w.to}] | [${rest}]`,
      `${fired} → disk-corrupt`, `${fired} → crash`, `${fired} → partition`,
      `disk-corrupt ${w.node} log[i]`, `crash (process) ${w.node}`, `restart ${w.node}`,
      'partition ended', `partition [${w.to}] | [${[w.node, rest].sort().join(',')}]`, 'partition ended',
    ]);
    // The record damaged is the sender's last one when the damage lands (no write of its log came between).
    const at = trace.findIndex((t) => t.kind === 'fault' && t.detail.startsWith('disk-corrupt'));
    const appended = trace.slice(0, at).filter((t) => t.kind === 'disk-done' && t.node === w.node && t.detail.startsWith('append log')).length;
    expect(trace[at]!.detail).toBe(`disk-corrupt ${w.node} log[${appended - 1}]`);
  });
});
