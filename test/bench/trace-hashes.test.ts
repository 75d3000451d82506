// Byte-identity guard for kernel optimisations: a sample of fuzz seeds must give the stored trace hashes and verdicts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASELINE_FILE, campaigns, diffHashes, protocolSourceHash, seedHashes, type HashFile } from '../../bench/trace-hashes.ts';
import { registeredProtocols } from '../../scenarios/registry.ts';

const stored = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as HashFile;
/** Clean seeds checked per protocol, spread over the stored range. */
const CLEAN_SAMPLE = 12;

/** Spread picks for clean runs; for a bug flag, its first two seeds and its first failing one. */
function sample(key: string, isClean: boolean): number[] {
  const hs = stored.protocols[key] ?? [];
  if (isClean) return Array.from({ length: CLEAN_SAMPLE }, (_, i) => hs[Math.floor((i * hs.length) / CLEAN_SAMPLE)]?.seed).filter((s): s is number => s !== undefined);
  const failing = hs.find((h) => h.verdict !== 'pass')?.seed;
  return [...new Set([hs[0]?.seed, hs[1]?.seed, failing].filter((s): s is number => s !== undefined))];
}

describe('trace hashes: fuzz seeds give the stored hashes (bench/baseline/trace-hashes.json)', () => {
  for (const p of registeredProtocols().filter((x) => stored.sources[x.name] !== undefined)) {
    // A protocol whose own sources changed since the file was written may legitimately run differently; kernel
    // changes (what this guards) leave the protocol folder alone. Regenerate with
    // `npx tsx bench/trace-hashes.ts --write bench/baseline/trace-hashes.json` on the code before the optimisation.
    const isSame = protocolSourceHash(p.name) === stored.sources[p.name];
    it.skipIf(!isSame)(`${p.name}: clean and bug-flag seeds hash as stored`, () => {
      const diffs = campaigns([p]).flatMap(({ key, protocol, bugs }) => {
        if (stored.protocols[key] === undefined) return [];
        const seeds = sample(key, bugs.length === 0);
        return diffHashes(stored.protocols[key]!, seedHashes(protocol, seeds, bugs), key);
      });
      expect(diffs).toEqual([]);
    });
  }
});
