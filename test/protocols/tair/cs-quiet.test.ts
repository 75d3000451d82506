// The configserver checks' shared quiet-step gate (protocols/tair/cs-quiet.ts, twenty-fifth session): the step test
// names every field, and runs with the gate agree with runs where every check reads in full at every call (clean
// seeds in both check modes, every bug flag, aimed plans), including the runs a configserver check fails.
import { afterEach, describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { RunConfig } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { CsState } from '../../../protocols/tair/state.ts';
import { isHeartbeatOnlyStep, setCsQuietGate } from '../../../protocols/tair/cs-quiet.ts';
import { readyCs } from './cs-fixture.ts';

/** A value of the same kind as `v` that is not `v` (a new object for an object: the test is by identity). */
function other(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return `${v}x`;
  if (v === null) return {};
  if (Array.isArray(v)) return [...v];
  return { ...(v as object) };
}

const HEARTBEAT_FIELDS = new Set(['ds', 'peer', 'hasPeerHbSinceLoop']);

describe('isHeartbeatOnlyStep', () => {
  const s = readyCs('cs1', 1_000_000);
  const ds0 = Object.keys(s.ds)[0]!;
  const withDs = (patch: object): CsState => ({ ...s, ds: { ...s.ds, [ds0]: { ...s.ds[ds0]!, ...patch } } });

  it('counts a step that moves any other field as not quiet (every field of a real state is compared)', () => {
    const keys = Object.keys(s).filter((k) => !HEARTBEAT_FIELDS.has(k));
    expect(keys.length).toBe(Object.keys(s).length - HEARTBEAT_FIELDS.size);
    for (const k of keys) expect([k, isHeartbeatOnlyStep(s, { ...s, [k]: other((s as unknown as Record<string, unknown>)[k]) } as CsState)]).toEqual([k, false]);
  });

  it('counts heartbeat times as quiet: an ALIVE dataserver heard, the peer heard', () => {
    expect(isHeartbeatOnlyStep(s, { ...s })).toBe(true);
    expect(isHeartbeatOnlyStep(s, withDs({ lastTimeUs: 2_000_000 }))).toBe(true);
    expect(isHeartbeatOnlyStep(s, { ...s, peer: { ...s.peer, lastTimeUs: 2_000_000 }, hasPeerHbSinceLoop: true })).toBe(true);
  });

  it('counts a status, a standby field, a DOWN dataserver heard, a dataserver added or the peer going DOWN as not quiet', () => {
    expect(isHeartbeatOnlyStep(s, withDs({ status: 'down' }))).toBe(false);
    expect(isHeartbeatOnlyStep(s, withDs({ standbyVersion: 7 }))).toBe(false);
    expect(isHeartbeatOnlyStep(s, withDs({ standbySinceUs: 7 }))).toBe(false);
    const down = withDs({ status: 'down' });
    expect(isHeartbeatOnlyStep(down, { ...down, ds: { ...down.ds, [ds0]: { ...down.ds[ds0]!, lastTimeUs: 3_000_000 } } })).toBe(false);
    expect(isHeartbeatOnlyStep(s, { ...s, ds: { ...s.ds, extra: s.ds[ds0]! } })).toBe(false);
    const fewer: Record<string, CsState['ds'][string]> = { ...s.ds };
    delete fewer[ds0];
    expect(isHeartbeatOnlyStep(s, { ...s, ds: fewer })).toBe(false);
    expect(isHeartbeatOnlyStep(s, { ...s, peer: { ...s.peer, status: 'down' } })).toBe(false);
  });
});

describe('configserver checks with and without the quiet-step gate', () => {
  afterEach(() => setCsQuietGate(true));

  const outcome = (seed: number, bugs: string[], run: Partial<RunConfig>, faults: 'timed' | 'aimed', isGated: boolean): string => {
    setCsQuietGate(isGated);
    const r = runFuzzSeed({ protocol: tairProtocol, seed, bugs, run, faults });
    const v = r.violation;
    return `${r.verdict} ${r.traceHash} ${r.events} ${v === null ? '-' : `${v.name}@${v.eventIndex}: ${v.message}`}`;
  };

  it('agree on clean seeds (scoped and full checks, timed and aimed plans) and every bug flag, failures included', () => {
    const cases: Array<[number, string[], Partial<RunConfig>, 'timed' | 'aimed']> = [];
    for (let seed = 1; seed <= 16; seed++) cases.push([seed, [], { invariantChecks: 'scoped' }, 'timed']);
    for (let seed = 1; seed <= 4; seed++) cases.push([seed, [], { invariantChecks: 'full' }, 'timed'], [seed, [], { invariantChecks: 'scoped' }, 'aimed']);
    // Seeds 1-5 of every flag, and the baseline's seeds that fail a configserver check (no-ds-down 14, slave-follows 10).
    for (const b of tairProtocol.bugs) for (const seed of [1, 2, 3, 4, 5, 10, 14]) cases.push([seed, [b.id], { invariantChecks: 'scoped' }, 'timed']);
    const differ: string[] = [];
    let failures = 0;
    for (const [seed, bugs, run, faults] of cases) {
      const gated = outcome(seed, bugs, run, faults, true);
      const plain = outcome(seed, bugs, run, faults, false);
      if (gated !== plain) differ.push(`seed ${seed} ${bugs.join(',')} ${run.invariantChecks} ${faults}: ${gated} vs ${plain}`);
      if (/ (table-well-formed|no-ds-down-while-reachable|slave-follows-master)@/.test(plain)) failures++;
    }
    expect(differ).toEqual([]);
    // The comparison saw configserver checks fail (well-formed under builder-ignores-copy-count, and seeds 14 and 10).
    expect(failures).toBeGreaterThanOrEqual(7);
  });
});
