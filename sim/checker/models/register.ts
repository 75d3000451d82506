// The etcd register model (Jepsen semantics): read / write / compare-and-set on one key, initially absent.
import { ILLEGAL } from '../types.ts';
import type { CheckModel, Illegal } from '../types.ts';

/**
 * A register value, kept exact: a number when it is a safe integer, else a bigint (see `exactInt`). Every value is
 * made the same way, so `===` compares them exactly (2^53 and 2^53 + 1 stay different).
 */
export type RegisterValue = number | bigint;

export type RegisterInput =
  | { readonly f: 'read' }
  | { readonly f: 'write'; readonly value: RegisterValue }
  | { readonly f: 'cas'; readonly from: RegisterValue; readonly to: RegisterValue };

/**
 * 'ok' with the value read (null = key absent) for a read; 'fail' = definitely did not take effect
 * (a failed cas saw another value). An unknown outcome is `undefined`.
 */
export type RegisterOutput = { readonly type: 'ok'; readonly value?: RegisterValue | null } | { readonly type: 'fail' };

/** null = key absent (Porcupine's -1000000 sentinel). */
export type RegisterState = RegisterValue | null;

/** Decimal integer text → its exact value: a number when safe (fast), else a bigint. */
export function exactInt(text: string): RegisterValue {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

export const registerModel: CheckModel<RegisterState, RegisterInput, RegisterOutput> = {
  name: 'etcd',
  init: () => null,
  step(state, input, output): RegisterState | Illegal {
    switch (input.f) {
      case 'read':
        if (output === undefined || output.type === 'fail') return state;
        return output.value === state ? state : ILLEGAL;
      case 'write':
        return output !== undefined && output.type === 'fail' ? state : input.value;
      case 'cas':
        if (output === undefined) return state === input.from ? input.to : state;
        if (output.type === 'ok') return state === input.from ? input.to : ILLEGAL;
        return state !== input.from ? state : ILLEGAL;
      default: return input satisfies never;
    }
  },
  stateKey: (state) => (state === null ? 'nil' : state),
  describeOp(input, output) {
    const res = output === undefined ? 'unknown' : output.type === 'fail' ? 'fail' : 'ok';
    switch (input.f) {
      case 'read': return `read → ${output?.type === 'ok' ? (output.value ?? 'nil') : res}`;
      case 'write': return `write(${input.value}) → ${res}`;
      case 'cas': return `cas(${input.from}→${input.to}) → ${res}`;
      default: return input satisfies never;
    }
  },
  describeState: (state) => (state === null ? 'nil' : String(state)),
};
