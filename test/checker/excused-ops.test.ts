// Excused ops (HistoryOp.excused, sim/reply-excuse.ts): only the excused op's result goes unchecked; its effect and
// every other op are still checked.
import { describe, expect, it } from 'vitest';
import { checkRunHistory } from '../../sim/checker/index.ts';
import { historyOp, registerModel as model, type RegisterIn, type RegisterOut } from '../support/register-history.ts';

/** An op of its own client (these tests never share a client between ops). */
let client = 0;
const op = (input: RegisterIn, result: RegisterOut, callSeq: number, returnSeq: number, excused?: string) =>
  historyOp(++client, input, result, 'ok', callSeq, returnSeq, excused);

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
