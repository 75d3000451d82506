// Every history in test/fixtures/porcupine gets the verdict its expected.json gives (Porcupine's own tests).
import { describe, expect, it } from 'vitest';
import { checkOps, kvNoPartitionModel, registerModel } from '../../sim/checker/index.ts';
import { expectedFiles as files, loadOps, modelNamed } from './data.ts';
import type { ExpectedFile } from './data.ts';

const load = (f: ExpectedFile) => loadOps(f.file, f.model);
const modelOf = (f: ExpectedFile) => modelNamed(f.model);

describe('checker: Porcupine reference histories', () => {
  it('has the 103 etcd logs and 6 kv logs, 24 + 3 of them linearizable', () => {
    expect(files.filter((f) => f.model === 'etcd')).toHaveLength(103);
    expect(files.filter((f) => f.model === 'kv')).toHaveLength(6);
    expect(files.filter((f) => f.expected === 'ok')).toHaveLength(27);
  });

  it('parses every log into the operation counts Porcupine builds, open calls left unknown', () => {
    for (const f of files) {
      const ops = load(f);
      expect(ops.length, f.file).toBe(f.ops);
      expect(ops.filter((o) => o.ret === null).length, f.file).toBe(f.open_ops);
    }
  });

  for (const model of ['etcd', 'kv'] as const) {
    it(`gives every ${model} log its expected verdict`, () => {
      const got = files.filter((f) => f.model === model).map((f) => `${f.file}: ${checkOps(modelOf(f), load(f)).verdict}`);
      expect(got).toEqual(files.filter((f) => f.model === model).map((f) => `${f.file}: ${f.expected}`));
    });
  }

  it('explains an illegal etcd log with a prefix, the stuck operation and why each candidate fails', () => {
    const f = files.find((x) => x.file === 'jepsen/etcd_000.log')!;
    const r = checkOps(registerModel, load(f));
    expect(r.verdict).toBe('illegal');
    if (r.verdict !== 'illegal') return;
    expect(r.detail.longestPrefix.length).toBeGreaterThan(0);
    expect(r.detail.candidates.map((c) => c.id)).toContain(r.detail.stuckAt.id);
    for (const c of r.detail.candidates) expect(c.reason).not.toBe('');
    // Every prefix op started before the stuck op returned (else it could not precede it).
    for (const p of r.detail.longestPrefix) expect(p.call).toBeLessThan(r.detail.stuckAt.ret!);
  });

  it('agrees with the unpartitioned kv model on the c01 and c10 logs', () => {
    for (const f of files.filter((x) => x.model === 'kv' && !x.file.includes('c50'))) {
      expect(checkOps(kvNoPartitionModel, load(f)).verdict, f.file).toBe(f.expected);
    }
  });
});
