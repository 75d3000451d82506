// reports html at 300,000 events: every node's state at every event is in the file, equal to what the recorder saw.
import { describe, expect, it } from 'vitest';
import { recordRun } from '../../scenarios/record-run.ts';
import { renderHtml } from '../../reports/index.ts';
import { chatterFaultConfig } from './support/chatter.ts';
import { decodeHtml, forEachStates } from './support/decode-html.ts';

/** JSON with object keys sorted, so two equal states give the same text whatever order their keys were set in. */
function canonical(x: unknown): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** FNV-1a over the text: one number per event keeps 300k events' truth in a few MB. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

describe('reports html: every state at 300,000 events', () => {
  it('keeps every node state of every event (no gaps), each equal to the state the recorder saw', () => {
    const cfg = chatterFaultConfig(300_000);
    const seen: number[] = [];
    const seenText = new Map<number, string>();
    const rec = recordRun({
      ...cfg,
      onEvent: (event, _records, view) => {
        const text = view.nodes.map((n) => canonical(n.isUp && n.state !== undefined ? n.state : null)).join('\n');
        seen[event] = hash(text);
        // A few texts kept whole, to show the difference if a hash ever disagrees.
        if (event % 50_000 === 0) seenText.set(event, text);
      },
    });
    const events = rec.result.events;
    expect(events).toBeGreaterThanOrEqual(300_000);
    expect(rec.states.gaps).toEqual([]);

    const d = decodeHtml(renderHtml(rec));
    expect(d.states.gaps).toEqual([]);
    expect(d.notes.join('\n')).not.toMatch(/left out|dropped|sampled/);
    // Snapshots every so often, not one chunk for the whole run: a click replays a small chunk only.
    expect(d.states.chunks.length).toBeGreaterThan(20);

    let compared = 0;
    const wrong: number[] = [];
    forEachStates(d, events - 1, (event, states) => {
      const text = states.map(canonical).join('\n');
      if (seenText.has(event)) expect(text).toBe(seenText.get(event));
      if (hash(text) !== seen[event]) wrong.push(event);
      compared++;
    });
    expect(compared).toBe(events);
    expect(seen.length).toBe(events);
    expect(wrong.slice(0, 10)).toEqual([]);
    // A hang guard, not a speed check: 300k strict events took 109-121 s on two cores shared with a fuzz campaign,
    // against the suite's 2-minute default (bench/html.ts measures the speed).
  }, 600_000);
});
