// Client workload (racing put/get through the clients, operator ops on cs0) and the sequential model of what
// Tair's put/get guarantee.
import type { ScheduledOp, SequentialModel, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { TairOptions } from './options.ts';
import { clientIds, dsIds, tairLivenessBoundUs } from './options.ts';
import { TAIL_KEY_PREFIX } from './liveness-tail.ts';

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

/** History lanes of the tail ops (liveness-tail.ts), apart from every other lane; each lane's ops are TAIL_GAP_US * TAIL_LANES apart. */
const TAIL_LANE_BASE = 100;
const TAIL_LANES = 4;
const TAIL_GAP_US = seconds(1);
/** A tail get follows its put by this much, from the next client. */
const TAIL_GET_DELAY_US = ms(500);

/**
 * The tail ops: from 1 s after the heal, once a second for the liveness bound, a put of `tail<n>` = `tail<n>` from a
 * rotating client, and a get of it 500 ms later from the next client. Scheduled without a prng draw, so the fault
 * phase's ops are unchanged; the liveness phase ends once every predicate holds, so most are never issued.
 */
function tailOps(o: TairOptions, healUs: number, boundUs: number): ScheduledOp[] {
  const clients = clientIds(o);
  if (clients.length === 0) return [];
  const ops: ScheduledOp[] = [];
  let round = 0;
  for (let t = healUs + TAIL_GAP_US; t < healUs + boundUs; t += TAIL_GAP_US, round++) {
    const key = `${TAIL_KEY_PREFIX}${round}`;
    const lane = TAIL_LANE_BASE + 2 * (round % TAIL_LANES);
    ops.push({ atUs: t, target: clients[round % clients.length]!, client: lane, op: { type: 'put', key, value: key } });
    ops.push({ atUs: t + TAIL_GET_DELAY_US, target: clients[(round + 1) % clients.length]!, client: lane + 1, op: { type: 'get', key } });
  }
  return ops;
}

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
    ops.push(...tailOps(o, durationUs, tairLivenessBoundUs(o)));
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
