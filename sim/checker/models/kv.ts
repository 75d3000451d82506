// The key-value model (Porcupine's kvModel): get / put / append on string values, partitioned by key.
import { ILLEGAL } from '../types.ts';
import type { CheckModel, Illegal } from '../types.ts';

export interface KvInput {
  readonly f: 'get' | 'put' | 'append';
  readonly key: string;
  /** The argument of put/append; '' for get. */
  readonly value: string;
}

/** 'ok' with the value read for a get (ignored for put/append); 'fail' = did not take effect. Unknown = `undefined`. */
export type KvOutput = { readonly type: 'ok'; readonly value: string } | { readonly type: 'fail' };

/** The nodes reachable from one initial state, and their children by value (no Map per node). */
class KvTrie {
  /** Nodes created so far (the next serial). */
  created = 0;
  /** Each appended value's id, and per value id the children by parent serial. */
  readonly valueIds = new Map<string, number>();
  readonly appendedBySerial: Map<number, KvState>[] = [];
  readonly putByValue = new Map<string, KvState>();
}

/**
 * The value of the partition's key ('' when never written), hash-consed: the node reached by the
 * same put and appends is the same object, so the search interns states by their serial instead
 * of hashing strings hundreds of characters long. Nodes are immutable; only the trie's indexes grow.
 */
export class KvState {
  /** Serial number within its trie, dense from 0: the state's id for the search memo. */
  readonly serial: number;

  private constructor(readonly value: string, private readonly trie: KvTrie) {
    this.serial = trie.created++;
  }

  static initial(): KvState { return new KvState('', new KvTrie()); }

  append(v: string): KvState {
    if (v === '') return this;
    const trie = this.trie;
    let id = trie.valueIds.get(v);
    if (id === undefined) {
      id = trie.appendedBySerial.length;
      trie.valueIds.set(v, id);
      trie.appendedBySerial.push(new Map());
    }
    const children = trie.appendedBySerial[id]!;
    let node = children.get(this.serial);
    if (node === undefined) {
      node = new KvState(this.value + v, trie);
      children.set(this.serial, node);
    }
    return node;
  }

  /** put(v) gives the same node from every state. */
  put(v: string): KvState {
    let node = this.trie.putByValue.get(v);
    if (node === undefined) {
      node = new KvState(v, this.trie);
      this.trie.putByValue.set(v, node);
    }
    return node;
  }
}

const SHOWN_CHARS_MAX = 60;

function show(s: string): string {
  return JSON.stringify(s.length > SHOWN_CHARS_MAX ? `…${s.slice(s.length - SHOWN_CHARS_MAX)}` : s);
}

function describeKvOp(input: KvInput, output: KvOutput | undefined): string {
  const res = output === undefined ? 'unknown' : output.type === 'fail' ? 'fail' : 'ok';
  switch (input.f) {
    case 'get': return `get(${show(input.key)}) → ${output?.type === 'ok' ? show(output.value) : res}`;
    case 'put': return `put(${show(input.key)}, ${show(input.value)}) → ${res}`;
    case 'append': return `append(${show(input.key)}, ${show(input.value)}) → ${res}`;
    default: return input.f satisfies never;
  }
}

/** Checks each key on its own (P-compositionality); the state is that key's string. */
export const kvModel: CheckModel<KvState, KvInput, KvOutput> = {
  name: 'kv',
  init: () => KvState.initial(),
  step(state, input, output): KvState | Illegal {
    if (output !== undefined && output.type === 'fail') return state;
    switch (input.f) {
      case 'get': return output === undefined || output.value === state.value ? state : ILLEGAL;
      case 'put': return state.put(input.value);
      case 'append': return state.append(input.value);
      default: return input.f satisfies never;
    }
  },
  stateKey: (state) => state.serial,
  denseStateId: (state) => state.serial,
  partitionKey: (input) => input.key,
  describeOp: describeKvOp,
  describeState: (state) => show(state.value),
};

/** The same model without partitioning (state: key → value): a slower cross-check of the partitioned one. */
export const kvNoPartitionModel: CheckModel<ReadonlyMap<string, string>, KvInput, KvOutput> = {
  name: 'kv-no-partition',
  init: () => new Map(),
  step(state, input, output) {
    if (output !== undefined && output.type === 'fail') return state;
    const cur = state.get(input.key) ?? '';
    switch (input.f) {
      case 'get': return output === undefined || output.value === cur ? state : ILLEGAL;
      case 'put': return new Map(state).set(input.key, input.value);
      case 'append': return new Map(state).set(input.key, cur + input.value);
      default: return input.f satisfies never;
    }
  },
  stateKey(state) {
    const keys = [...state.keys()].sort();
    let s = '';
    for (const k of keys) s += `${k.length}:${k}=${state.get(k)!.length}:${state.get(k)!}`;
    return s;
  },
  describeOp: describeKvOp,
  describeState(state) {
    const keys = [...state.keys()].sort();
    return `{${keys.map((k) => `${show(k)}: ${show(state.get(k)!)}`).join(', ')}}`;
  },
};
