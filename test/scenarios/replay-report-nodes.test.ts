// replay --protocol/--seed --report lists the seed's own nodes: perturbed options may run more acceptors than the defaults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './cli-harness.ts';
import { fuzzSeedNodeIds } from '../../scenarios/fuzz-run.ts';
import { findProtocol } from '../../scenarios/registry.ts';

describe('replisim replay --seed --report', () => {
  it('records every node of a seed whose perturbed options add nodes', async () => {
    const protocol = findProtocol('paxosstore')!;
    const defaults = protocol.nodes(protocol.defaultOptions).map((n) => n.id as string);
    const seed = Array.from({ length: 200 }, (_, i) => i + 1).find((s) => fuzzSeedNodeIds({ protocol, seed: s }).length > defaults.length);
    expect(seed).toBeDefined();
    const dir = scratchDir();
    const out = join(dir, 'r.json');
    const r = await cli(['replay', '--protocol', 'paxosstore', '--seed', String(seed), '--report', 'json', '--out', out], dir);
    expect(r.stderr).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { nodes: { id: string }[] };
    expect(report.nodes.map((n) => n.id)).toEqual(fuzzSeedNodeIds({ protocol, seed: seed! }));
  });
});
