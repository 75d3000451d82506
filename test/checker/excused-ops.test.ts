// Excused ops (HistoryOp.excused, sim/reply-excuse.ts): only the excused op's result goes unchecked; its effect and
// every other op are still checked.
import { describe, expect, it } from 'vitest';
import { checkRunHistory } from '../../sim/checker/index.ts';
import type { HistoryOp, ReqId, NodeId, SequentialModel } from '../../sim/index.ts';

type In = { type: 'read' } | { type: 'write'; value: number };
type Out = { ok: boolean; value?: number };

const model: SequentialModel<number, In, Out> = {
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
function op(input: In, result: Out, callSeq: number, returnSeq: number, excused?: string): HistoryOp {
  const h: HistoryOp = { id: ++seq as ReqId, client: seq, node: 'n1' as NodeId, op: input, callUs: callSeq, callSeq, returnUs: returnSeq, returnSeq, result, outcome: 'ok' };
  if (excused !== undefined) h.excused = excused;
  return h;
}

describe('checker: excused ops', () => {
  it('a stale read after an acknowledged write fails unless that read is excused', () => {
    const write = () => op({ type: 'write', value: 7 }, { ok: true }, 0, 1);
    expect(checkRunHistory(model, [write(), op({ type: 'read' }, { ok: true, value: 0 }, 2, 3)]).verdict).toBe('illegal');
    expect(checkRunHistory(model, [write(), op({ type: 'read' }, { ok: true, value: 0 }, 2, 3, 'stale-read')]).verdict).toBe('ok');
  });

  it('an excused read does not excuse another stale read in the same history', () => {
    const h = [
      op({ type: 'write', value: 7 }, { ok: true }, 0, 1),
      op({ type: 'read' }, { ok: true, value: 0 }, 2, 3, 'stale-read'),
      op({ type: 'read' }, { ok: true, value: 0 }, 4, 5),
    ];
    const r = checkRunHistory(model, h);
    expect(r.verdict).toBe('illegal');
    expect(r.unplaceable).toContain(h[2]!.id);
  });

  it('an excused write still takes effect before its return', () => {
    const h = [op({ type: 'write', value: 7 }, { ok: false }, 0, 1, 'odd-write'), op({ type: 'read' }, { ok: true, value: 0 }, 2, 3)];
    expect(checkRunHistory(model, h).verdict).toBe('illegal');
    const later = [op({ type: 'write', value: 7 }, { ok: false }, 0, 1, 'odd-write'), op({ type: 'read' }, { ok: true, value: 7 }, 2, 3)];
    expect(checkRunHistory(model, later).verdict).toBe('ok');
  });
});
