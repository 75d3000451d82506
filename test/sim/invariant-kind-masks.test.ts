// A scoped run lists, once per set of changed node kinds, the invariant entries it calls after such an event
// (sim/invariant-checks.ts entriesFor). The list must be exactly the entries the plain rule calls: every 'always'
// entry, and a 'states' or 'node' entry when some changed node is of a kind it reads (Invariant.kinds, every kind when
// omitted). Compared for every protocol's invariants and nodes over sets of changed nodes, plus entries whose kinds
// no node has.
import { describe, expect, it } from 'vitest';
import { KindBits, entriesFor, planAll } from '../../sim/invariant-checks.ts';
import type { Invariant } from '../../sim/protocol-module.ts';
import type { NodeRec } from '../../sim/node.ts';
import { findProtocol } from '../../scenarios/registry.ts';

/** The changed-node sets to try: all of them for up to 12 nodes, else those of up to 3 nodes and the whole set. */
function touchedSets(n: number): number[][] {
  const out: number[][] = [];
  if (n <= 12) {
    for (let m = 0; m < 1 << n; m++) out.push([...Array(n).keys()].filter((i) => (m >> i) & 1));
    return out;
  }
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) for (let c = b; c < n; c++) out.push([...new Set([a, b, c])]);
  out.push([...Array(n).keys()], []);
  return out;
}

describe('scoped invariant entries by changed kinds', () => {
  for (const name of ['zab', 'tair', 'tfs', 'paxosstore']) {
    it(`${name}: the entries listed per kinds mask are the ones the plain rule calls`, () => {
      const protocol = findProtocol(name)!;
      const nodes = protocol.nodes(protocol.defaultOptions).map((s, index) => ({ id: s.id, kind: s.kind, index }) as unknown as NodeRec);
      const invariants = [
        ...(protocol.invariants as readonly Invariant<unknown>[]),
        { name: 'no-such-kind', description: '', scope: 'states', kinds: ['no-such-kind'], check: () => null },
        { name: 'every-kind', description: '', scope: 'states', check: () => null },
      ] as Invariant<unknown>[];
      const bits = new KindBits(nodes);
      const planned = planAll(invariants, nodes, bits);
      let calls = 0;
      for (const touched of touchedSets(nodes.length)) {
        const plain = planned.filter((e) => e.call === 0 || touched.some((i) => e.ofKind === null || e.ofKind[i] === 1)).map((e) => e.name);
        const mask = touched.reduce((m, i) => m | bits.ofNode[i]!, 0);
        expect(entriesFor(planned, mask).map((e) => e.name), `${name} changed ${touched.join()}`).toEqual(plain);
        calls += plain.length;
      }
      // Some entries are scoped by kind (a protocol whose entries all ran every time would agree whatever the masks).
      expect(planned.some((e) => e.ofKind !== null && e.call !== 0)).toBe(true);
      expect(calls).toBeGreaterThan(0);
    });
  }
});
