// The kernel hook: a run's HistoryOp[] and a protocol's SequentialModel, checked with unknown and pending outcomes.
import { describe, expect, it } from 'vitest';
import { checkRunHistory } from '../../sim/checker/index.ts';
import { runSimulation, seconds } from '../../sim/index.ts';
import { historyOp, registerModel as model, type RegisterIn, type RegisterOut } from '../support/register-history.ts';
import { registerProtocol } from '../support/register.ts';

const op = historyOp;

describe('checker: run histories', () => {
  it('lets a timed-out write explain a later read (it may have taken effect)', () => {
    const h = [op(1, { type: 'write', value: 5 }, undefined, 'unknown', 0, 1), op(2, { type: 'read' }, { ok: true, value: 5 }, 'ok', 2, 3)];
    expect(checkRunHistory(model, h).verdict).toBe('ok');
  });

  it('lets a pending write at the end of the run be ignored (it may not have taken effect)', () => {
    const h = [op(1, { type: 'write', value: 5 }, undefined, 'pending', 0, null), op(2, { type: 'read' }, { ok: true, value: 0 }, 'ok', 1, 2)];
    expect(checkRunHistory(model, h).verdict).toBe('ok');
  });

  it('flags a stale read after an acknowledged write and names the read', () => {
    const write = op(1, { type: 'write', value: 7 }, { ok: true }, 'ok', 0, 1);
    const read = op(2, { type: 'read' }, { ok: true, value: 0 }, 'ok', 2, 3);
    const v = checkRunHistory(model, [write, read]);
    expect(v.verdict).toBe('illegal');
    expect(v.unplaceable[0]).toBe(read.id);
    expect(v.explanation).toContain('longest linearizable prefix found: 1 operation');
    expect(v.explanation).toContain('events 2–3');
  });

  it('checks the histories the kernel records for the test register protocol', () => {
    for (let s = 1; s <= 5; s++) {
      const r = runSimulation({ protocol: registerProtocol, seed: s, faultPhaseUs: seconds(2) });
      expect(r.history.length).toBeGreaterThan(0);
      expect(r.linearizability?.verdict, `seed ${s}: ${r.linearizability?.explanation}`).toBe('ok');
    }
  });

  it('fails a run whose own sequential model throws on an unknown outcome (a model defect, not a search limit)', () => {
    // Seed 10 of the register protocol ends with a pending write, which the checker steps with output undefined.
    const clean = runSimulation({ protocol: registerProtocol, seed: 10, faultPhaseUs: seconds(2) });
    expect(clean.history.some((h) => h.outcome === 'pending')).toBe(true);
    expect(clean.verdict).toBe('pass');
    const strict = { ...model, step: (s: number, i: RegisterIn, o: RegisterOut) => { if (o === undefined) throw new Error('no unknown outcomes here'); return model.step(s, i, o); } };
    const broken = { ...registerProtocol, workload: { ...registerProtocol.workload!, model: strict } };
    const r = runSimulation({ protocol: broken, seed: 10, faultPhaseUs: seconds(2) });
    expect(r.linearizability?.isModelError).toBe(true);
    expect(r.verdict).toBe('crash');
    expect(r.violation?.name).toBe('sequential-model');
    expect(r.violation?.message).toContain('no unknown outcomes here');
  });
});
