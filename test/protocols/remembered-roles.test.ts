// roles() of paxosstore and zab remember their last answer while exactly what they read (node states by identity,
// paxosstore's up flags too) is unchanged. After every event of fuzz seeds the
// remembered answer equals a fresh computation, so no input the memory does not compare changes the roles.
import { describe, expect, it } from 'vitest';
import type { View } from '../../sim/index.ts';
import { runFuzzSeed } from '../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../protocols/paxosstore/index.ts';
import { computeRoles as psRolesFresh, roles as psRoles } from '../../protocols/paxosstore/liveness.ts';
import { zabProtocol } from '../../protocols/zab/index.ts';
import { zabRoles, zabRolesFresh } from '../../protocols/zab/roles.ts';

type AnyView = View<never>;
interface Case { readonly protocol: Parameters<typeof runFuzzSeed>[0]['protocol']; readonly remembered: (v: AnyView) => unknown; readonly fresh: (v: AnyView) => unknown }

const cases: Record<string, Case> = {
  paxosstore: { protocol: paxosstoreProtocol as Case['protocol'], remembered: (v) => psRoles(v), fresh: (v) => psRolesFresh(v) },
  zab: { protocol: zabProtocol as Case['protocol'], remembered: (v) => zabRoles(v), fresh: (v) => zabRolesFresh(v) },
};

/** Compares the remembered roles with fresh ones after every event of the seed: [events, remembered hits, mismatches]. */
function compareAlong(c: Case, seed: number): [number, number, string[]] {
  let events = 0;
  let hits = 0;
  let last: unknown = null;
  const bad: string[] = [];
  runFuzzSeed({
    protocol: c.protocol, seed,
    run: {
      onEvent: (_i, _r, v) => {
        const view = v as AnyView;
        const r = c.remembered(view);
        if (r === last) hits++;
        last = r;
        const a = JSON.stringify(r);
        const b = JSON.stringify(c.fresh(view));
        if (a !== b && bad.length < 5) bad.push(`seed ${seed} event ${events}: ${a} vs ${b}`);
        events++;
      },
    },
  });
  return [events, hits, bad];
}

describe('remembered roles agree with a fresh computation after every event', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      for (const seed of [1, 7001, 860606]) {
        const [events, hits, bad] = compareAlong(c, seed);
        expect(bad).toEqual([]);
        expect(events).toBeGreaterThan(100);
        expect(hits).toBeGreaterThan(0);
      }
    });
  }
});
