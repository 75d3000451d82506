// Shaded spans of the space-time diagram (down, paused, partitioned, clogged, slow disk), read from fault/boot/phase records.
import type { TraceRecord } from '../../sim/index.ts';

export type SpanKind = 'down' | 'paused' | 'partitioned' | 'clogged' | 'slow-disk';

export interface Span {
  readonly node: string;
  readonly kind: SpanKind;
  readonly fromUs: number;
  /** End of the span; the run's end when it never closed. */
  readonly toUs: number;
  readonly label: string;
  /** For partitions: which side the node is on (0 = the first group / the sending end of a one-way cut); -1 otherwise. */
  readonly side: number;
}

/** The fault texts written by sim/faults.ts and sim/exit.ts (kept in step with them; an unknown text just draws no span). */
const CRASH = /^(?:crash \((?:process|machine)\)|kill-during-write) ([^\s:]+)(?![^\s:]|: skipped)/;
/** A node's process ending itself (ctx.exit): down until its boot, as after a crash. */
const EXIT = /^exit (\S+): /;
const PAUSE = /^pause (\S+)$/;
const RESUME = /^resume (\S+)$/;
const PARTITION = /^partition (\[.*\])(?: for (\d+)us)?$/;
const ONE_WAY = /^partition-one-way (\S+) -> (\S+)(?: for (\d+)us)?$/;
const CLOG = /^clog (\S+) -> (\S+) for (\d+)us$/;
const SLOW = /^disk-slow (\S+) x(\d+) for (\d+)us$/;

interface Open { readonly kind: SpanKind; readonly node: string; readonly fromUs: number; readonly label: string; readonly side: number; readonly endUs: number }

/** Every span the trace shows, in order of start. */
export function spansOf(trace: readonly TraceRecord[], endUs: number): Span[] {
  const spans: Span[] = [];
  const open = new Map<string, Open>();
  let partitionNo = 0;
  const start = (key: string, node: string, kind: SpanKind, fromUs: number, label: string, side = -1, untilUs = Infinity): void => {
    if (!open.has(key)) open.set(key, { kind, node, fromUs, label, side, endUs: untilUs });
  };
  const end = (key: string, atUs: number): void => {
    const s = open.get(key);
    if (s === undefined) return;
    open.delete(key);
    spans.push({ node: s.node, kind: s.kind, fromUs: s.fromUs, toUs: Math.min(atUs, s.endUs), label: s.label, side: s.side });
  };
  const endNetwork = (atUs: number): void => {
    for (const key of [...open.keys()]) if (key.startsWith('part:') || key.startsWith('oneway:')) end(key, atUs);
  };
  // Timed partitions end on their own (a "partition ended" record follows); close those whose time has come.
  const endTimed = (atUs: number): void => {
    for (const [key, s] of [...open]) if (s.endUs <= atUs) end(key, s.endUs);
  };
  for (const r of trace) {
    endTimed(r.atUs);
    if (r.kind === 'boot' && r.node !== null) { end(`down:${r.node}`, r.atUs); end(`pause:${r.node}`, r.atUs); continue; }
    if (r.kind === 'phase' && r.detail.startsWith('heal')) { endNetwork(r.atUs); for (const key of [...open.keys()]) if (key.startsWith('pause:')) end(key, r.atUs); continue; }
    if (r.kind !== 'fault') continue;
    const d = r.detail;
    let m: RegExpExecArray | null;
    if ((m = CRASH.exec(d) ?? EXIT.exec(d)) !== null) start(`down:${m[1]}`, m[1]!, 'down', r.atUs, d);
    else if ((m = PAUSE.exec(d)) !== null) start(`pause:${m[1]}`, m[1]!, 'paused', r.atUs, d);
    else if ((m = RESUME.exec(d)) !== null) end(`pause:${m[1]}`, r.atUs);
    else if ((m = PARTITION.exec(d)) !== null) {
      const groups = m[1]!.split('|').map((g) => g.trim().replace(/^\[|\]$/g, '').split(',').filter((x) => x !== ''));
      const until = m[2] === undefined ? Infinity : r.atUs + Number(m[2]);
      const no = partitionNo++;
      // Every node cut off from someone, coloured by its side (group), when there are two or more non-empty groups.
      if (groups.filter((g) => g.length > 0).length >= 2) groups.forEach((g, side) => { for (const n of g) start(`part:${no}:${n}`, n, 'partitioned', r.atUs, d, side, until); });
    } else if ((m = ONE_WAY.exec(d)) !== null) {
      const until = m[3] === undefined ? Infinity : r.atUs + Number(m[3]);
      const no = partitionNo++;
      start(`oneway:${no}:${m[1]}`, m[1]!, 'partitioned', r.atUs, d, 0, until);
      start(`oneway:${no}:${m[2]}`, m[2]!, 'partitioned', r.atUs, d, 1, until);
    } else if ((m = CLOG.exec(d)) !== null) {
      spans.push({ node: m[1]!, kind: 'clogged', fromUs: r.atUs, toUs: r.atUs + Number(m[3]), label: d, side: -1 });
    } else if ((m = SLOW.exec(d)) !== null) {
      spans.push({ node: m[1]!, kind: 'slow-disk', fromUs: r.atUs, toUs: r.atUs + Number(m[3]), label: d, side: -1 });
    } else if (d === 'heal') endNetwork(r.atUs);
  }
  for (const key of [...open.keys()]) end(key, endUs);
  return spans.sort((a, b) => a.fromUs - b.fromUs || a.node.localeCompare(b.node) || a.kind.localeCompare(b.kind));
}
