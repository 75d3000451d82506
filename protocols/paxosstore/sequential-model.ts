// The sequential model client histories are checked against (linearizability): each entity an independent key-value
// map. A check, not workload code: its own file so the mutation runner leaves it out of every sample (a weakened
// model lets a clean campaign pass, so only its unit tests, test/protocols/paxosstore/model.test.ts, can kill it).
import type { SequentialModel } from '../../sim/index.ts';
import type { ClientOpIn, ClientResult } from './client.ts';

type KvMap = Readonly<Record<string, number>>;
/**
 * The states the entity may be in. A write answered with `isMaybeApplied` (GetAllPending after its entry was
 * decided elsewhere) may or may not have been chosen: the model keeps both (a powerset of the plain KV model).
 */
type KvStates = readonly KvMap[];

const kvKey = (st: KvMap): string => JSON.stringify(Object.keys(st).sort().map((k) => [k, st[k]]));

function dedup(states: readonly KvMap[]): KvStates {
  const seen = new Map<string, KvMap>();
  for (const s of states) seen.set(kvKey(s), s);
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}

export const entityKvModel: SequentialModel<KvStates, ClientOpIn, ClientResult> = {
  name: 'paxosstore-entity-kv',
  init: () => [{}],
  step(sts, input, out: ClientResult | undefined) {
    if (input.type === 'write') {
      const applied = sts.map((st) => ({ ...st, [input.key]: input.value }));
      // An unknown outcome (undefined) is stepped as having taken effect; a definite failure never did.
      if (out === undefined || out.ok) return [true, dedup(applied)];
      return [true, out.isMaybeApplied === true ? dedup([...sts, ...applied]) : sts];
    }
    if (out === undefined || !out.ok) return [true, sts];
    const fits = sts.filter((st) => (st[input.key] ?? null) === (out.value ?? null));
    return [fits.length > 0, fits];
  },
  partitionKey: (input) => input.entity,
  key: (sts) => sts.map(kvKey).join('|'),
  describe: (input, out) => `${input.type} ${input.entity}/${input.key}${input.type === 'write' ? `=${input.value}` : ''} → ${out === undefined ? '?' : JSON.stringify(out)}`,
};
