// recovery-state-kept: holds on real runs with GetAllAndSet (each check after every event in the test suite's full
// mode), fails on the states the surviving mutants of mutation sample 2 left (recovery-writes.ts setFlag's flag not
// raised; recovery-end.ts keeping the PLog entries the recovered DB covers), and catches the H-PS-1 flag at its cause.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import { paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, NodeState, Recovery } from '../../../protocols/paxosstore/state.ts';
import { freshEntry } from '../../../protocols/paxosstore/storage.ts';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { oneAcceptorView } from './view-fixture.ts';

const inv = paxosstoreProtocol.invariants.find((i) => i.name === 'recovery-state-kept')!;

// The default aimed fuzzer's seed 2: GetAllAndSet completes on it (the mutant recovery-end.ts `if (false)` fails there).
const run = runFuzzSeed({ protocol: paxosstoreProtocol, seed: 2, bugs: [] });
const s0 = run.finalStates!['a1'] as NodeState;

const recovery = (committed: number): Recovery => ({
  entity: 'e0', step: 'finish', needEntry: committed, peerPos: 1, tries: 0, rpcId: 7, timerId: null,
  committed, snapshotId: 1, nextKey: null, applied: [], isAborting: false,
});

function withE0(s: NodeState, e: Partial<EntityState>, extra: Partial<NodeState> = {}): NodeState {
  return { ...s, ...extra, entities: { ...s.entities, e0: { ...s.entities['e0']!, ...e } } };
}

describe('paxosstore: recovery-state-kept', () => {
  it('holds on a clean aimed run in which GetAllAndSet completes (checked after every event)', () => {
    expect(run.verdict).toBe('pass');
    const done = Object.values(run.finalStates!).reduce<number>((a, s) => a + (s as NodeState).recoveriesDone, 0);
    expect(done).toBeGreaterThan(0);
  });

  it('fails on a running GetAllAndSet whose entity is not flagged (setFlag `isRecoverFlag = false`)', () => {
    const running = { ...s0, recoveries: { e0: { ...recovery(3), step: 'set-flag' as const } } };
    expect(oneAcceptorView(inv).set(withE0(running, { isRecoverFlag: true, isGetAllPending: true }))).toBeNull();
    expect(oneAcceptorView(inv).set(withE0(running, { isRecoverFlag: false, isGetAllPending: true }))).toMatch(/a1 e0: GetAllAndSet at step set-flag, yet the recover flag is not set/);
  });

  it('fails when a completed GetAllAndSet leaves a settled PLog entry the DB covers; uncertain entries and aborts pass', () => {
    const before = withE0({ ...s0, recoveries: { e0: recovery(5) } }, { isRecoverFlag: true, isGetAllPending: true });
    const entry = freshEntry(s0.n);
    const after = (e: Partial<EntityState>, done = 1): NodeState =>
      withE0({ ...s0, recoveries: {}, recoveriesDone: s0.recoveriesDone + done }, { isRecoverFlag: false, isGetAllPending: false, dbDurable: 5, ...e });
    const step = (next: NodeState, incarnation = 1): string | null => {
      const v = oneAcceptorView(inv);
      expect(v.set(before)).toBeNull();
      return v.set(next, incarnation);
    };
    expect(step(after({ entries: { 6: entry } }))).toBeNull();
    expect(step(after({ entries: { 4: { ...entry, isUncertain: true }, 6: entry } }))).toBeNull();
    expect(step(after({ entries: { 4: entry } }))).toMatch(/a1 e0: GetAllAndSet ended with the DB at entry 5, yet PLog entry 4 is still in memory/);
    expect(step(after({ entries: { 5: entry } }))).toMatch(/PLog entry 5 is still in memory/);
    // Not an end: an abort (flag kept, recoveriesDone unchanged) or a restart (another incarnation) keeps what it has.
    expect(step(after({ entries: { 4: entry }, isRecoverFlag: true }, 0))).toBeNull();
    expect(step(after({ entries: { 4: entry } }), 2)).toBeNull();
  });

  it('catches stale-accept-served-as-chosen at the recovery end in its scenario; the clean protocol passes the same seed', () => {
    const sc = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/paxosstore/bug-stale-accept-served-as-chosen.json'));
    const r = runScenario(sc, { seed: 1 }).result;
    expect(r.violation?.name).toBe('recovery-state-kept');
    expect(r.violation?.message).toMatch(/a1 e0: GetAllAndSet ended with the DB at entry 1, yet PLog entry 1 is still in memory/);
    expect(runScenario(cleanVariant(sc), { seed: 1 }).result.verdict).toBe('pass');
  });
});
