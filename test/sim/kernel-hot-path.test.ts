// The kernel hot path's shortcuts give exactly what the plain code gave: the trace hash fused on Int32Array lanes,
// timer tags on TimerRec's prototype, the timer table compacted in place, the undrifted timer deadline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Trace, type TraceKind } from '../../sim/trace.ts';
import { TimerRec } from '../../sim/node.ts';
import { TimerTable } from '../../sim/timer-table.ts';
import { NodeClock } from '../../sim/clock.ts';
import type { TimerId } from '../../sim/index.ts';

const KINDS: readonly TraceKind[] = ['boot', 'message', 'conn-opened', 'conn-closed', 'timer', 'disk-done', 'client', 'reply', 'client-timeout', 'client-skip', 'fault', 'drop', 'log', 'anomaly', 'phase'];

/** The hash as the trace computed it before the hot-path change: two number fields, one fold per call. */
function referenceHash(records: readonly { atUs: number; node: string | null; kind: TraceKind; detail: string; from?: string | undefined }[]): string {
  let a = 0x811c9dc5;
  let b = 0x84222325;
  const foldInt = (x: number): void => {
    a = Math.imul(a ^ x, 0x01000193);
    a ^= a >>> 13;
    b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
  };
  const foldString = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0xff, 0x01000193);
  };
  for (const r of records) {
    foldInt(r.atUs >>> 0);
    foldInt((r.atUs / 0x1_0000_0000) >>> 0);
    foldInt(KINDS.indexOf(r.kind));
    if (r.node !== null) foldString(r.node);
    foldString(r.detail);
    if (r.from !== undefined) foldString(r.from);
  }
  return (b >>> 0).toString(16).padStart(8, '0') + (a >>> 0).toString(16).padStart(8, '0');
}

const record = fc.record({
  atUs: fc.oneof(fc.nat({ max: 2 ** 31 }), fc.nat({ max: Number.MAX_SAFE_INTEGER })),
  node: fc.option(fc.string(), { nil: null }),
  kind: fc.constantFrom(...KINDS),
  detail: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'tick', '\ud800', 'é\u{1F600}')),
  from: fc.option(fc.string(), { nil: undefined }),
});

describe('kernel hot path', () => {
  it('the fused trace fold hashes records exactly as the per-fold code did', () => {
    fc.assert(fc.property(fc.array(record, { maxLength: 40 }), (rs) => {
      const t = new Trace(8, false, false);
      rs.forEach((r, i) => t.add(i, r.atUs, r.node, r.kind, r.detail, r.from));
      expect(t.hash()).toBe(referenceHash(rs));
    }), { numRuns: 100 });
  });

  it('the ring and the full trace give back every record as added, message fields only where given', () => {
    const rec = fc.record({
      atUs: fc.nat({ max: 1e9 }), node: fc.option(fc.constantFrom('n1', 'n2'), { nil: null }), kind: fc.constantFrom(...KINDS),
      detail: fc.string({ maxLength: 6 }),
      link: fc.option(fc.record({ from: fc.constantFrom('n1', 'n3'), to: fc.option(fc.constantFrom('n2'), { nil: undefined }), msgType: fc.option(fc.constantFrom('ping'), { nil: undefined }), sentAtUs: fc.option(fc.nat({ max: 1e9 }), { nil: undefined }) }), { nil: null }),
    });
    fc.assert(fc.property(fc.array(rec, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (rs, ring) => {
      const expected = rs.map((r, i) => {
        const e: Record<string, unknown> = { event: i, atUs: r.atUs, node: r.node, kind: r.kind, detail: r.detail };
        for (const k of ['from', 'to', 'msgType', 'sentAtUs'] as const) if (r.link !== null && r.link[k] !== undefined) e[k] = r.link[k];
        return e;
      });
      for (const [isFull, size] of [[true, 8], [false, ring], [false, 60_000]] as const) {
        const t = new Trace(size, isFull, false);
        rs.forEach((r, i) => t.add(i, r.atUs, r.node, r.kind, r.detail, r.link?.from, r.link?.to, r.link?.msgType, r.link?.sentAtUs));
        expect(t.records()).toStrictEqual(isFull ? expected : expected.slice(Math.max(0, expected.length - size)));
      }
    }), { numRuns: 200 });
  });

  it("a listener's message record gives its JSON text, and a tap the same fields and the message itself (a client record's detail unbuilt), hashing or not", () => {
    const jsonValue = fc.jsonValue({ maxDepth: 4 });
    fc.assert(fc.property(fc.array(fc.tuple(jsonValue, fc.string()), { minLength: 1, maxLength: 8 }), (msgs) => {
      for (const isHashing of [true, false]) {
        const t = new Trace(4, false, false, isHashing);
        t.listener = [];
        const tapped: Record<string, unknown>[] = [];
        t.tap = {
          record: (kind, atUs, node, detail, from, msgType, sentAtUs) => { tapped.push({ kind, atUs, node, detail, from, msgType, sentAtUs }); },
          message: (atUs, node, msg, from, msgType, sentAtUs) => { tapped.push({ kind: 'message', atUs, node, detail: JSON.stringify(msg), from, msgType, sentAtUs }); },
          // Handed the detail unbuilt: its text is the listener's record's detail.
          json: (kind, atUs, node, detail) => { tapped.push({ kind, atUs, node, detail: detail.text(), from: undefined, msgType: undefined, sentAtUs: undefined }); },
        };
        msgs.forEach(([v, s], i) => t.addMessage(i, i, 'n1', { type: 'm', v, s }, 'n2', 'n1', 'm', 0));
        t.add(msgs.length, 9, 'n1', 'drop', 'partition', 'n2', 'n1', 'm', 3);
        t.add(msgs.length + 1, 9, null, 'phase', 'over');
        t.addJson(msgs.length + 2, 10, 'n1', 'reply', '#1 ', { ok: msgs.length });
        const recs = t.listener;
        expect(recs.length).toBe(msgs.length + 3);
        expect(recs[msgs.length + 2]!.detail).toBe(`#1 {"ok":${msgs.length}}`);
        recs.forEach((r, i) => {
          if (i < msgs.length) {
            const text = JSON.stringify({ type: 'm', v: msgs[i]![0], s: msgs[i]![1] });
            expect(r.detail).toBe(text);
            expect(JSON.parse(JSON.stringify(r)).detail).toBe(text);
          }
          const { event: _e, to: _to, ...fields } = r;
          expect(tapped[i]).toEqual({ from: undefined, msgType: undefined, sentAtUs: undefined, ...fields });
        });
      }
    }), { numRuns: 100 });
    // Not hashing: the hash stays the empty trace's, whatever was added.
    const quiet = new Trace(4, false, false, false);
    const empty = quiet.hash();
    quiet.add(0, 5, 'n1', 'timer', 'tick');
    quiet.addMessage(1, 6, 'n1', { type: 'm' }, 'n2', 'n1', 'm', 0);
    expect(quiet.hash()).toBe(empty);
    expect(new Trace(4, false, false).hash()).toBe(empty);
  });

  it('a timer carries its three tags from the prototype: the effect, the event body and the handler input', () => {
    const t = new TimerRec(7 as TimerId, 'tick', 10, { x: 1 });
    expect([t.k, t.kind, t.type]).toEqual(['set-timer', 'timer', 'timer']);
    // Not own fields: a copy of a timer input ({ ...input }) would lose them, so the kernel never copies one.
    expect(Object.keys(t)).not.toContain('type');
    expect(t.rescheduled().type).toBe('timer');
  });

  it('the timer table compacts in place and keeps live timers in id order', () => {
    const table = new TimerTable();
    const recs = Array.from({ length: 500 }, (_, i) => new TimerRec(i as TimerId, `t${i}`, 1, undefined));
    for (const r of recs) table.add(r);
    // Retire all but every seventh, in an order that triggers many compactions along the way.
    for (const r of recs) if (r.timerId % 7 !== 0) table.retire(r);
    expect(table.live().map((r) => r.timerId)).toEqual(recs.filter((r) => r.timerId % 7 === 0).map((r) => r.timerId));
    table.cancel(14 as TimerId);
    expect(recs[14]!.isLive).toBe(false);
    expect(table.live().map((r) => r.timerId)).not.toContain(14);
    expect(table.live().length).toBe(Math.ceil(500 / 7) - 1);
  });

  it('the timer table (newest retired by a pop, the rest compacted) keeps exactly the live timers, in id order', () => {
    // A model: the set of live ids. Ops: add the next id, retire the newest live, retire or cancel any.
    const op = fc.oneof(fc.constant({ k: 'add' as const, i: 0 }), fc.record({ k: fc.constantFrom('newest' as const, 'retire' as const, 'cancel' as const), i: fc.nat() }));
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const table = new TimerTable();
      const all: TimerRec[] = [];
      for (const o of ops) {
        const live = all.filter((r) => r.isLive);
        if (o.k === 'add') { const r = new TimerRec(all.length as TimerId, 't', 1, undefined); all.push(r); table.add(r); continue; }
        if (live.length === 0) continue;
        const r = o.k === 'newest' ? live[live.length - 1]! : live[o.i % live.length]!;
        if (o.k === 'cancel') table.cancel(r.timerId);
        else table.retire(r);
        expect(r.isLive).toBe(false);
      }
      expect(table.live()).toEqual(all.filter((r) => r.isLive));
    }));
  });

  it("an undrifted clock's local time is the drift formula's (its shortcut skips a zero term)", () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat({ max: 1e12 }), fc.nat({ max: 1e12 }), (offset, at, now) => {
      const c = new NodeClock();
      c.addOffset(offset, at);
      const elapsed = now - at;
      // Re-based at `at`: local at + offset there.
      expect(c.localAt(now)).toBe(at + offset + elapsed + Math.trunc((elapsed * 0) / 1_000_000));
    }));
  });

  it('an undrifted clock fires a timer delayUs after now, as globalWhen computes it', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat({ max: 1e12 }), fc.nat({ max: 1e9 }), (offset, now, delay) => {
      const c = new NodeClock();
      c.addOffset(offset, 0);
      expect(c.globalWhen(c.localAt(now) + delay, now)).toBe(now + delay);
    }));
  });
});
