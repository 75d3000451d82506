// Determinism: a run is a pure function of (scenario, seed, bugs, code) — in this thread or another.
import { describe, expect, it } from 'vitest';
import { spawnTsWorker } from '../../scenarios/spawn-ts-worker.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { registerProtocol } from '../support/register.ts';

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);

function hashesInWorker(seeds: number[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const w = spawnTsWorker(new URL('../support/hash-worker.ts', import.meta.url), { seeds });
    w.once('message', (m: string[]) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

describe('kernel: determinism', () => {
  it('gives identical trace hashes for 200 seeds run here and again in a worker thread', async () => {
    const here = SEEDS.map((seed) => runFuzzSeed({ protocol: registerProtocol, seed }).traceHash);
    const there = await hashesInWorker(SEEDS);
    expect(there).toEqual(here);
  });

  it('gives different traces for different seeds', () => {
    const hashes = SEEDS.slice(0, 50).map((seed) => runFuzzSeed({ protocol: registerProtocol, seed }).traceHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('records the same per-event hashes twice and they end at the trace hash order', () => {
    const a = runFuzzSeed({ protocol: registerProtocol, seed: 3, run: { recordEventHashes: true } });
    const b = runFuzzSeed({ protocol: registerProtocol, seed: 3, run: { recordEventHashes: true } });
    expect(a.eventHashes).not.toBeNull();
    expect(a.eventHashes!.length).toBe(a.events);
    expect(b.eventHashes).toEqual(a.eventHashes);
  });
});
