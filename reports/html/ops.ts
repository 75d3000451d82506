// Client operations for the diagram: each op's call and return rows, outcome, and whether linearizability could place it.
import type { RunResult } from '../../sim/index.ts';

/** [id, client, node, callRow, returnRow, outcome, isUnplaceable (0/1), label]; rows are -1 when not drawn. */
export type OpRow = readonly [number, number, number, number, number, string, number, string];

const LABEL_CHARS_MAX = 80;

/** `#12 c0 {...}` / `#12 {...}` / `#12 outcome unknown`: the request id at the start of client/reply/timeout details. */
const reqIdOf = (detail: string): number | null => {
  const m = /^#(\d+)\b/.exec(detail);
  return m === null ? null : Number(m[1]);
};

export function buildOps(r: RunResult, rowOfEvent: ReadonlyMap<number, number>, ni: (id: string) => number): OpRow[] {
  const callRow = new Map<number, number>();
  const returnRow = new Map<number, number>();
  for (const t of r.trace) {
    if (t.kind !== 'client' && t.kind !== 'reply' && t.kind !== 'client-timeout') continue;
    const id = reqIdOf(t.detail);
    const row = rowOfEvent.get(t.event);
    if (id === null || row === undefined) continue;
    (t.kind === 'client' ? callRow : returnRow).set(id, row);
  }
  const unplaceable = new Set(r.linearizability?.unplaceable ?? []);
  return r.history.map((h): OpRow => {
    const result = h.outcome === 'ok' ? ` → ${JSON.stringify(h.result)}` : h.outcome === 'unknown' ? ' → ?' : ' …';
    const label = `${JSON.stringify(h.op)}${result}`;
    return [h.id, h.client, ni(h.node), callRow.get(h.id) ?? -1, returnRow.get(h.id) ?? -1, h.outcome, unplaceable.has(h.id) ? 1 : 0,
      label.length > LABEL_CHARS_MAX ? `${label.slice(0, LABEL_CHARS_MAX - 1)}…` : label];
  });
}
