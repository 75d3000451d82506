// Reads an HTML report's embedded data back in Node (as the page does): unpacks the columns and replays the state chunks.
import { gunzipSync } from 'node:zlib';
import { applyOps } from '../../../reports/state-diff.ts';
import type { DiffOp } from '../../../reports/index.ts';

export interface Decoded {
  v: number; nodes: string[]; strs: string[]; re: number[]; rt: number[]; rn: number[];
  cr: number[]; ck: number[]; cn: number[]; cf: number[]; cm: number[]; cs: number[]; ct: number[]; cd: string[];
  spans: [number, string, number, number, string, number][]; ops: [number, number, number, number, number, string, number, string][];
  roleBands: [number, number, number, number][]; roleNames: string[]; roleColours: string[];
  roles: { event: number; roles: Record<string, string[]> }[];
  states: { chunks: { firstEvent: number; lastEvent: number; z: string }[]; gaps: { fromEvent: number; toEvent: number }[] };
  violationRow: number; notes: string[];
}

const inflate = (b64: string): Buffer => gunzipSync(Buffer.from(b64, 'base64'));

/** The JSON embedded in a report, with its packed columns unpacked into plain arrays. */
export function decodeHtml(html: string): Decoded {
  const m = /<script type="application\/json" id="replisim-data">([^<]*)<\/script>/.exec(html);
  if (m === null) throw new Error('no embedded data in the report');
  const raw = JSON.parse(m[1]!) as Record<string, unknown> & { cols: { index: [string, number, number, number, string][]; z: string }; txt: { pages: string[] }; recs: number };
  const buf = inflate(raw.cols.z);
  const cols: Record<string, number[]> = {};
  for (const [name, at, n, width, coding] of raw.cols.index) {
    let acc = 0;
    cols[name] = Array.from({ length: n }, (_, i) => {
      const v = width === 1 ? buf.readInt8(at + i) : width === 2 ? buf.readInt16LE(at + 2 * i) : buf.readInt32LE(at + 4 * i);
      return coding === 'i' ? v : (acc += v);
    });
  }
  const text = raw.txt.pages.map((z) => inflate(z).toString('utf8')).join('');
  const off = [0];
  for (const len of cols['cdl']!) off.push(off[off.length - 1]! + len);
  const cr = cols['cr']!;
  const rt = cols['rt']!;
  const cs = cols['csd']!.map((d, i) => (d === 0 ? -1 : cr[i]! - d));
  return {
    ...(raw as unknown as Decoded), ...cols,
    cs, ct: cols['ctd']!.map((d, i) => (d < 0 ? -1 : d === 0 ? rt[cs[i]!]! : rt[cr[i]!]! - d + 1)),
    cd: Array.from({ length: raw.recs }, (_, i) => text.slice(off[i], off[i + 1])),
  } as Decoded;
}

/**
 * Every event's node states as the page would show them, in event order: calls `visit(event, states)` for each event
 * from 0 to lastEvent (states are the replayed JSON values; do not keep them, they change as the replay moves on).
 */
export function forEachStates(d: Decoded, lastEvent: number, visit: (event: number, states: readonly unknown[]) => void): void {
  const chunks = d.states.chunks;
  let ci = -1;
  let states: unknown[] = d.nodes.map(() => null);
  let diffs: [number, number, DiffOp[]][] = [];
  let di = 0;
  for (let ev = 0; ev <= lastEvent; ev++) {
    while (ci + 1 < chunks.length && chunks[ci + 1]!.firstEvent <= ev) {
      ci++;
      const data = JSON.parse(inflate(chunks[ci]!.z).toString('utf8')) as { base: unknown[]; diffs: [number, number, DiffOp[]][] };
      states = data.base;
      diffs = data.diffs;
      let at = chunks[ci]!.firstEvent;
      for (const x of diffs) { at += x[0]; x[0] = at; }
      di = 0;
    }
    while (di < diffs.length && diffs[di]![0] <= ev) { const x = diffs[di]!; states[x[1]] = applyOps(states[x[1]], x[2]); di++; }
    visit(ev, states);
  }
}
