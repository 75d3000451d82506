// Generators of histories for property tests: executions of the models with linearization points inside intervals.
import fc from 'fast-check';
import { ILLEGAL } from '../../sim/checker/index.ts';
import type { CheckModel, Op, RegisterInput, RegisterOutput, KvInput, KvOutput } from '../../sim/checker/index.ts';

export interface GenOp<I> {
  readonly input: I;
  /** How far the call starts before, and the return ends after, the linearization point. */
  readonly beforeUs: number;
  readonly afterUs: number;
  /** The client never learns the outcome. */
  readonly isUnknown: boolean;
  /** For an unknown outcome: did it take effect? */
  readonly hasTakenEffect: boolean;
}

export const registerInput: fc.Arbitrary<RegisterInput> = fc.oneof(
  fc.constant({ f: 'read' as const }),
  fc.integer({ min: 0, max: 3 }).map((value) => ({ f: 'write' as const, value })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([from, to]) => ({ f: 'cas' as const, from, to })),
);

export const kvInput: fc.Arbitrary<KvInput> = fc.record({
  f: fc.constantFrom('get' as const, 'put' as const, 'append' as const),
  key: fc.constantFrom('a', 'b', 'c'),
  value: fc.constantFrom('x', 'y', 'zz', ''),
}).map((i) => (i.f === 'get' ? { ...i, value: '' } : i));

export function genOps<I>(input: fc.Arbitrary<I>, opts: { readonly maxLength: number; readonly isConcurrent: boolean; readonly hasUnknown: boolean }): fc.Arbitrary<GenOp<I>[]> {
  const spread = opts.isConcurrent ? 40 : 4;
  return fc.array(fc.record({
    input,
    beforeUs: fc.integer({ min: 0, max: spread }),
    afterUs: fc.integer({ min: 0, max: spread }),
    isUnknown: opts.hasUnknown ? fc.boolean() : fc.constant(false),
    hasTakenEffect: fc.boolean(),
  }), { minLength: 1, maxLength: opts.maxLength });
}

/** The outcome a sequential execution gives; unknown outcomes that did not take effect leave the state alone. */
export type OutputOf<S, I, O> = (model: CheckModel<S, I, O>, state: S, input: I) => O;

export const registerOutput: OutputOf<any, RegisterInput, RegisterOutput> = (_m, state, input) => {
  switch (input.f) {
    case 'read': return { type: 'ok', value: state };
    case 'write': return { type: 'ok' };
    case 'cas': return state === input.from ? { type: 'ok' } : { type: 'fail' };
    default: return input satisfies never;
  }
};

export const kvOutput: OutputOf<any, KvInput, KvOutput> = (_m, state, input) => ({ type: 'ok', value: input.f === 'get' ? (state.get(input.key) ?? '') : input.value });

/**
 * Executes the ops in order on `model` (op i takes effect at time 100·i); each interval contains
 * that point, so the history is linearizable by construction.
 */
export function execute<S, I, O>(model: CheckModel<S, I, O>, outputOf: OutputOf<S, I, O>, gen: readonly GenOp<I>[]): Op<I, O>[] {
  let state = model.init();
  return gen.map((g, i) => {
    const point = 100 * i + 50;
    const call = point - g.beforeUs;
    if (g.isUnknown) {
      if (g.hasTakenEffect) {
        const next = model.step(state, g.input, undefined);
        if (next === ILLEGAL) throw new Error('unknown outcomes are always legal');
        state = next;
      }
      return { id: i, client: i, input: g.input, output: undefined, call, ret: null };
    }
    const output = outputOf(model, state, g.input);
    const next = model.step(state, g.input, output);
    if (next === ILLEGAL) throw new Error(`the execution's own output is illegal at op ${i}`);
    state = next;
    return { id: i, client: i, input: g.input, output, call, ret: point + g.afterUs };
  });
}
