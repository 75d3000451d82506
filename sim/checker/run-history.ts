// Adapts the kernel's recorded client history and a protocol's SequentialModel to the checker.
import type { HistoryOp } from '../history.ts';
import type { SequentialModel } from '../types.ts';
import type { LinearizabilityVerdict } from '../checker-hook.ts';
import { checkOps } from './check.ts';
import { formatResult } from './explain.ts';
import { ILLEGAL } from './types.ts';
import type { CheckLimits, CheckModel, CheckResult, Op } from './types.ts';

/** A model threw when asked to step an operation whose outcome is unknown (it must accept output `undefined`). */
export class UnknownOutputUnsupported extends Error {
  override name = 'UnknownOutputUnsupported';
}

/** The default state key: JSON text (module-level, not a closure per model: V8 holds a closure's optimised code weakly). */
const jsonKey = (s: unknown): string => JSON.stringify(s);

/**
 * A SequentialModel seen as a CheckModel. An operation with an unknown outcome is stepped with
 * output `undefined`: the model must accept it and return the state after the input took effect.
 * States are compared through `model.key` (default: JSON text, slower).
 */
export function fromSequentialModel<S, I, O>(model: SequentialModel<S, I, O>): CheckModel<S, I, O> {
  const key = model.key;
  return {
    name: model.name,
    init: () => model.init(),
    step(state, input, output) {
      if (output === undefined) {
        try {
          const [isLegal, next] = model.step(state, input, output as O);
          return isLegal ? next : ILLEGAL;
        } catch (e) {
          throw new UnknownOutputUnsupported(`model ${model.name} cannot step ${JSON.stringify(input)} with an unknown outcome (output undefined): ${String(e)}`);
        }
      }
      const [isLegal, next] = model.step(state, input, output);
      return isLegal ? next : ILLEGAL;
    },
    stateKey: key === undefined ? jsonKey : (s) => key.call(model, s),
    ...(model.partitionKey === undefined ? {} : { partitionKey: (input: I) => model.partitionKey!(input) }),
    describeOp: (input, output) => (model.describe === undefined ? `${JSON.stringify(input)} → ${output === undefined ? 'unknown' : JSON.stringify(output)}` : model.describe(input, output)),
    describeState: (s) => JSON.stringify(s) ?? String(s),
  };
}

/**
 * The history as checker ops, positions = the kernel's call/return sequence numbers. An 'unknown'
 * or still 'pending' outcome may take effect any time after the call, so it has no return. An excused
 * op (a permitted anomaly the protocol named at its reply, sim/reply-excuse.ts) keeps its call and
 * return but not its result: it took effect within its interval, whatever it answered.
 */
export function opsOfHistory(history: readonly HistoryOp[]): Op<unknown, unknown>[] {
  // A loop, not map with a closure: V8 holds a closure's optimised code weakly (recompiled after each full GC).
  const ops: Op<unknown, unknown>[] = [];
  for (const h of history) {
    const isKnown = h.outcome === 'ok' && h.returnSeq !== null;
    const output = isKnown && h.excused === undefined ? h.result : undefined;
    ops.push({ id: h.id, client: h.client, input: h.op, output, call: h.callSeq, ret: isKnown ? h.returnSeq : null });
  }
  return ops;
}

/**
 * Each model's CheckModel, adapted once: a protocol's model is a module constant, and adapting it per history made
 * fresh closures (step, stateKey, ...) per run, whose optimised code V8 holds weakly and so recompiled after each GC.
 */
const adapted = new WeakMap<SequentialModel<any, any, any>, CheckModel<any, any, any>>();

function adaptedModel(model: SequentialModel<any, any, any>): CheckModel<any, any, any> {
  let m = adapted.get(model);
  if (m === undefined) adapted.set(model, (m = fromSequentialModel(model)));
  return m;
}

/** Like checkOps; a model that cannot step unknown outcomes gives verdict 'unknown' with the reason (and isModelError). */
export function checkHistory(model: SequentialModel<any, any, any>, history: readonly HistoryOp[], limits: Partial<CheckLimits> = {}): CheckResult & { readonly isModelError?: true } {
  try {
    return checkOps(adaptedModel(model), opsOfHistory(history), limits);
  } catch (e) {
    if (!(e instanceof UnknownOutputUnsupported)) throw e;
    return { verdict: 'unknown', reason: e.message, stats: { ops: history.length, partitions: 0, steps: 0, memoEntries: 0 }, isModelError: true };
  }
}

/** The kernel's hook (sim/checker-hook.ts): verdict, readable explanation, ids of unplaceable ops. */
export function checkRunHistory(model: SequentialModel<any, any, any>, history: readonly HistoryOp[]): LinearizabilityVerdict {
  const r = checkHistory(model, history);
  const explanation = r.verdict === 'ok' ? '' : formatResult(r, { positionName: 'event' }).join('\n');
  const unplaceable = r.verdict === 'illegal' ? [r.detail.stuckAt.id, ...r.detail.candidates.map((c) => c.id).filter((id) => id !== r.detail.stuckAt.id)] : [];
  return { verdict: r.verdict, explanation, unplaceable, ...(r.isModelError === true ? { isModelError: true as const } : {}) };
}
