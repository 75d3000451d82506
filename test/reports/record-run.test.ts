// scenarios/record-run: what a recorded run keeps for the reports — node states at every event, roles, counters, a budget.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../sim/index.ts';
import type { RunConfig } from '../../sim/index.ts';
import { recordRun, createRecorder } from '../../scenarios/record-run.ts';
import { runSimulation } from '../../sim/index.ts';
import { statesAt } from '../../reports/index.ts';
import { registerProtocol } from '../support/register.ts';
import { chatterProtocol } from './support/chatter.ts';
import { groundTruth } from './support/ground-truth.ts';

const crashRun: RunConfig = {
  protocol: registerProtocol, seed: 3, faultPhaseUs: seconds(2),
  faults: [{ atUs: ms(500), kind: 'crash', target: 'n2', mode: 'machine', forUs: ms(400) }, { atUs: ms(1200), kind: 'pause', target: 'n3', forUs: ms(200) }],
};

describe('record-run: node states', () => {
  it('rebuilds every node state after every event, including down nodes', () => {
    const truth = groundTruth();
    const rec = recordRun({ ...crashRun, onEvent: truth.onEvent });
    expect(rec.result.verdict).toBe('pass');
    expect(truth.states.size).toBe(rec.result.events);
    let downSeen = 0;
    for (const [event, want] of truth.states) {
      const got = statesAt(rec, event);
      expect(got.isExact).toBe(true);
      rec.nodes.forEach((n, i) => expect(got.states[i], `${n.id} after event ${event}`).toEqual(want[n.id]));
      if (want['n2'] === null) downSeen++;
    }
    expect(downSeen).toBeGreaterThan(0);
  });

  it('keeps the state log within its budget by dropping middle chunks, and says so', () => {
    const truth = groundTruth((e) => e >= 15_000);
    const rec = recordRun({ protocol: chatterProtocol, seed: 2, faultPhaseUs: ms(2_500), skipLiveness: true, onEvent: truth.onEvent }, { stateBytesMax: 50_000 });
    expect(rec.result.events).toBeGreaterThan(15_000);
    expect(rec.states.gaps.length).toBeGreaterThan(0);
    // One chunk of slack: a chunk is only dropped when the next one starts.
    const biggest = Math.max(...rec.states.chunks.map((c) => c.bytes));
    expect(rec.states.bytes).toBeLessThanOrEqual(50_000 + biggest);
    expect(rec.notes.join('\n')).toMatch(/node states of events \d+–\d+ were dropped/);
    // The end of the run (where a violation would be) is still exact.
    const lastEvent = rec.result.events - 1;
    const got = statesAt(rec, lastEvent);
    expect(got.isExact).toBe(true);
    rec.nodes.forEach((n, i) => expect(got.states[i]).toEqual(truth.states.get(lastEvent)![n.id]));
    const gap = rec.states.gaps[0]!;
    expect(statesAt(rec, gap.fromEvent).isExact).toBe(false);
  });
});

describe('record-run: roles, counters, composition', () => {
  it('records roles only when they change and finds the first leader-like role', () => {
    const rec = recordRun(crashRun);
    const keys = rec.roles.map((r) => JSON.stringify(r.roles));
    keys.forEach((k, i) => { if (i > 0) expect(k).not.toBe(keys[i - 1]); });
    // n2 crashing removes it from the backups, restarting brings it back: at least three distinct role sets.
    expect(rec.roles.length).toBeGreaterThanOrEqual(3);
    expect(rec.firstLeader).toMatchObject({ role: 'primary', node: 'n1' });
    const chat = recordRun({ protocol: chatterProtocol, seed: 1, faultPhaseUs: ms(20), skipLiveness: true });
    expect(chat.firstLeader?.role).toBe('leader');
    expect(chat.firstLeader!.atUs).toBeGreaterThan(0);
  });

  it('counts per node what the kernel counted overall', () => {
    const rec = recordRun(crashRun);
    const sum = (k: 'messagesReceived' | 'crashes' | 'dropsTo') => Object.values(rec.counters).reduce((t, c) => t + c[k], 0);
    expect(sum('messagesReceived')).toBe(rec.result.stats.messagesDelivered);
    expect(sum('dropsTo')).toBe(rec.result.stats.drops);
    expect(rec.counters['n2']!.crashes).toBe(1);
    expect(rec.counters['n3']!.pauses).toBe(1);
    expect(rec.counters['n2']!.boots).toBe(2);
  });

  it('leaves the run itself unchanged (same trace hash) and still calls the caller’s onEvent', () => {
    let calls = 0;
    const rec = recordRun({ ...crashRun, onEvent: () => { calls++; } });
    expect(rec.result.traceHash).toBe(runSimulation(crashRun).traceHash);
    expect(calls).toBe(rec.result.events);
  });

  it('plugs into any runner through runOverrides', () => {
    const recorder = createRecorder(registerProtocol, {});
    const rec = recorder.finish(runSimulation({ ...crashRun, ...recorder.runOverrides }));
    expect(rec.result.isTraceTruncated).toBe(false);
    expect(rec.states.chunks[0]!.diffs.length).toBeGreaterThan(0);
  });
});
