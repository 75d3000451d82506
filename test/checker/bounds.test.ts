// The search's deterministic bounds: over budget the verdict is 'unknown', never a hang or a guess.
import { describe, expect, it } from 'vitest';
import { checkOps, kvModel, registerModel } from '../../sim/checker/index.ts';
import { loadOps } from './data.ts';

describe('checker: step and memo bounds', () => {
  const hard = loadOps('jepsen/etcd_002.log', 'etcd');

  it('says unknown when the step budget runs out, and ok with enough budget', () => {
    const r = checkOps(registerModel, hard, { stepsMax: 10_000 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toContain('stepsMax 10000');
    expect(r.stats.steps).toBe(10_000);
    expect(checkOps(registerModel, hard).verdict).toBe('ok');
  });

  it('says unknown when the memo is full', () => {
    const r = checkOps(registerModel, hard, { memoEntriesMax: 500 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toContain('memoEntriesMax 500');
  });

  it('says unknown when the memo tables outgrow the memory bound', () => {
    const r = checkOps(registerModel, hard, { memoBytesMax: 1_000_000 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict === 'unknown') expect(r.reason).toContain('memoBytesMax 1000000');
  });

  it('is deterministic: the same budget stops at the same step with the same memo size', () => {
    const a = checkOps(registerModel, hard, { stepsMax: 54_321 });
    const b = checkOps(registerModel, hard, { stepsMax: 54_321 });
    expect(b.stats).toEqual(a.stats);
  });

  it('still finds an illegal partition while another partition is over its memo bound', () => {
    // c50-bad: one key's search is huge; Porcupine finds the illegal key because it checks keys in parallel.
    const r = checkOps(kvModel, loadOps('kv/c50-bad.txt', 'kv'), { memoEntriesMax: 20_000 });
    expect(r.verdict).toBe('illegal');
  });
});
