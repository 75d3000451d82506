// Coverage keys cross the worker boundary numbered (scenarios/wire-keys.ts): what the pool hands a campaign must equal
// the run's own coverage, seed after seed on one worker and after a worker is replaced, and a table out of step must
// fail loudly instead of counting wrong keys.
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { KeyDecoder, KeyEncoder } from '../../scenarios/wire-keys.ts';
import { runJob } from '../../scenarios/run-job.ts';
import { WorkerPool, WorkerCrash } from '../../scenarios/pool.ts';
import { TEST_PROTOCOLS_ENV } from '../../scenarios/registry.ts';

process.env[TEST_PROTOCOLS_ENV] = fileURLToPath(new URL('../support/cli-protocols.ts', import.meta.url));

const zabSeed = (seed: number) => runJob({ kind: 'fuzz', protocol: 'zab', seed, bugs: [] });

describe('KeyEncoder / KeyDecoder', () => {
  const outcomes = [1000, 1001, 1002, 1003].map(zabSeed);

  it('gives back each run coverage exactly (keys in order, reaches, marks), sending a key text only the first time', () => {
    const enc = new KeyEncoder();
    const dec = new KeyDecoder();
    const sent = new Set<string>();
    for (const o of outcomes) {
      const wire = enc.encode(o.coverage)!;
      // Only keys (and reach nodes) this encoder never sent travel as text.
      const texts = [...o.coverage!.keys, ...o.coverage!.reachedAt!.map((r) => r.node)].filter((k) => !sent.has(k));
      expect(new Set(wire.added)).toEqual(new Set(texts));
      for (const k of texts) sent.add(k);
      const back = dec.decode(deserialize(serialize(wire)) as typeof wire); // as a message crosses: structured-cloned
      expect(back).toEqual(o.coverage);
      expect(Object.keys(back!)).toEqual(Object.keys(o.coverage!));
    }
    // A later message of keys already sent is a fraction of the whole coverage structured-cloned.
    const again = enc.encode(outcomes[0]!.coverage)!;
    expect(again.added).toEqual([]);
    expect(serialize(again).length).toBeLessThan(serialize(outcomes[0]!.coverage).length / 4);
  });

  it('passes null coverage and coverage without reaches through', () => {
    const enc = new KeyEncoder();
    const dec = new KeyDecoder();
    expect(dec.decode(enc.encode(null))).toBeNull();
    const cov = { keys: ['a', 'b'], marks: { m: null } };
    expect(dec.decode(enc.encode(cov))).toEqual(cov);
  });

  it('fails loudly when a decoder missed a message (its table out of step with the worker)', () => {
    const enc = new KeyEncoder();
    const dec = new KeyDecoder();
    enc.encode(outcomes[0]!.coverage); // never decoded
    const wire = enc.encode(outcomes[1]!.coverage)!;
    expect(() => dec.decode(wire)).toThrow(/out of step/);
  });
});

describe('the pool decodes per worker', () => {
  const pool = new WorkerPool(1);
  afterAll(() => pool.close());

  it('hands a campaign the run coverage seed after seed, and after its worker died and was replaced', async () => {
    for (const seed of [1000, 1001]) expect((await pool.run({ kind: 'fuzz', protocol: 'zab', seed, bugs: [] })).outcome.coverage).toEqual(zabSeed(seed).coverage);
    await expect(pool.run({ kind: 'fuzz', protocol: 'flaky', seed: 1, bugs: ['flaky/kill-worker'] })).rejects.toBeInstanceOf(WorkerCrash);
    // The fresh worker numbers from 0 again: a table kept from the dead worker would turn its numbers into wrong keys.
    for (const seed of [1002, 1000]) expect((await pool.run({ kind: 'fuzz', protocol: 'zab', seed, bugs: [] })).outcome.coverage).toEqual(zabSeed(seed).coverage);
  }, 60_000);
});
