// Read uuids as Certain builds them (probe-uuid.ts): server id, boot second mod 65,536 and a per-boot counter. A restart
// in the same second reuses them, and an empty answer to the previous incarnation's probe then counts for a new read:
// the permitted anomaly probe-uuid-reused-after-fast-restart, and the read it lets through is excused
// (read-answered-via-reused-probe-uuid), that reply only. A restart in another second reuses nothing. Planted slips:
// with the excuse gone the hazard scenario fails linearizability; with uuids restarting at every boot (the model before
// paxuuid) the slow-restart scenario counts both anomalies, which its expectations forbid.
import { describe, expect, it } from 'vitest';
import type { ProtocolModule } from '../../../sim/index.ts';
import { runSimulation } from '../../../sim/index.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { scenarioRunConfig } from '../../../scenarios/to-run-config.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { PROBE_UUID_REUSED, STALE_READ_VIA_REUSED_PROBE, firstUuid, noteStaleMark, takeUuid } from '../../../protocols/paxosstore/probe-uuid.ts';

const fast = runScenario(loadScenario('paxosstore/hazard-probe-uuid-reused-after-fast-restart'));
const slow = runScenario(loadScenario('paxosstore/probe-uuid-differs-after-slow-restart'));
const reads = (h: typeof fast.result.history) => h.filter((x) => x.op.type === 'read');

describe('paxosstore: read uuids (clsCmdFactory)', () => {
  it('is server id << 32, boot second mod 65536 << 16, then +1 per read, carrying into the time bits', () => {
    expect(firstUuid(0, 0)).toBe(2 ** 32);
    expect(firstUuid(2, 1_999_999)).toBe(3 * 2 ** 32 + 65_536);
    expect(firstUuid(0, 65_536_000_000)).toBe(firstUuid(0, 0)); // 65,536 s later the time field repeats
    const d = { uuidNext: firstUuid(0, 0) + 65_535 } as NodeState;
    expect(takeUuid(d as never)).toBe(2 ** 32 + 65_535);
    expect(takeUuid(d as never)).toBe(firstUuid(0, 1_000_000)); // the 16-bit counter carried into the next second's uuids
  });

  it('keeps a mark as stale only while no fresh answer from that peer set it', () => {
    expect(noteStaleMark([], 1, true, false)).toEqual([1]);
    expect(noteStaleMark([], 1, true, true)).toEqual([]); // already marked by its answer to our own probe
    expect(noteStaleMark([1, 2], 1, false, true)).toEqual([2]);
    const same: readonly number[] = [2];
    expect(noteStaleMark(same, 1, false, false)).toBe(same);
  });
});

describe('paxosstore: probe-uuid-reused-after-fast-restart', () => {
  it('counts the stale answer and excuses only the read it let through (null after k0=1 was acknowledged)', () => {
    expect(fast.isPassed).toBe(true);
    expect(fast.result.anomalies[PROBE_UUID_REUSED]).toBe(1);
    expect(fast.result.anomalies[STALE_READ_VIA_REUSED_PROBE]).toBe(1);
    const [first, second] = reads(fast.result.history);
    expect(second!.result).toEqual({ ok: true, value: null });
    expect(second!.excused).toBe(STALE_READ_VIA_REUSED_PROBE);
    expect(first!.excused).toBeUndefined();
    const write = fast.result.history.find((x) => x.op.type === 'write')!;
    expect(write.result).toEqual({ ok: true });
    expect(write.returnSeq!).toBeLessThan(second!.callSeq);
  });

  it('fails linearizability without the excuse (the check still sees the stale read)', () => {
    const noExcuse = { ...paxosstoreProtocol, workload: { ...paxosstoreProtocol.workload!, excuse: undefined } };
    const r = runSimulation(scenarioRunConfig(loadScenario('paxosstore/hazard-probe-uuid-reused-after-fast-restart'), noExcuse as never));
    expect(r.verdict).toBe('violation');
    expect(r.violation?.name).toBe('linearizability');
  });

  it('reuses nothing when the restart falls in another second: no anomaly, nothing excused', () => {
    expect(slow.isPassed).toBe(true);
    expect(slow.result.anomalies[PROBE_UUID_REUSED]).toBeUndefined();
    expect(reads(slow.result.history).every((x) => x.excused === undefined)).toBe(true);
  });

  it('with uuids that restart at every boot (the model before paxuuid), the slow restart counts both anomalies', () => {
    const restartsAtZero: ProtocolModule<NodeState, never, never> = {
      ...(paxosstoreProtocol as unknown as ProtocolModule<NodeState, never, never>),
      actor: {
        ...(paxosstoreProtocol.actor as never as ProtocolModule<NodeState, never, never>['actor']),
        boot(...args) {
          const s = (paxosstoreProtocol.actor.boot as never as (...a: typeof args) => NodeState)(...args);
          return { ...s, uuidNext: firstUuid(s.idx, 0) };
        },
      },
    };
    const r = runSimulation(scenarioRunConfig(loadScenario('paxosstore/probe-uuid-differs-after-slow-restart'), restartsAtZero as never));
    expect(r.anomalies[PROBE_UUID_REUSED]).toBe(1);
    expect(r.anomalies[STALE_READ_VIA_REUSED_PROBE]).toBe(1);
  });
});
