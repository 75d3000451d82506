// perPlan (protocols/paxosstore/liveness-tail.ts) keeps a client-plan answer per plan array and entity: it must give the
// plain test's answer for every plan and entity, and ask again when the plan array is another one (another run).
import { describe, expect, it } from 'vitest';
import type { ScheduledOp, View } from '../../../sim/index.ts';
import { perPlan } from '../../../protocols/paxosstore/liveness-tail.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

const viewOf = (plan: readonly ScheduledOp[] | undefined): View<NodeState> => ({ clientPlan: plan }) as unknown as View<NodeState>;
const op = (entity: string, key: string): ScheduledOp => ({ atUs: 0, client: 1, op: { type: 'write', entity, key } }) as unknown as ScheduledOp;

describe('paxosstore: perPlan', () => {
  const plain = (view: View<NodeState>, entity: string): boolean => (view.clientPlan ?? []).some((s) => s.op['entity'] === entity && s.op['key'] === 'tail');

  it('answers as the plain test for every plan and entity, in any order of asking', () => {
    const memo = perPlan(plain);
    const plans = [[op('e0', 'tail')], [op('e1', 'tail'), op('e0', 'k0')], [], undefined, [op('e2', 'tail')]];
    const views = plans.map(viewOf);
    for (let round = 0; round < 3; round++) {
      for (const v of round === 1 ? [...views].reverse() : views) {
        for (const e of ['e0', 'e1', 'e2', 'e0']) expect(memo(v, e)).toBe(plain(v, e));
      }
    }
  });

  it('asks the test once per plan and entity', () => {
    let calls = 0;
    const memo = perPlan((v, e) => { calls++; return plain(v, e); });
    const v = viewOf([op('e0', 'tail')]);
    for (let i = 0; i < 5; i++) { memo(v, 'e0'); memo(v, 'e1'); }
    expect(calls).toBe(2);
    memo(viewOf([op('e0', 'tail')]), 'e0');
    expect(calls).toBe(3);
  });
});
