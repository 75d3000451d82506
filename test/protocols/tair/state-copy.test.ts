// state-copy.ts writes node states out field by field (one hidden class instead of megamorphic spread clones): each
// copy must hold every field of the state it copies, with the same values, in the same order as the state's own keys
// (a spread's order), for every state of fuzz seeds; withEntry must give what `{ ...r, [key]: value }` gives.
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import { patched } from '../../../sim/index.ts';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { ClientState, CsState, DsState, TairState } from '../../../protocols/tair/state.ts';
import { clientWith, copyClient, copyCs, copyDs, csWith, dsWith, patchedClient, patchedCs, patchedDs, withEntry } from '../../../protocols/tair/state-copy.ts';
import { tableWith } from '../../../protocols/tair/table.ts';

const copyOf = (s: TairState): object => (s.kind === 'configserver' ? copyCs(s) : s.kind === 'dataserver' ? copyDs(s) : copyClient(s));

/** Per seed: states compared, and the first mismatches. */
function compareAlong(seed: number): [number, string[]] {
  let compared = 0;
  const bad: string[] = [];
  const seen = new Set<object>();
  runFuzzSeed({
    protocol: tairProtocol, seed,
    run: {
      onEvent: (_i, _r, v) => {
        for (const n of (v as View<TairState>).nodes) {
          const s = n.state;
          if (s === undefined || seen.has(s)) continue;
          seen.add(s);
          compared++;
          const c = copyOf(s);
          const keys = Object.keys(s).join();
          if (Object.keys(c).join() !== keys && bad.length < 5) bad.push(`${n.id} keys ${Object.keys(c).join()} vs ${keys}`);
          for (const k of Object.keys(s)) if ((c as Record<string, unknown>)[k] !== (s as unknown as Record<string, unknown>)[k] && bad.length < 5) bad.push(`${n.id} field ${k}`);
        }
      },
    },
  });
  return [compared, bad];
}

/** The states of a fuzz seed (each object once). */
function statesOf(seed: number): TairState[] {
  const out = new Set<TairState>();
  runFuzzSeed({
    protocol: tairProtocol, seed,
    run: { onEvent: (_i, _r, v) => { for (const n of (v as View<TairState>).nodes) if (n.state !== undefined) out.add(n.state); } },
  });
  return [...out];
}
const csStatesOf = (seed: number): CsState[] => statesOf(seed).filter((s): s is CsState => s.kind === 'configserver');

/** Per state: the kind's `with` and patched forms and some patches of its fields (new values and the same ones). */
function patchesOf(s: TairState): { with: (p: object) => TairState; patched: (p: object) => TairState; patches: object[] } {
  if (s.kind === 'configserver') {
    return {
      with: (p) => csWith(s, p as Partial<CsState>), patched: (p) => patchedCs(s, p as Partial<CsState>),
      patches: [{}, { peerUpBumps: s.peerUpBumps + 1 }, { peer: { ...s.peer, status: 'down' }, hardChecks: 7 }, { masterId: s.masterId, isBuildQueued: s.isBuildQueued }, { isBuildQueued: !s.isBuildQueued, changedAtUs: null }],
    };
  }
  if (s.kind === 'dataserver') {
    return {
      with: (p) => dsWith(s, p as Partial<DsState>), patched: (p) => patchedDs(s, p as Partial<DsState>),
      patches: [{}, { isConfigInited: true }, { links: s.links }, { finished: [...s.finished, 1], maxTransitionSeen: 3 }],
    };
  }
  return {
    with: (p) => clientWith(s, p as Partial<ClientState>), patched: (p) => patchedClient(s, p as Partial<ClientState>),
    patches: [{}, { links: s.links }, { configVersion: s.configVersion + 1, newConfigVersion: 2 }, { pending: [] }],
  };
}

describe('tair state copies', () => {
  // csWith/dsWith/clientWith and patchedCs/Ds/Client stand for `{ ...s, ...p }` and sim's patched at the update sites:
  // same entries in the same order, always a new object from the former, and `s` itself from the latter exactly when
  // patched gives it.
  it('the kinds\' with and patched forms give what the spread and patched give, for every state of fuzz seeds', () => {
    const compared = { configserver: 0, dataserver: 0, client: 0 };
    for (const seed of [1, 2, 3]) {
      for (const s of statesOf(seed)) {
        const f = patchesOf(s);
        for (const p of f.patches) {
          const w = f.with(p);
          expect(w).not.toBe(s);
          expect(Object.entries(w)).toEqual(Object.entries({ ...s, ...p }));
          const q = f.patched(p);
          const r = patched(s, p as Partial<TairState>);
          expect(q === s).toBe(r === s);
          expect(Object.entries(q)).toEqual(Object.entries(r));
          compared[s.kind]++;
        }
      }
    }
    for (const n of Object.values(compared)) expect(n).toBeGreaterThan(100);
  });

  it('copy every field of every state, in the state\'s key order', () => {
    let compared = 0;
    for (const seed of [1, 2, 3]) {
      const [n, bad] = compareAlong(seed);
      expect(bad).toEqual([]);
      compared += n;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('tableWith gives what the spread gives, for every configserver table of fuzz seeds', () => {
    let compared = 0;
    for (const seed of [1, 2, 3]) {
      for (const t of new Set(csStatesOf(seed).map((s) => s.table))) {
        for (const p of [{}, { migrated: [3] }, { version: t.version + 1, clientVersion: 7 }, { hash: t.dest, migrated: [], transitionVersion: 0 }]) {
          const w = tableWith(t, p);
          expect(w).not.toBe(t);
          expect(Object.entries(w)).toEqual(Object.entries({ ...t, ...p }));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('withEntry gives what a spread with the key gives', () => {
    const r = { ds2: 1, ds1: 2 };
    expect(Object.entries(withEntry(r, 'ds1', 5))).toEqual(Object.entries({ ...r, ds1: 5 }));
    expect(Object.entries(withEntry(r, 'ds3', 5))).toEqual(Object.entries({ ...r, ds3: 5 }));
    expect(r).toEqual({ ds2: 1, ds1: 2 });
  });
});
