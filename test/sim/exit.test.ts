// ctx.exit (sim/exit.ts): a process ending itself as System.exit does: the effects recorded before it happen, those after
// it never do; memory, timers and connections are lost like a process crash (the page cache survives); traced; restarted
// by a supervisor after the delay the protocol gives, or left down.
import { describe, expect, it } from 'vitest';
import { ms, nodeId, runSimulation, seconds } from '../../sim/index.ts';
import type { ProtocolModule, RunResult } from '../../sim/index.ts';

type S = { readonly ticks: number; readonly boots: number; readonly got: readonly string[]; readonly closed: number };
type M = { readonly type: 'note'; readonly text: string };
type O = { readonly restartUs: number | null };

/**
 * a boots (appending a record it never fsyncs), dials b, and on its 10 ms timer sends b a datagram and exits; after the
 * exit it records a log line, a timer and a disk write that must never happen. b counts what it hears.
 */
const exiter: ProtocolModule<S, M, O> = {
  name: 'exiter', description: 'test: a process that exits', defaultOptions: { restartUs: ms(5) }, optionDocs: { restartUs: { doc: 'supervisor restart delay; null = none' } },
  nodes: () => [{ id: nodeId('a'), kind: 'node' }, { id: nodeId('b'), kind: 'node' }],
  actor: {
    boot: (n, disk, ctx) => {
      if (n.id !== 'a') return { ticks: 0, boots: 0, got: [], closed: 0 };
      ctx.append('boots', { at: ctx.nowUs });
      ctx.connect(nodeId('b'));
      ctx.setTimer('tick', ms(10));
      return { ticks: 0, boots: (disk.get('boots') ?? []).length + 1, got: [], closed: 0 };
    },
    handle: (s, input, ctx, opts) => {
      if (input.type === 'message') return { ...s, got: [...s.got, input.msg.text] };
      if (input.type === 'conn-closed') return { ...s, closed: s.closed + 1 };
      if (input.type !== 'timer') return s;
      if (s.boots >= 2) return { ...s, ticks: s.ticks + 1 }; // the restarted process lives on
      ctx.sendDatagram(nodeId('b'), { type: 'note', text: `before exit, boot ${s.boots}` });
      ctx.exit('unmatched txn commit', opts.restartUs ?? undefined);
      ctx.log('after exit');
      ctx.setTimer('ghost', ms(1));
      ctx.append('boots', { ghost: true });
      return { ...s, ticks: s.ticks + 1 };
    },
  },
  isMessage: (x): x is M => (x as M).type === 'note',
  roles: () => ({}), invariants: [], liveness: [], livenessBoundUs: () => seconds(1), bugs: [],
  faultBudget: { maxDownNodes: 1, fuzzFaultPhaseUs: seconds(1), fuzzStepsMax: 0 },
};

const run = (restartUs: number | null): RunResult => runSimulation({
  protocol: exiter, seed: 1, faultPhaseUs: ms(500), skipLiveness: true, traceFull: true, workload: 'none',
  options: { restartUs }, network: { latency: { minUs: ms(1), maxUs: ms(1) } },
});
const lines = (r: RunResult, node: string) => r.trace.filter((t) => t.node === node).map((t) => `${t.kind} ${t.detail}`);

describe('kernel: ctx.exit', () => {
  it('carries out what came before it, drops what came after, traces the exit, and the supervisor restarts the node', () => {
    const r = run(ms(5));
    expect(r.verdict).toBe('pass');
    const a = lines(r, 'a');
    const exitAt = a.indexOf('fault exit a: unmatched txn commit (supervisor restart in 5ms)');
    expect(exitAt).toBeGreaterThan(0);
    expect(a.slice(exitAt + 1, exitAt + 3)).toEqual(['fault restart a', 'boot incarnation 3']);
    expect(a.some((l) => l.includes('after exit') || l.includes('ghost'))).toBe(false);
    const exitRec = r.trace.find((t) => t.detail.startsWith('exit a:'))!;
    expect(r.trace.find((t) => t.detail === 'restart a')!.atUs).toBe(exitRec.atUs + ms(5));
    // The datagram sent before the exit arrives; the connection breaks with the process (b learns it after the kernel's
    // detection delay, as for a process crash), and the restarted a dials again.
    const b = r.finalStates['b'] as S;
    expect(b.got).toEqual(['before exit, boot 1']);
    expect(b.closed).toBe(1);
    // Memory is lost (ticks start again), the unsynced boot record survived in the page cache, the ghost write never ran.
    const s = r.finalStates['a'] as S;
    expect(s.boots).toBe(2);
    expect(s.ticks).toBeGreaterThan(0);
    expect(r.stats.crashes).toBe(0);
    expect(r.stats.restarts).toBe(1);
  });

  it('with no restart delay the node stays down', () => {
    const r = run(null);
    expect(lines(r, 'a')).toContain('fault exit a: unmatched txn commit (no supervisor restart)');
    expect(r.finalStates['a']).toBeNull();
    expect(r.stats.restarts).toBe(0);
    expect(r.trace.filter((t) => t.kind === 'boot' && t.node === 'a')).toHaveLength(1);
  });

  it('a bad restart delay is a protocol crash, not a silent exit', () => {
    const r = run(-1);
    expect(r.verdict).toBe('crash');
    expect(r.violation?.message).toMatch(/exit with bad restart delay -1/);
  });
});
