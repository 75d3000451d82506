// The put/get model: a get returns nothing or a value some put of that key wrote; failed ops are free.
import { describe, expect, it } from 'vitest';
import { tairKvModel } from '../../../protocols/tair/workload.ts';

const step = tairKvModel.step.bind(tairKvModel);

describe('tair: put/get model', () => {
  it('accepts a get of a written value and of nothing (data may be lost)', () => {
    const [, s1] = step(tairKvModel.init(), { type: 'put', key: 'k0', value: 'v1' }, { ok: true });
    expect(step(s1, { type: 'get', key: 'k0' }, { ok: true, value: 'v1' })[0]).toBe(true);
    expect(step(s1, { type: 'get', key: 'k0' }, { ok: true, value: null })[0]).toBe(true);
  });

  it('accepts a stale value (async duplication, dual master)', () => {
    let s = tairKvModel.init();
    s = step(s, { type: 'put', key: 'k0', value: 'v1' }, { ok: true })[1];
    s = step(s, { type: 'put', key: 'k0', value: 'v2' }, { ok: true })[1];
    expect(step(s, { type: 'get', key: 'k0' }, { ok: true, value: 'v1' })[0]).toBe(true);
  });

  it('rejects a value never written, and counts failed or unknown puts as possibly applied', () => {
    expect(step(tairKvModel.init(), { type: 'get', key: 'k0' }, { ok: true, value: 'v9' })[0]).toBe(false);
    const [, afterFailed] = step(tairKvModel.init(), { type: 'put', key: 'k0', value: 'v3' }, { ok: false });
    expect(step(afterFailed, { type: 'get', key: 'k0' }, { ok: true, value: 'v3' })[0]).toBe(true);
    const [, afterUnknown] = step(tairKvModel.init(), { type: 'put', key: 'k0', value: 'v4' }, undefined);
    expect(step(afterUnknown, { type: 'get', key: 'k0' }, { ok: true, value: 'v4' })[0]).toBe(true);
  });

  it('splits the history by key', () => {
    expect(tairKvModel.partitionKey!({ type: 'get', key: 'k2' })).toBe('k2');
  });
});
