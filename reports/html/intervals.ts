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
}

/** The fault texts written by sim/faults.ts (kept in step with it; an unknown text just draws no span). */
const CRASH = /^(?:crash \((?:process|machine)\)|kill-during-write) (\S+)/;
const PAUSE = /^pause (\S+)$/;
const RESUME = /^resume (\S+)$/;
const PARTITION = /^partition (\[.*\])$/;
const ONE_WAY = /^partition-one-way (\S+) -> (\S+)$/;
const CLOG = /^clog (\S+) -> (\S+) for (\d+)us$/;
const SLOW = /^disk-slow (\S+) x(\d+) for (\d+)us$/;

/** Every span the trace shows, in order of start. */
export function spansOf(trace: readonly TraceRecord[], endUs: number): Span[] {
  const spans: Span[] = [];
  const open = new Map<string, { kind: SpanKind; node: string; fromUs: number; label: string }>();
  const start = (key: string, node: string, kind: SpanKind, fromUs: number, label: string): void => {
    if (!open.has(key)) open.set(key, { kind, node, fromUs, label });
  };
  const end = (key: string, atUs: number): void => {
    const s = open.get(key);
    if (s === undefined) return;
    open.delete(key);
    spans.push({ node: s.node, kind: s.kind, fromUs: s.fromUs, toUs: atUs, label: s.label });
  };
  const endNetwork = (atUs: number): void => {
    for (const key of [...open.keys()]) if (key.startsWith('part:') || key.startsWith('oneway:')) end(key, atUs);
  };
  for (const r of trace) {
    if (r.kind === 'boot' && r.node !== null) { end(`down:${r.node}`, r.atUs); end(`pause:${r.node}`, r.atUs); continue; }
    if (r.kind === 'phase' && r.detail.startsWith('heal')) { endNetwork(r.atUs); for (const key of [...open.keys()]) if (key.startsWith('pause:')) end(key, r.atUs); continue; }
    if (r.kind !== 'fault') continue;
    const d = r.detail;
    let m: RegExpExecArray | null;
    if ((m = CRASH.exec(d)) !== null) start(`down:${m[1]}`, m[1]!, 'down', r.atUs, d);
    else if ((m = PAUSE.exec(d)) !== null) start(`pause:${m[1]}`, m[1]!, 'paused', r.atUs, d);
    else if ((m = RESUME.exec(d)) !== null) end(`pause:${m[1]}`, r.atUs);
    else if ((m = PARTITION.exec(d)) !== null) {
      const groups = m[1]!.split('|').map((g) => g.trim().replace(/^\[|\]$/g, '').split(',').filter((x) => x !== ''));
      // Shade every node cut off from someone: all members when there are two or more non-empty groups.
      if (groups.filter((g) => g.length > 0).length >= 2) for (const n of groups.flat()) start(`part:${n}`, n, 'partitioned', r.atUs, d);
    } else if ((m = ONE_WAY.exec(d)) !== null) {
      start(`oneway:${m[1]}`, m[1]!, 'partitioned', r.atUs, d);
      start(`oneway:${m[2]}`, m[2]!, 'partitioned', r.atUs, d);
    } else if ((m = CLOG.exec(d)) !== null) {
      spans.push({ node: m[1]!, kind: 'clogged', fromUs: r.atUs, toUs: r.atUs + Number(m[3]), label: d });
    } else if ((m = SLOW.exec(d)) !== null) {
      spans.push({ node: m[1]!, kind: 'slow-disk', fromUs: r.atUs, toUs: r.atUs + Number(m[3]), label: d });
    } else if (d === 'heal') endNetwork(r.atUs);
  }
  for (const key of [...open.keys()]) end(key, endUs);
  return spans.sort((a, b) => a.fromUs - b.fromUs || a.node.localeCompare(b.node) || a.kind.localeCompare(b.kind));
}
