// lastRunFirst keeps the last view's per-run memory: it must hand back exactly what the get-or-create it wraps would, for
// views asked in any order (runs one after another, a test's hand-built view between two runs, a run's view again).
import { describe, expect, it } from 'vitest';
import { perRun } from '../../../sim/index.ts';
import { lastRunFirst, perRunLast } from '../../../protocols/zab/last-run.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ProtocolModule } from '../../../sim/index.ts';

/** The views in an order that revisits each: a, a, b, a, c, c, b, a. */
function askAll<T>(ask: (view: object) => T): { views: object[]; answers: T[] } {
  const [a, b, c] = [{}, {}, {}];
  const views = [a, a, b, a, c, c, b, a];
  return { views, answers: views.map((v) => ask(v)) };
}

describe('lastRunFirst', () => {
  it('answers as the get-or-create it wraps, in any order of views', () => {
    const plain = perRun(() => ({ n: 0 }));
    const fast = lastRunFirst(plain);
    const { views, answers } = askAll(fast);
    views.forEach((v, i) => expect(answers[i]).toBe(plain(v)));
    expect(new Set(answers).size).toBe(3);
  });

  it('perRunLast gives one memory per view', () => {
    const fast = perRunLast(() => ({ n: 0 }));
    const { views, answers } = askAll(fast);
    views.forEach((v, i) => expect(fast(v)).toBe(answers[i]));
    expect(new Set(answers).size).toBe(3);
  });

  it('fails on a planted slip: the last answer kept without comparing the view', () => {
    const plain = perRun(() => ({ n: 0 }));
    let last: { n: number } | null = null;
    const slipped = (view: object) => (last ??= plain(view));
    const { views, answers } = askAll(slipped);
    expect(views.every((v, i) => answers[i] === plain(v))).toBe(false);
  });

  it('zab runs one after another, and a run repeated after another, give the same results', () => {
    const p = zabProtocol as ProtocolModule;
    const summary = (seed: number) => {
      const r = runFuzzSeed({ protocol: p, seed, faults: 'aimed' });
      return JSON.stringify([r.traceHash, r.violation?.message ?? null, r.anomalies]);
    };
    const first = [1000, 1001, 1002].map(summary);
    expect([1002, 1000, 1001].map(summary)).toEqual([first[2], first[0], first[1]]);
  });
});
