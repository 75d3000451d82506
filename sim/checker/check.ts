// Entry point of the checker: splits a history by partition key, searches each part, explains failures.
import { PartitionSearch } from './wgl.ts';
import type { StuckPoint } from './wgl.ts';
import { ILLEGAL, DEFAULT_LIMITS } from './types.ts';
import type { Blocked, CheckLimits, CheckModel, CheckResult, IllegalDetail, Op, OpReport } from './types.ts';

interface Part<I, O> { readonly key: string | null; readonly ops: Op<I, O>[] }

/** Orders strings by UTF-16 code units (the default sort's order, without its string conversion). */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Splits by the model's partition key; parts in key order so the verdict and explanation are deterministic. */
export function partitionOps<S, I, O>(model: CheckModel<S, I, O>, ops: readonly Op<I, O>[]): Part<I, O>[] {
  const pk = model.partitionKey;
  if (pk === undefined) return [{ key: null, ops: [...ops] }];
  const byKey = new Map<string, Op<I, O>[]>();
  for (const op of ops) {
    const key = pk.call(model, op.input);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [op]);
    else list.push(op);
  }
  // A module-level comparator and a loop, not closures per call: V8 holds a closure's optimised code weakly.
  const keys = [...byKey.keys()].sort(byCodeUnits);
  const parts: Part<I, O>[] = [];
  for (const key of keys) parts.push({ key, ops: byKey.get(key)! });
  return parts;
}

/** Steps one partition runs before the next gets its turn (round-robin, like Porcupine's parallel checks). */
const SLICE_STEPS = 8192;

/** Is this history linearizable with respect to `model`? Deterministic; bounded by `limits`. */
export function checkOps<S, I, O>(
  model: CheckModel<S, I, O>, ops: readonly Op<I, O>[], limits: Partial<CheckLimits> = {},
): CheckResult {
  const lim: CheckLimits = { ...DEFAULT_LIMITS, ...limits };
  const parts = partitionOps(model, ops);
  // A finished partition's search is dropped so its memo can be collected.
  // Loops, not map with closures: V8 holds a closure's optimised code weakly (recompiled after each full GC).
  const searches: (PartitionSearch<S, I, O> | null)[] = [];
  let live: number[] = [];
  for (const p of parts) {
    live.push(searches.length);
    searches.push(new PartitionSearch(model, p.ops, lim.memoEntriesMax));
  }
  let steps = 0;
  let memoEntries = 0;
  let unknownReason: string | null = null;
  const stats = () => ({ ops: ops.length, partitions: parts.length, steps, memoEntries });
  while (live.length > 0) {
    const stillLive: number[] = [];
    let memoBytes = 0;
    for (const i of live) {
      const s = searches[i]!;
      const part = parts[i]!;
      if (steps >= lim.stepsMax) {
        unknownReason ??= `search step limit reached (stepsMax ${lim.stepsMax})`;
        return { verdict: 'unknown', reason: unknownReason, stats: stats() };
      }
      const before = s.steps;
      const outcome = s.run(Math.min(SLICE_STEPS, lim.stepsMax - steps));
      steps += s.steps - before;
      memoEntries = Math.max(memoEntries, s.memoEntries);
      switch (outcome) {
        case 'ok': searches[i] = null; break;
        case 'running': stillLive.push(i); memoBytes += s.memoBytes; break;
        case 'illegal': return { verdict: 'illegal', detail: explainStuck(model, part, s.stuckPoint()), stats: stats() };
        case 'memo-full': {
          const reason = `memo limit reached (memoEntriesMax ${lim.memoEntriesMax})`;
          unknownReason ??= part.key === null ? reason : `partition ${JSON.stringify(part.key)}: ${reason}`;
          searches[i] = null;
          break;
        }
        default: return outcome satisfies never;
      }
    }
    if (memoBytes > lim.memoBytesMax) {
      unknownReason ??= `memo memory limit reached (memoBytesMax ${lim.memoBytesMax})`;
      return { verdict: 'unknown', reason: unknownReason, stats: stats() };
    }
    live = stillLive;
  }
  return unknownReason === null ? { verdict: 'ok', stats: stats() } : { verdict: 'unknown', reason: unknownReason, stats: stats() };
}

function reportOf<S, I, O>(model: CheckModel<S, I, O>, op: Op<I, O>): OpReport {
  return { id: op.id, client: op.client, call: op.call, ret: op.ret, text: model.describeOp(op.input, op.output) };
}

function explainStuck<S, I, O>(model: CheckModel<S, I, O>, part: Part<I, O>, stuck: StuckPoint<S>): IllegalDetail {
  const candidates: Blocked[] = stuck.candidates.map((k) => {
    const op = part.ops[k]!;
    const after = model.step(stuck.state, op.input, op.output);
    const reason = after === ILLEGAL
      ? `not legal in state ${model.describeState(stuck.state)}`
      : `legal (state becomes ${model.describeState(after)}) but no order of the remaining operations works after it`;
    return { ...reportOf(model, op), reason };
  });
  return {
    partition: part.key,
    longestPrefix: stuck.prefix.map((k) => reportOf(model, part.ops[k]!)),
    stateAfterPrefix: model.describeState(stuck.state),
    stuckAt: reportOf(model, part.ops[stuck.stuckOp]!),
    candidates,
  };
}
