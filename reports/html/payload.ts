// The data the HTML report embeds: rows (one per kernel event), columnar records, spans, ops and states, within a byte budget.
import type { RunResult, TraceRecord } from '../../sim/index.ts';
import type { RunRecording, StateGap } from '../recording.ts';
import { isRecording, resultOf } from '../recording.ts';
import { spansOf } from './intervals.ts';
import { buildOps, type OpRow } from './ops.ts';
import { pageChunks, trimPageChunks, type PageChunk } from './state-chunks.ts';
import { roleBandsOf, type RoleBand } from './roles.ts';

export interface PayloadLimits {
  /** Rows (kernel events) drawn at most; more are sampled: head, every k-th in the middle, tail. */
  readonly rowsMax: number;
  /** Characters of a record's detail kept. */
  readonly detailCharsMax: number;
  /** Bytes of compressed node states embedded at most (middle chunks dropped beyond it). */
  readonly stateBytesMax: number;
}

/** What buildPayload computes; `encodePayload` turns it into the compact JSON the page embeds. */
export interface Payload {
  readonly meta: Readonly<Record<string, unknown>>;
  readonly nodes: readonly string[];
  readonly kinds: readonly string[];
  /** Interned strings (record kinds, message types). */
  readonly strs: readonly string[];
  /** Rows: event index, time, main node (-1: the world). */
  readonly re: readonly number[];
  readonly rt: readonly number[];
  readonly rn: readonly number[];
  /** Records: row, kind (strs), node, from node, message type (strs), send row, sent time, detail. -1 = none. */
  readonly cr: readonly number[];
  readonly ck: readonly number[];
  readonly cn: readonly number[];
  readonly cf: readonly number[];
  readonly cm: readonly number[];
  readonly cs: readonly number[];
  readonly ct: readonly number[];
  readonly cd: readonly string[];
  /** Spans: [node, kind, fromUs, toUs, label, partition side (-1: none)]. */
  readonly spans: readonly SpanRow[];
  readonly ops: readonly OpRow[];
  readonly states: { readonly chunks: readonly PageChunk[]; readonly gaps: readonly StateGap[] };
  readonly roles: RunRecording['roles'];
  /** Role bands per node: [node, role (roleNames), fromEvent, toEvent]; roleNames[i] is drawn in roleColours[i]. */
  readonly roleBands: readonly RoleBand[];
  readonly roleNames: readonly string[];
  readonly roleColours: readonly string[];
  readonly violationRow: number;
  readonly notes: readonly string[];
}

export type SpanRow = readonly [number, string, number, number, string, number];

interface Row { readonly event: number; readonly atUs: number; readonly node: string | null; readonly first: number; readonly count: number }

function rowsOf(trace: readonly TraceRecord[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < trace.length;) {
    const ev = trace[i]!.event;
    let j = i;
    while (j < trace.length && trace[j]!.event === ev) j++;
    rows.push({ event: ev, atUs: trace[i]!.atUs, node: trace[i]!.node, first: i, count: j - i });
    i = j;
  }
  return rows;
}

/** Which rows to keep: all, or head + every k-th of the middle + tail (the violation is at the end of a run). */
function sampleRows(rows: readonly Row[], rowsMax: number, notes: string[]): Row[] {
  if (rows.length <= rowsMax) return [...rows];
  const head = Math.floor(rowsMax / 4);
  const tail = Math.floor(rowsMax / 2);
  const middle = rows.slice(head, rows.length - tail);
  const stride = Math.ceil(middle.length / Math.max(1, rowsMax - head - tail));
  const kept = middle.filter((_, i) => i % stride === 0);
  notes.push(`sampled: ${rows.length} events are too many to draw; events ${middle[0]!.event}–${middle[middle.length - 1]!.event} show 1 in ${stride} (the first ${head} and last ${tail} are all shown)`);
  return [...rows.slice(0, head), ...kept, ...rows.slice(rows.length - tail)];
}

/** Page chunks are cut once per recording: the shrink rounds of renderHtml only choose among them. */
const chunkCache = new WeakMap<RunRecording, PageChunk[]>();
function chunksOf(rec: RunRecording): PageChunk[] {
  let c = chunkCache.get(rec);
  if (c === undefined) { c = pageChunks(rec.states.chunks); chunkCache.set(rec, c); }
  return c;
}

export function buildPayload(x: RunResult | RunRecording, meta: Readonly<Record<string, unknown>>, lim: PayloadLimits, preNotes: readonly string[]): Payload {
  const r = resultOf(x);
  const rec = isRecording(x) ? x : null;
  const notes = [...preNotes, ...(rec?.notes ?? [])];
  if (rec === null) notes.push('node states were not recorded (render a RunRecording from scenarios/record-run.ts for time travel)');
  const nodeIds = rec ? rec.nodes.map((n) => n.id) : Object.keys(r.finalStates);
  const nodeIndex = new Map(nodeIds.map((id, i) => [id, i]));
  const ni = (id: string | null | undefined): number => (id === null || id === undefined ? -1 : nodeIndex.get(id) ?? -1);
  const strs: string[] = [];
  const strIndex = new Map<string, number>();
  const si = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = strIndex.get(s);
    if (i === undefined) { i = strs.length; strs.push(s); strIndex.set(s, i); }
    return i;
  };

  const allRows = rowsOf(r.trace);
  const rows = sampleRows(allRows, lim.rowsMax, notes);
  const rowOfEvent = new Map<number, number>(rows.map((row, i) => [row.event, i]));
  // Per node, its rows in order, to find the row a message was sent from (the sender's last event at or before sentAtUs).
  const rowsByNode: number[][] = nodeIds.map(() => []);
  rows.forEach((row, i) => { const n = ni(row.node); if (n >= 0) rowsByNode[n]!.push(i); });
  const sendRow = (from: string | undefined, sentAtUs: number | undefined, before: number): number => {
    const list = rowsByNode[ni(from)];
    if (list === undefined || sentAtUs === undefined) return -1;
    let lo = 0;
    let hi = list.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const row = list[mid]!;
      if (rows[row]!.atUs <= sentAtUs && row < before) { best = row; lo = mid + 1; } else hi = mid - 1;
    }
    // A sampled-out send leaves the nearest kept row far earlier than the send: draw no arrow then.
    return best >= 0 && rows[best]!.atUs === sentAtUs ? best : -1;
  };

  const p = {
    re: [] as number[], rt: [] as number[], rn: [] as number[],
    cr: [] as number[], ck: [] as number[], cn: [] as number[], cf: [] as number[], cm: [] as number[], cs: [] as number[], ct: [] as number[], cd: [] as string[],
  };
  const cap = lim.detailCharsMax;
  let isCut = false;
  rows.forEach((row, i) => {
    p.re.push(row.event); p.rt.push(row.atUs); p.rn.push(ni(row.node));
    for (let k = row.first; k < row.first + row.count; k++) {
      const t = r.trace[k]!;
      const isMsg = t.kind === 'message' || t.kind === 'drop';
      p.cr.push(i); p.ck.push(si(t.kind)); p.cn.push(ni(t.node)); p.cf.push(ni(t.from)); p.cm.push(isMsg ? si(t.msgType) : -1);
      p.cs.push(isMsg ? sendRow(t.from, t.sentAtUs, i) : -1); p.ct.push(t.sentAtUs ?? -1);
      // The violating event's records stay whole: they are what the reader came for.
      const isWhole = t.detail.length <= cap || t.event === r.violation?.eventIndex;
      if (!isWhole) isCut = true;
      p.cd.push(isWhole ? t.detail : `${t.detail.slice(0, cap)}…`);
    }
  });
  if (isCut) notes.push(`record details longer than ${cap} characters are cut`);
  const spans = spansOf(r.trace, r.virtualDurationUs).map((s): SpanRow => [ni(s.node), s.kind, s.fromUs, s.toUs, s.label, s.side]).filter((s) => s[0] >= 0);
  const states = rec ? trimPageChunks(chunksOf(rec), rec.states.gaps, lim.stateBytesMax, notes) : { chunks: [], gaps: [] };
  const bands = roleBandsOf(rec?.roles ?? [], nodeIds, r.events - 1);
  const v = r.violation;
  return {
    meta, nodes: nodeIds, kinds: rec ? rec.nodes.map((n) => n.kind) : nodeIds.map(() => ''), strs, ...p, spans,
    ops: buildOps(r, rowOfEvent, ni), states, roles: rec?.roles ?? [],
    roleBands: bands.bands, roleNames: bands.names, roleColours: bands.colours,
    violationRow: v !== null && v.eventIndex >= 0 ? rowOfEvent.get(v.eventIndex) ?? -1 : -1,
    notes,
  };
}
