// A one-register sequential model and a HistoryOp builder for checker tests: histories written by hand, op by op.
import type { HistoryOp, NodeId, ReqId, SequentialModel } from '../../sim/index.ts';

export type RegisterIn = { type: 'read' } | { type: 'write'; value: number };
export type RegisterOut = { ok: boolean; value?: number };

/** A register starting at 0: a successful write sets it, a read must return it; an unknown outcome may have written. */
export const registerModel: SequentialModel<number, RegisterIn, RegisterOut> = {
  name: 'test-register',
  init: () => 0,
  step: (st, input, out) => {
    if (out === undefined) return [true, input.type === 'write' ? input.value : st];
    if (input.type === 'write') return [out.ok, out.ok ? input.value : st];
    return [out.value === st, st];
  },
  key: (st) => String(st),
};

let seq = 0;

/** One op at node n1 with a fresh id; times equal the sequence numbers (the checker orders by them). */
export function historyOp(
  client: number, input: RegisterIn, result: RegisterOut | undefined, outcome: HistoryOp['outcome'], callSeq: number, returnSeq: number | null,
  excused?: string,
): HistoryOp {
  const h: HistoryOp = { id: ++seq as ReqId, client, node: 'n1' as NodeId, op: input, callUs: callSeq, callSeq, returnUs: returnSeq, returnSeq, result, outcome };
  if (excused !== undefined) h.excused = excused;
  return h;
}
