// tfs's coverage key remembers parts of itself by object (coverage.ts: a master's copies segment per block map, a DS's
// standing against the master per pair of block maps) and isIntact remembers the messages seal() made last
// (messages.ts's ring).
// These show the remembered answers equal fresh ones: after every event of fuzz seeds, every node's key equals the key
// of a deep copy of all states (new objects: nothing remembered applies), and a message's verdict does not depend on
// whether seal() made that very object. The same for the block-map walks remembered by object: the invariant
// block-servers-are-dataservers (invariants.ts) and the liveness predicate blocks-replicated (replicate-liveness.ts).
import { BlockMap } from '../../../protocols/tfs/block-map.ts';
import { describe, expect, it } from 'vitest';
import type { Invariant, NodeView, View } from '../../../sim/index.ts';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsMsg, TfsState } from '../../../protocols/tfs/index.ts';
import { isIntact, seal } from '../../../protocols/tfs/messages.ts';
import { blockServersAreDataservers } from '../../../protocols/tfs/invariants.ts';
import { blocksReplicated } from '../../../protocols/tfs/replicate-liveness.ts';
import { crcOf } from '../../../sim/crc32.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';

/**
 * A state deep-copied (structuredClone keeps its content, not its identity); a block map comes back as plain data, so it
 * is made a BlockMap again (with the report's map, which structuredClone kept the same object).
 */
function deepCopy(s: TfsState): TfsState {
  const c = structuredClone(s) as TfsState & { blocks?: { ids: number[]; values: never[]; indexCount: number }; lastReport?: { blocks: object } };
  const remade = (x: unknown): BlockMap<never> => { const raw = x as { backIds: number[]; backValues: never[]; size: number; indexCount: number }; return new BlockMap(raw.backIds.slice(0, raw.size), raw.backValues.slice(0, raw.size), raw.indexCount); };
  // A client's request records are block maps too (state.ts ClientState).
  if (c.kind === 'client') return { ...c, pending: remade(c.pending), writes: remade(c.writes), writing: remade(c.writing) };
  if (c.kind !== 'ns' && c.kind !== 'ds') return c;
  const raw = c.blocks as unknown as { ids: number[]; values: never[]; indexCount: number };
  const blocks = remade(raw);
  const lastReport = c.kind === 'ns' && c.lastReport?.blocks === raw ? { ...c.lastReport, blocks } : c.kind === 'ns' ? c.lastReport : undefined;
  return c.kind === 'ns' ? { ...c, blocks, ...(lastReport !== undefined ? { lastReport } : {}) } : { ...c, blocks };
}

/** The view with every node's state deep-copied. */
function copied(view: View<TfsState>): View<TfsState> {
  const nodes: NodeView<TfsState>[] = view.nodes.map((n) => ({ ...n, state: n.state === undefined ? undefined : deepCopy(n.state) }));
  const v = Object.create(view) as View<TfsState> & { nodes: NodeView<TfsState>[] };
  Object.defineProperty(v, 'nodes', { value: nodes });
  Object.defineProperty(v, 'node', { value: (id: string) => nodes.find((n) => n.id === id)! });
  return v;
}

describe('tfs remembered coverage keys and message checks', () => {
  it('every node\'s key equals the key of deep-copied states after every event (clean fuzz seeds)', () => {
    const key = tfsProtocol.coverageKey!;
    for (const seed of [1000, 1003, 1070001]) {
      const mismatches: string[] = [];
      let compared = 0;
      const agree: Invariant<TfsState> = {
        name: 'remembered-keys-agree',
        description: 'test only: remembered coverage keys equal fresh ones',
        check(view) {
          const fresh = copied(view);
          for (let i = 0; i < view.nodes.length; i++) {
            const a = key(view.nodes[i]!, view);
            const b = key(fresh.nodes[i]!, fresh);
            compared++;
            if (a !== b) mismatches.push(`${view.nowUs} ${view.nodes[i]!.id}: ${a} vs ${b}`);
          }
          return null;
        },
      };
      const r = runFuzzSeed({ protocol: { ...tfsProtocol, invariants: [...tfsProtocol.invariants, agree] }, seed, run: { invariantChecks: 'full' } });
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
    }
  });

  it('block-servers-are-dataservers and blocks-replicated answer as on deep-copied states after every event', () => {
    for (const seed of [1000, 1003, 7004, 1070001]) {
      const mismatches: string[] = [];
      let compared = 0;
      let unmet = 0;
      const agree: Invariant<TfsState> = {
        name: 'remembered-block-walks-agree',
        description: 'test only: remembered block-map walks equal fresh ones',
        check(view) {
          const fresh = copied(view);
          for (const c of [blockServersAreDataservers, blocksReplicated]) {
            const a = c.check(view);
            const b = c.check(fresh);
            compared++;
            if (a !== null && c === blocksReplicated) unmet++;
            if (a !== b) mismatches.push(`${view.nowUs} ${c.name}: ${a} vs ${b}`);
          }
          return null;
        },
      };
      const r = runFuzzSeed({ protocol: { ...tfsProtocol, invariants: [...tfsProtocol.invariants, agree] }, seed, run: { invariantChecks: 'full' } });
      expect(r.verdict, `seed ${seed}: ${r.violation?.message}`).toBe('pass');
      expect(mismatches.slice(0, 5)).toEqual([]);
      expect(compared).toBeGreaterThan(1000);
      expect(unmet).toBeGreaterThan(0);
    }
  });

  it('seal: a message without a sum is folded as itself, to the sum of its copy with sum undefined', () => {
    const m = { type: 'new-block', blockId: 100101, tag: 'ns1:1:100101', mirror: 100090 } as TfsMsg;
    expect(seal(m).sum).toBe(crcOf({ ...m, sum: undefined }));
  });

  it('seal: stamps in place the text the old copy { ...msg, sum } had, and its mark is not carried by copies', () => {
    const fields = { type: 'ns-keepalive', id: 3, kind: 'RENEW', leaseKey: 'k1' } as const;
    const m = seal({ ...fields } as TfsMsg);
    expect(JSON.stringify(m)).toBe(JSON.stringify({ ...fields, sum: crcOf(fields) }));
    const damaged = { ...m, sum: 0 } as TfsMsg;
    expect(isIntact(damaged)).toBe(false);
    expect(isIntact(JSON.parse(JSON.stringify(m)) as TfsMsg)).toBe(true);
  });

  it('isIntact: a sealed message, its deep copy and a damaged copy get the same verdicts as before the memory', () => {
    const m = seal({ type: 'client-resp', id: 7, result: { ok: true, blockId: 100101, servers: ['ds1', 'ds2'] } } as TfsMsg);
    expect(isIntact(m)).toBe(true);
    expect(isIntact(structuredClone(m))).toBe(true);
    expect(isIntact({ ...m, id: 8 } as TfsMsg)).toBe(false);
    expect(isIntact({ ...m, sum: (m.sum! + 1) >>> 0 } as TfsMsg)).toBe(false);
    const { sum: _, ...unsealed } = m;
    expect(isIntact(unsealed as TfsMsg)).toBe(false);
  });

  it('isIntact: a message asked twice (a duplicated datagram), or after thousands of later seals, is still intact, checked in full', () => {
    const m = seal({ type: 'ha-ping', epochUs: 5, n: 1, holder: 'ns1' } as TfsMsg);
    expect(isIntact(m)).toBe(true);
    expect(isIntact(m)).toBe(true); // still in the ring (one object sent to two peers is taken twice)
    const early = seal({ type: 'ha-ping', epochUs: 5, n: 2, holder: null } as TfsMsg);
    for (let n = 3; n < 5000; n++) seal({ type: 'ha-ping', epochUs: 5, n, holder: 'ns2' } as TfsMsg);
    expect(isIntact(early)).toBe(true);
    // A planted slip: a remembered message whose content changed after seal() (messages are immutable, so only a test
    // can do this) is taken on the ring's word, while after the ring has let it go (later seals) the full check finds it.
    const slip = seal({ type: 'ha-ping', epochUs: 5, n: 9, holder: 'ns1' } as TfsMsg) as { n: number } & TfsMsg;
    slip.n = 10;
    expect(isIntact(slip)).toBe(true);
    for (let n = 0; n < 300; n++) seal({ type: 'ha-ping', epochUs: 6, n, holder: 'ns2' } as TfsMsg);
    expect(isIntact(slip)).toBe(false);
  });
});
