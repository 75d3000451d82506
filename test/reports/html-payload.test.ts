// reports: what the HTML report embeds — rows, arrows from the sending event, shaded spans, ops, sampling within a budget.
import { describe, expect, it } from 'vitest';
import { renderHtml, spansOf } from '../../reports/index.ts';
import { roleBandsOf } from '../../reports/html/roles.ts';
import type { TraceRecord } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import { recordRun } from '../../scenarios/record-run.ts';
import { registerProtocol } from '../support/register.ts';
import { chatterProtocol } from './support/chatter.ts';
import { violatingRegisterRun } from './support/violating-run.ts';
import { decodeHtml, type Decoded } from './support/decode-html.ts';

/** The data embedded in a report, unpacked. */
const embedded = (html: string): Decoded => decodeHtml(html);

const rec = (detail: string, atUs: number, node: string | null, kind: TraceRecord['kind'] = 'fault'): TraceRecord => ({ event: 0, atUs, node, kind, detail });

describe('reports html: shaded spans', () => {
  it('shades a crashed node until it boots, a paused one until resume, partitions until heal', () => {
    const spans = spansOf([
      rec('crash (machine) n2', 10, 'n2'), rec('pause n3', 15, 'n3'), rec('partition [n1] | [n2,n3]', 20, null),
      rec('incarnation 2', 30, 'n2', 'boot'), rec('resume n3', 35, 'n3'), rec('heal', 40, null), rec('clog n1 -> n2 for 5us', 50, null),
      rec('kill-during-write n1 (no write in flight)', 60, 'n1'),
    ], 100);
    expect(spans.map((s) => [s.node, s.kind, s.fromUs, s.toUs])).toEqual([
      ['n2', 'down', 10, 30], ['n3', 'paused', 15, 35],
      ['n1', 'partitioned', 20, 40], ['n2', 'partitioned', 20, 40], ['n3', 'partitioned', 20, 40],
      ['n1', 'clogged', 50, 55], ['n1', 'down', 60, 100],
    ]);
  });

  it('shades a node whose process exited itself (ctx.exit) until its supervisor restart boots it; a skipped kill draws nothing', () => {
    const spans = spansOf([
      rec('exit n2: UNMATCHED_TXN_COMMIT (supervisor restart in 1s)', 10, 'n2'), rec('incarnation 2', 1_000_010, 'n2', 'boot'),
      rec('kill-during-write n3: skipped (down budget)', 20, 'n3'),
    ], 2_000_000);
    expect(spans.map((s) => [s.node, s.kind, s.fromUs, s.toUs])).toEqual([['n2', 'down', 10, 1_000_010]]);
  });
});

describe('reports html: partition sides and role bands', () => {
  it('gives each group of a partition its side, ends a timed partition on time and a one-way cut has a sending and a receiving side', () => {
    const spans = spansOf([
      rec('partition [n1] | [n2,n3] for 10us', 20, null), rec('partition ended: n1-n2, n1-n3', 30, null),
      rec('partition-one-way n3 -> n1', 40, null), rec('heal', 50, null),
    ], 100);
    expect(spans.map((s) => [s.node, s.kind, s.fromUs, s.toUs, s.side])).toEqual([
      ['n1', 'partitioned', 20, 30, 0], ['n2', 'partitioned', 20, 30, 1], ['n3', 'partitioned', 20, 30, 1],
      ['n1', 'partitioned', 40, 50, 1], ['n3', 'partitioned', 40, 50, 0],
    ]);
  });

  it('turns role changes into per-node bands, leader first when a node is listed twice, with fixed colours', () => {
    const { bands, names, colours } = roleBandsOf([
      { event: 0, atUs: 0, roles: { looking: ['n1', 'n2'] } },
      { event: 5, atUs: 50, roles: { voters: ['n1', 'n2'], leader: ['n1'], followers: ['n2'] } },
      { event: 9, atUs: 90, roles: { leader: ['n1'], followers: [] } },
    ], ['n1', 'n2'], 20);
    expect(bands.map(([n, r, a, b]) => [n, names[r], a, b])).toEqual([
      [0, 'looking', 0, 4], [1, 'looking', 0, 4], [0, 'leader', 5, 20], [1, 'voters', 5, 8],
    ]);
    expect(colours[names.indexOf('leader')]).toBe('#2e7d32');
    expect(colours[names.indexOf('looking')]).toBe('#ffb300');
    expect(colours[names.indexOf('voters')]).toBe('#8e24aa');
  });
});

describe('reports html: embedded run', () => {
  const v = violatingRegisterRun();
  const recording = recordRun(v.config);
  const html = renderHtml(recording, { replayCommand: v.replayCommand });
  const p = embedded(html);

  it('is one self-contained file: no external script, style, font or fetch', () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(\s*['"]?(https?:|\/\/)|fetch\(|XMLHttpRequest/);
    expect(html).toContain("default-src 'none'");
  });

  it('has one row per event with records, in order, and marks the violating event', () => {
    const events = [...new Set(recording.result.trace.map((t) => t.event))];
    expect(p.re).toEqual(events);
    expect(p.re[p.violationRow]).toBe(recording.result.violation!.eventIndex);
    expect(p.cd.length).toBe(recording.result.trace.length);
  });

  it('cuts long record details, except those of the violating event', () => {
    const cut = embedded(renderHtml(recording, { limits: { detailCharsMax: 10 } }));
    const viol = recording.result.violation!.eventIndex;
    recording.result.trace.forEach((t, i) => {
      if (t.event === viol || t.detail.length <= 10) expect(cut.cd[i]).toBe(t.detail);
      else expect(cut.cd[i]).toBe(`${t.detail.slice(0, 10)}…`);
    });
    expect(cut.notes).toContain('record details longer than 10 characters are cut');
  });

  it('draws each message arrow from the sender’s event at the send time', () => {
    let arrows = 0;
    p.cs.forEach((sendRow, i) => {
      if (sendRow < 0) return;
      arrows++;
      expect(p.nodes[p.rn[sendRow]!]).toBe(p.nodes[p.cf[i]!]);
      expect(p.rt[sendRow]).toBe(p.ct[i]);
      expect(sendRow).toBeLessThan(p.cr[i]!);
    });
    const messages = p.ck.filter((k) => p.strs[k] === 'message').length;
    expect(arrows).toBeGreaterThan(messages * 0.9);
  });

  it('places every client operation between its call and return rows', () => {
    expect(p.ops).toHaveLength(recording.result.history.length);
    for (const op of p.ops) {
      if (op[5] === 'ok') expect(op[4]).toBeGreaterThanOrEqual(op[3]);
      expect(p.cd[p.cr.indexOf(op[3])]).toMatch(new RegExp(`^#${op[0]} `));
    }
  });
});

describe('reports html: huge runs degrade instead of failing', () => {
  const big = recordRun({ protocol: chatterProtocol, seed: 5, faultPhaseUs: ms(3_000), skipLiveness: true });

  const full = renderHtml(big);

  it('samples rows and says so when the file would be over its budget', () => {
    // A quarter of the full report: more than the node states and details can give back.
    const budget = Math.floor(full.length / 4);
    const html = renderHtml(big, { bytesMax: budget });
    expect(html.length).toBeLessThanOrEqual(budget);
    const p = embedded(html);
    expect(p.re.length).toBeLessThan(big.result.events);
    expect(p.notes.join('\n')).toMatch(/sampled: \d+ events are too many to draw/);
    expect(p.notes.join('\n')).toMatch(new RegExp(`shrunk to fit ${budget} bytes`));
    expect(html).toContain('class="notes"');
    // The end of the run (where a violation is) is always drawn in full.
    expect(p.re.at(-1)).toBe(big.result.events - 1);
    expect(p.re.slice(-100)).toEqual(Array.from({ length: 100 }, (_, i) => big.result.events - 100 + i));
  });

  it('shrinks details and states before it drops any row', () => {
    const html = renderHtml(big, { bytesMax: Math.floor(full.length * 0.8) });
    const p = embedded(html);
    expect(p.re.length).toBe(embedded(full).re.length);
    expect(html.length).toBeLessThanOrEqual(Math.floor(full.length * 0.8));
    expect(p.notes.join('\n')).toMatch(/node states: \d+ middle chunk\(s\) left out/);
    expect(p.notes.join('\n')).not.toMatch(/sampled/);
  });

  it('renders a bare RunResult too, noting that states were not recorded', () => {
    const html = renderHtml(recordRun({ protocol: registerProtocol, seed: 1, faultPhaseUs: seconds(1) }).result);
    expect(embedded(html).notes.join('\n')).toMatch(/node states were not recorded/);
  });
});

describe('reports html: linearizability over the client operations', () => {
  it('draws operations the checker could not place in red and states the verdict', () => {
    const recording = recordRun({ protocol: registerProtocol, seed: 2, faultPhaseUs: seconds(1) });
    const bad = recording.result.history[1]!.id;
    const illegal = { ...recording, result: { ...recording.result, linearizability: { verdict: 'illegal' as const, explanation: 'read saw a lost write', unplaceable: [bad] } } };
    const html = renderHtml(illegal);
    expect(html).toMatch(/<div class="lin illegal" id="linearizability">linearizability: illegal — read saw a lost write/);
    const ops = embedded(html).ops;
    expect(ops.filter((o) => o[6] === 1).map((o) => o[0])).toEqual([bad]);
    expect(embedded(renderHtml(recording)).ops.every((o) => o[6] === 0)).toBe(true);
  });
});
