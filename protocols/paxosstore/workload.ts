// Client workload (reads and writes of a few keys in a few entities, several clients, any acceptor) and the
// sequential model: each entity is an independent map, so the history is checked per entity.
import type { ScheduledOp, SequentialModel, Workload } from '../../sim/index.ts';
import { ms } from '../../sim/index.ts';
import type { PaxosStoreOptions } from './options.ts';
import { acceptorId, entityName } from './state.ts';
import type { ClientOpIn, ClientResult } from './client.ts';

const CLIENTS = 4;

type KvState = Readonly<Record<string, number>>;

export const entityKvModel: SequentialModel<KvState, ClientOpIn, ClientResult> = {
  name: 'paxosstore-entity-kv',
  init: () => ({}),
  step(st, input, out: ClientResult | undefined) {
    // An unknown outcome (undefined) is stepped as having taken effect; a failure never did.
    if (out !== undefined && !out.ok) return [true, st];
    if (input.type === 'write') return [true, { ...st, [input.key]: input.value }];
    if (out === undefined) return [true, st];
    return [(out.value ?? null) === (st[input.key] ?? null), st];
  },
  partitionKey: (input) => input.entity,
  key: (st) => JSON.stringify(Object.keys(st).sort().map((k) => [k, st[k]])),
  describe: (input, out) => `${input.type} ${input.entity}/${input.key}${input.type === 'write' ? `=${input.value}` : ''} → ${out === undefined ? '?' : JSON.stringify(out)}`,
};

export const workload: Workload<PaxosStoreOptions> = {
  timeoutUs: ms(1000),
  model: entityKvModel,
  generate(prng, _nodes, opts, durationUs) {
    const ops: ScheduledOp[] = [];
    let value = 0;
    const gap = Math.max(1, opts.workloadOpIntervalUs);
    for (let t = ms(50); t < durationUs; t += 1 + prng.int(2 * gap)) {
      const entity = entityName(prng.int(opts.entityCount));
      const key = `k${prng.int(opts.keysPerEntity)}`;
      const target = acceptorId(prng.int(opts.acceptorCount));
      const client = prng.int(CLIENTS);
      const op: ClientOpIn = prng.int(2) === 0 ? { type: 'write', entity, key, value: ++value } : { type: 'read', entity, key };
      ops.push({ atUs: t, target, client, op: { ...op } });
    }
    return ops;
  },
};
