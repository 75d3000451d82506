// sim/history-scan.ts: each run's new client-history ops given once, and the scan (with the caller's memory) started
// afresh when the view's history is another array, as client-replies-well-formed and read-answers-well-formed rely on.
import { describe, expect, it } from 'vitest';
import { historyScan } from '../../sim/index.ts';
import type { HistoryOp, View } from '../../sim/index.ts';

const op = (id: number): HistoryOp => ({
  id: id as HistoryOp['id'], client: 0, node: 'n1' as HistoryOp['node'], op: { type: 'write', key: 'k', value: id },
  callUs: id, callSeq: id, returnUs: null, returnSeq: null, result: undefined, outcome: 'pending',
});
const viewOf = (history: HistoryOp[] | undefined): View<unknown> => ({ nodes: [], nowUs: 0, history }) as unknown as View<unknown>;
const ids = (ops: readonly Readonly<HistoryOp>[]): number[] => ops.map((h) => h.id as number);

describe('historyScan', () => {
  it('gives the whole history at the first call, then only ops appended later, each once', () => {
    const scan = historyScan(() => ({ seen: [] as number[] }));
    const history = [op(1), op(2)];
    const view = viewOf(history);
    expect(ids(scan(view).fresh)).toEqual([1, 2]);
    history.push(op(3), op(4));
    expect(ids(scan(view).fresh)).toEqual([3, 4]);
    history.push(op(5));
    expect(ids(scan(view).fresh)).toEqual([5]);
  });

  it('gives nothing when asked about the same view twice', () => {
    const scan = historyScan(() => null);
    const view = viewOf([op(1)]);
    expect(ids(scan(view).fresh)).toEqual([1]);
    expect(scan(view).fresh).toEqual([]);
    expect(scan(view).fresh).toEqual([]);
  });

  it('keeps the caller\'s memory for the run, and starts it and the scan afresh on a new history array', () => {
    let made = 0;
    const scan = historyScan(() => ({ n: ++made }));
    const view = viewOf([op(1)]) as View<unknown> & { history: HistoryOp[] };
    const first = scan(view).memory;
    expect(scan(view).memory).toBe(first);
    expect(made).toBe(1);
    view.history = [op(7), op(8)]; // a new run's history on the same view object
    const again = scan(view);
    expect(ids(again.fresh)).toEqual([7, 8]);
    expect(again.memory).not.toBe(first);
    expect(made).toBe(2);
    view.history.length = 1; // the same array, shorter: also a new history
    expect(ids(scan(view).fresh)).toEqual([7]);
    expect(made).toBe(3);
  });

  it('keeps runs (view objects) and factory calls apart', () => {
    const one = historyScan(() => null);
    const two = historyScan(() => null);
    const history = [op(1)];
    const runA = viewOf(history);
    const runB = viewOf(history);
    expect(ids(one(runA).fresh)).toEqual([1]);
    expect(ids(one(runB).fresh)).toEqual([1]);
    expect(ids(two(runA).fresh)).toEqual([1]);
    expect(one(runA).fresh).toEqual([]);
  });

  it('reads a view without a history as an empty one', () => {
    const scan = historyScan(() => null);
    expect(scan(viewOf(undefined)).fresh).toEqual([]);
  });
});
