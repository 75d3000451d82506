// The per-entity KV model: a write failed with isMaybeApplied (GetAllPending after its entry was decided) may or
// may not have taken effect, so later reads may see either; a definite failure never took effect.
import { describe, expect, it } from 'vitest';
import { entityKvModel } from '../../../protocols/paxosstore/sequential-model.ts';
import type { ClientOpIn, ClientResult } from '../../../protocols/paxosstore/client.ts';

const w = (value: number): ClientOpIn => ({ type: 'write', entity: 'e0', key: 'k0', value });
const r: ClientOpIn = { type: 'read', entity: 'e0', key: 'k0' };
function run(steps: readonly [ClientOpIn, ClientResult | undefined][]): boolean {
  let st = entityKvModel.init();
  for (const [input, out] of steps) {
    const [ok, next] = entityKvModel.step(st, input, out);
    if (!ok) return false;
    st = next;
  }
  return true;
}

describe('paxosstore: entity KV model', () => {
  const maybe: ClientResult = { ok: false, error: 'get-all-pending', isMaybeApplied: true };
  const failed: ClientResult = { ok: false, error: 'state-accept-failed' };
  it('lets a read after a maybe-applied write see it or not, and then sticks to what it saw', () => {
    expect(run([[w(1), { ok: true }], [w(2), maybe], [r, { ok: true, value: 2 }]])).toBe(true);
    expect(run([[w(1), { ok: true }], [w(2), maybe], [r, { ok: true, value: 1 }]])).toBe(true);
    expect(run([[w(1), { ok: true }], [w(2), maybe], [r, { ok: true, value: 1 }], [r, { ok: true, value: 2 }]])).toBe(false);
  });
  it('never lets a read see a definitely failed write', () => {
    expect(run([[w(1), { ok: true }], [w(2), failed], [r, { ok: true, value: 2 }]])).toBe(false);
    expect(run([[w(1), { ok: true }], [w(2), failed], [r, { ok: true, value: 1 }]])).toBe(true);
  });
});
