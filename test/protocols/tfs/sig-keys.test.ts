// tfs's nameserver coverage key is looked up by a compact signature of its parts (coverage.ts nsSignature, layout
// NS_SIG_PARTS) in a run-wide map from signature to key. These show that the key so found equals a raw rebuild of the key
// after every event of fuzz seeds, clean and with bug flags, and that the check has teeth: for every part of the
// signature, leaving that part out would make two states with different raw keys share a signature in these runs (so the
// lookup would return the wrong key and the equality above would fail).
import { describe, expect, it } from 'vitest';
import { tfsProtocol } from '../../../protocols/tfs/index.ts';
import type { TfsState } from '../../../protocols/tfs/index.ts';
import type { NsState } from '../../../protocols/tfs/state.ts';
import { NS_SIG_PARTS, nsKeyRaw, nsSignature } from '../../../protocols/tfs/coverage.ts';
import { compareAlongSeeds } from '../../support/compare-along.ts';

describe('tfs nameserver key by signature', () => {
  it('equals a raw rebuild after every event, and every signature part is needed (clean and bug-flag seeds)', () => {
    const key = tfsProtocol.coverageKey!;
    const parts = Object.entries(NS_SIG_PARTS);
    // Per part: the raw key first seen under the signature with that part's bits cleared; a different raw key there is
    // a collision, which is what leaving the part out would cause.
    const seenWithout = new Map<string, Map<number, string>>(parts.map(([name]) => [name, new Map()]));
    const caught = new Set<string>();
    const mismatches: string[] = [];
    let compared = 0;
    const flips: Record<string, (s: NsState) => NsState> = {
      role: (s) => ({ ...s, role: s.role === 'master' ? 'slave' : 'master' }),
      status: (s) => ({ ...s, status: s.status === 'initialized' ? 'uninitialized' : 'initialized' }),
      alloc: (s) => ({ ...s, isAllocGateOpen: !s.isAllocGateOpen }),
      rpcAsk: (s) => ({ ...s, roleAsk: s.roleAsk === null ? ({} as NonNullable<NsState['roleAsk']>) : null }),
      slaveLease: (s) => ({ ...s, slaveLease: s.slaveLease === null ? ({} as NonNullable<NsState['slaveLease']>) : null }),
      tairRpc: (s) => ({ ...s, tairRpc: s.tairRpc === null ? ({} as NonNullable<NsState['tairRpc']>) : null }),
      delQueue: (s) => ({ ...s, deleteQueue: (s.deleteQueue?.length ?? 0) > 0 ? [] : ([{}] as unknown as NonNullable<NsState['deleteQueue']>) }),
      vipReturned: (s) => ({ ...s, vipReturnsUnseen: s.vipReturnsUnseen > 0 ? 0 : 1 }),
    };
    const flipped = new Map<string, { sig: number; raw: string; sig2: number; raw2: string }[]>(Object.keys(flips).map((k) => [k, []]));
    const runs: { seed: number; bugs: string[] }[] = [
      ...[1000, 1003, 7004, 1070001].map((seed) => ({ seed, bugs: [] })),
      ...tfsProtocol.bugs.slice(0, 12).map((b, i) => ({ seed: 1000 + i, bugs: [b.id] })),
    ];
    compareAlongSeeds<TfsState>(tfsProtocol, runs, (n, st, view, { seed, bugs = [] }) => {
      if (st.kind !== 'ns') return null;
      const s: NsState = st;
      const raw = nsKeyRaw(n, s, view);
      const got = key(n, view);
      compared++;
      if (got !== raw) mismatches.push(`seed ${seed} ${bugs.join(',')} ${view.nowUs} ${n.id}: ${got} vs ${raw}`);
      const sig = nsSignature(n, s, view);
      expect(sig).toBeGreaterThanOrEqual(0);
      for (const [name, flip] of Object.entries(flips)) {
        const p = NS_SIG_PARTS[name]!;
        const list = flipped.get(name)!;
        if ((p.role !== undefined && p.role !== s.role) || list.length >= 50 || compared % 7 !== 0) continue;
        const t = flip(s);
        list.push({ sig, raw, sig2: nsSignature(n, t, view), raw2: nsKeyRaw(n, t, view) });
      }
      for (const [name, p] of parts) {
        if (p.role !== undefined && p.role !== s.role) continue;
        const without = sig & ~(((1 << p.width) - 1) << p.shift);
        const m = seenWithout.get(name)!;
        const first = m.get(without);
        if (first === undefined) m.set(without, raw);
        else if (first !== raw) caught.add(name);
      }
      return null;
    }, { invariantChecks: 'full' });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(5000);
    // Parts these runs never vary alone (role and status come with other parts; some bits are rare): each is flipped on
    // states the runs reached, and must change both the raw key and the signature, and nothing else in the signature.
    for (const [name, states] of flipped) {
      expect(states.length, name).toBeGreaterThan(0);
      for (const { sig, raw, sig2, raw2 } of states) {
        const p = NS_SIG_PARTS[name]!;
        const mask = ~(((1 << p.width) - 1) << p.shift);
        expect(raw2, name).not.toBe(raw);
        expect(sig2, name).not.toBe(sig);
        if (name !== 'role') expect(sig2 & mask, name).toBe(sig & mask);
      }
      caught.add(name);
    }
    expect(parts.map(([name]) => name).filter((name) => !caught.has(name))).toEqual([]);
  }, 600_000);
});
