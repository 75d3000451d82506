// Client workload (racing put/get through the clients, operator ops on cs0) and the sequential model of what
// Tair's put/get guarantee.
import type { ScheduledOp, SequentialModel, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { TairOptions } from './options.ts';
import { dsIds } from './options.ts';

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

/** The logical client (history lane) of operator ops, apart from the put/get clients so they never block each other. */
const operatorLane = (o: TairOptions): number => o.clientCount;

/** After heal, the operator touches group.conf once everything that will be DOWN is (Tair's documented remedy). */
export const operatorTouchAfterHealUs = (o: TairOptions): number => 2 * o.serverDowntimeUs + 2 * o.loopIntervalUs;

/**
 * Every op the model supports. put/get with contention: every other round all clients race on one key at the
 * same instant, else one client acts. Operator ops go to cs0 (the configured master, where operators edit
 * group.conf; with isOperatorInWorkload, which fuzzing sets): now and then a touch, a group.conf edit that drops a dataserver, or a force-down; and a final
 * touch restoring the full list after heal, so that dataservers left DOWN by accept strategy 0 rejoin (without it
 * every fuzz run that marks a dataserver DOWN would end with it solitary for good: a liveness loss by design that
 * the anomaly dataserver-solitary-until-touched counts).
 */
export const tairWorkload: Workload<TairOptions> = {
  timeoutUs: seconds(1),
  model: tairKvModel,
  generate(prng, _nodes, o, durationUs) {
    const ops: ScheduledOp[] = [];
    const all = dsIds(o);
    let n = 0;
    const kv = (atUs: number, client: number, key: string, isPut: boolean): void => {
      n++;
      ops.push({ atUs, target: `c${client + 1}`, client, op: isPut ? { type: 'put', key, value: `v${n}` } : { type: 'get', key } });
    };
    for (let t = ms(1500); t < durationUs; t += ms(100) + prng.int(ms(300))) {
      const key = `k${prng.int(o.keyCount)}`;
      if (prng.chance({ numerator: 1, denominator: 2 })) {
        for (let c = 0; c < o.clientCount; c++) kv(t, c, key, prng.chance({ numerator: 1, denominator: 2 }));
      } else {
        kv(t, prng.int(o.clientCount), key, prng.chance({ numerator: 1, denominator: 2 }));
      }
    }
    if (!o.isOperatorInWorkload) return ops;
    const operator = (atUs: number, op: ScheduledOp['op']): void => { ops.push({ atUs, target: 'cs0', client: operatorLane(o), op }); };
    const at = (): number => ms(2000) + prng.int(Math.max(1, durationUs - ms(2000)));
    const ds = all[prng.int(all.length)]!;
    switch (prng.int(4)) {
      case 0: operator(at(), { type: 'force-down', ds }); break;
      case 1: operator(at(), { type: 'edit-group-conf', dataservers: all.filter((x) => x !== ds) }); break;
      case 2: operator(at(), { type: 'edit-group-conf' }); break;
      default: break;
    }
    operator(durationUs + operatorTouchAfterHealUs(o), { type: 'edit-group-conf', dataservers: all });
    return ops.sort((a, b) => a.atUs - b.atUs || a.client - b.client);
  },
};
