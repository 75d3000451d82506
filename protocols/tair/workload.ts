// Client workload (put/get through the clients) and the sequential model of what Tair's put/get guarantee.
import type { ScheduledOp, SequentialModel, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { TairOptions } from './options.ts';

export type KvInput =
  | { readonly type: 'put'; readonly key: string; readonly value: string }
  | { readonly type: 'get'; readonly key: string }
  | { readonly type: 'edit-group-conf' | 'force-down'; readonly [k: string]: unknown };
export interface KvOutput { readonly ok: boolean; readonly value?: string | null }

/**
 * What Tair's client put/get give (and what we check): a get returns nothing or a value some put of that key
 * wrote, a put that had begun before the get returned — never an invented value or another key's. Tair
 * promises no more: mdb keeps data in memory (a dataserver crash loses it), duplication to the other copies is
 * asynchronous, and under dual master two dataservers can both serve a bucket, so an acknowledged write can
 * vanish and a read can be stale. A failed or unknown put may still have been applied.
 */
export const tairKvModel: SequentialModel<readonly string[], KvInput, KvOutput> = {
  name: 'tair-kv-written-values',
  init: () => [],
  step(state, input, output) {
    switch (input.type) {
      case 'put': return [true, state.includes(input.value) ? state : [...state, input.value].sort()];
      case 'get': {
        if (output === undefined || !output.ok) return [true, state];
        const v = output.value ?? null;
        return [v === null || state.includes(v), state];
      }
      default: return [true, state];
    }
  },
  partitionKey: (input) => (input.type === 'put' || input.type === 'get' ? input.key : 'operator'),
  key: (state) => state.join('\u0000'),
  describe: (input, output) => `${input.type}${'key' in input ? ` ${String(input.key)}` : ''}${input.type === 'put' ? `=${input.value}` : ''} → ${output === undefined ? '?' : JSON.stringify(output)}`,
};

export const tairWorkload: Workload<TairOptions> = {
  timeoutUs: seconds(1),
  model: tairKvModel,
  generate(prng, _nodes, o, durationUs) {
    const ops: ScheduledOp[] = [];
    let n = 0;
    for (let t = ms(1500); t < durationUs; t += ms(100) + prng.int(ms(300))) {
      const client = prng.int(o.clientCount);
      const key = `k${prng.int(o.keyCount)}`;
      const isPut = prng.chance({ numerator: 1, denominator: 2 });
      n++;
      ops.push({ atUs: t, target: `c${client + 1}`, client, op: isPut ? { type: 'put', key, value: `v${n}` } : { type: 'get', key } });
    }
    return ops;
  },
};
