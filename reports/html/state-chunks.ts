// The report's node states as small compressed chunks: a snapshot every few hundred KB of diffs, each chunk decoded only when clicked.
import type { StateChunk, StateGap } from '../recording.ts';
import { applyOps } from '../state-diff.ts';
import { gzipBase64 } from './encode.ts';

/** A chunk of the page: every node's state before `firstEvent` plus the diffs up to `lastEvent`, gzip + base64 of its JSON. */
export interface PageChunk {
  readonly firstEvent: number;
  readonly lastEvent: number;
  /**
   * gzip + base64 of JSON `{ base, diffs }`: the StateChunk shape without sizes, except that each diff's event is
   * given as the step from the previous diff's (from firstEvent for the first): small repeated numbers compress better.
   */
  readonly z: string;
}

/**
 * A new snapshot once the diffs since the last one weigh this many JSON bytes (or twice the snapshot, for large
 * states): a click replays at most this much, so showing any event's states takes milliseconds.
 */
const CHUNK_DIFF_BYTES = 200_000;
const DIFFS_PER_BASE = 2;

/**
 * Re-cut the recorder's chunks (which may be megabytes long) into page chunks, replaying the diffs once here to take
 * the snapshots. Events in a recorder gap stay in a gap: a recorder chunk always restarts from its own base.
 */
export function pageChunks(chunks: readonly StateChunk[]): PageChunk[] {
  const out: PageChunk[] = [];
  for (const c of chunks) {
    let states = structuredClone(c.base) as unknown[];
    let baseJson = JSON.stringify(c.base);
    let first = c.firstEvent;
    let diffs: string[] = [];
    let bytes = 0;
    let prevEvent = c.firstEvent;
    const flush = (lastEvent: number): void => {
      out.push({ firstEvent: first, lastEvent, z: gzipBase64(`{"base":${baseJson},"diffs":[${diffs.join(',')}]}`) });
    };
    let lastEvent = c.firstEvent - 1;
    for (let i = 0; i < c.diffs.length; i++) {
      const d = c.diffs[i]!;
      // Cut only between events, so one event's diffs (several nodes) stay in one chunk.
      if (bytes > Math.max(CHUNK_DIFF_BYTES, DIFFS_PER_BASE * baseJson.length) && d[0] !== lastEvent) {
        flush(d[0] - 1);
        baseJson = JSON.stringify(states);
        states = JSON.parse(baseJson) as unknown[];
        first = d[0];
        prevEvent = first;
        diffs = [];
        bytes = 0;
      }
      states[d[1]] = applyOps(states[d[1]], d[2]);
      const json = JSON.stringify([d[0] - prevEvent, d[1], d[2]]);
      prevEvent = d[0];
      diffs.push(json);
      bytes += json.length;
      lastEvent = d[0];
    }
    flush(Math.max(c.lastEvent, lastEvent));
  }
  return out;
}

/** Drop middle chunks (the first and the last stay) until the chunks' encoded size is within `bytesMax`. */
export function trimPageChunks(chunks: readonly PageChunk[], gaps: readonly StateGap[], bytesMax: number, notes: string[]): { chunks: PageChunk[]; gaps: StateGap[] } {
  const out = [...chunks];
  const outGaps = [...gaps];
  let total = out.reduce((t, c) => t + c.z.length, 0);
  let dropped = 0;
  // Drop from the middle outwards in the order of the run's first half: the boot and the end (a violation) stay.
  while (total > bytesMax && out.length > 2) {
    const at = Math.max(1, Math.floor(out.length / 2) - 1);
    const [gone] = out.splice(at, 1);
    total -= gone!.z.length;
    outGaps.push({ fromEvent: gone!.firstEvent, toEvent: gone!.lastEvent });
    dropped++;
  }
  if (dropped > 0) notes.push(`node states: ${dropped} middle chunk(s) left out to keep the file small; events in them show the nearest earlier recorded state`);
  return { chunks: out, gaps: mergeGaps(outGaps) };
}

function mergeGaps(gaps: readonly StateGap[]): StateGap[] {
  const sorted = [...gaps].sort((a, b) => a.fromEvent - b.fromEvent);
  const out: StateGap[] = [];
  for (const g of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && g.fromEvent <= last.toEvent + 1) out[out.length - 1] = { fromEvent: last.fromEvent, toEvent: Math.max(last.toEvent, g.toEvent) };
    else out.push(g);
  }
  return out;
}
