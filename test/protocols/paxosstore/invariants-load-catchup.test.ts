// amnesia-on-damaged-load and catchup-below-max-chosen: each holds on real states and fails on the state a surviving
// mutant left (storage.ts's amnesia line: none, or not the fresh one; catchup.ts's window `Math.min` → `Math.max`).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRecord, runSimulation } from '../../../sim/index.ts';
import type { DiskContents, DiskRecord, View } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, NodeState } from '../../../protocols/paxosstore/state.ts';
import { EMPTY_RECORD } from '../../../protocols/paxosstore/record.ts';
import { dbFile, freshEntry, loadEntity, plogFile } from '../../../protocols/paxosstore/storage.ts';
import { cleanVariant, loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';
import { viewOf as acceptorsView } from './view-fixture.ts';

const invariant = (name: string) => paxosstoreProtocol.invariants.find((i) => i.name === name)!;

function finalStates(): Record<string, NodeState> {
  const r = runSimulation({ protocol: paxosstoreProtocol, seed: 1, options: { ...FUZZ_OPTIONS }, faultPhaseUs: 2_000_000, faults: [] });
  expect(r.verdict).toBe('pass');
  return r.finalStates as Record<string, NodeState>;
}

/** These acceptors after a restart (incarnation 2), every one with the same disk. */
const viewOf = (states: Record<string, NodeState>, disk: DiskContents = new Map()): View<NodeState> => acceptorsView(states, { disk, incarnation: 2 });

const withEntity = (states: Record<string, NodeState>, id: string, e: EntityState): Record<string, NodeState> =>
  ({ [id]: { ...states[id]!, entities: { ...states[id]!.entities, e0: e } } });

describe('paxosstore: amnesia-on-damaged-load', () => {
  const states = finalStates();
  const s = states['a1']!;
  const good: DiskRecord = makeRecord({ entry: 1, rec: { ...EMPTY_RECORD, promised: 1, prepared: 1 } });
  const damaged: DiskRecord = { ...good, crc: (good.crc + 1) >>> 0 };
  const diskOf = (r: DiskRecord): DiskContents => new Map([[plogFile('e0'), [r]]]);
  const inv = invariant('amnesia-on-damaged-load');

  it('holds on loads from intact and damaged files as loadEntity builds them, and on a clean run', () => {
    expect(inv.check(viewOf(states))).toBeNull();
    expect(inv.check(viewOf(withEntity(states, 'a1', loadEntity('e0', diskOf(good), s.n, s.idx)), diskOf(good)))).toBeNull();
    const loaded = loadEntity('e0', diskOf(damaged), s.n, s.idx);
    expect(loaded.isLoading).toBe(true);
    expect(inv.check(viewOf(withEntity(states, 'a1', loaded), diskOf(damaged)))).toBeNull();
  });

  it('fails on a damaged load without amnesia, with an amnesia that is not fresh, and on amnesia from intact files', () => {
    const loaded = loadEntity('e0', diskOf(damaged), s.n, s.idx);
    const check = (e: EntityState, r: DiskRecord) => inv.check(viewOf(withEntity(states, 'a1', e), diskOf(r)));
    expect(check({ ...loaded, amnesia: null }, damaged)).toMatch(/damaged PLog, not in amnesia/);
    expect(check({ ...loaded, amnesia: {} as EntityState['amnesia'] }, damaged)).toMatch(/is not the fresh one/);
    expect(check({ ...loaded, amnesia: { ...loaded.amnesia!, answered: [1] } }, damaged)).toMatch(/is not the fresh one/);
    expect(check(loaded, good)).toMatch(/intact files, yet in amnesia/);
    // Only a loading entity shows what it loaded: past loading the amnesia may have been lifted.
    expect(check({ ...loaded, amnesia: null, isLoading: false }, damaged)).toBeNull();
  });

  it('wants the amnesia restarted from an intact DB carrying the amnesia marker (seed 1702601), with its isDbLost', () => {
    const mark = makeRecord({ committed: 0, isRecovering: false, kv: {}, applied: [], amnesia: { isDbLost: true } });
    const markDisk: DiskContents = new Map([[dbFile('e0'), [mark]]]);
    const loaded = loadEntity('e0', markDisk, s.n, s.idx);
    const check = (e: EntityState) => inv.check(viewOf(withEntity(states, 'a1', e), markDisk));
    expect(check(loaded)).toBeNull();
    expect(check({ ...loaded, amnesia: null })).toMatch(/damaged DB amnesia marker, not in amnesia/);
    expect(check({ ...loaded, amnesia: { ...loaded.amnesia!, isDbLost: false } })).toMatch(/is not the fresh one/);
  });

  it('catches trust-damaged-plog at the load in its bug scenario; the clean protocol passes the same seed', () => {
    const sc = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/paxosstore/bug-trust-damaged-plog.json'));
    expect(runScenario(sc, { seed: 1 }).result.violation?.name).toBe('amnesia-on-damaged-load');
    expect(runScenario(cleanVariant(sc), { seed: 1 }).result.verdict).toBe('pass');
  });
});

describe('paxosstore: catchup-below-max-chosen', () => {
  const states = finalStates();
  const inv = invariant('catchup-below-max-chosen');

  it('holds on a clean run and on a catch-up request up to MaxChosenEntry; fails on one above it', () => {
    expect(inv.check(viewOf(states))).toBeNull();
    const s = states['a1']!;
    const ent = s.entities['e0']!;
    const asked = (entry: number): EntityState => ({ ...ent, entries: { ...ent.entries, [entry]: { ...freshEntry(s.n), catchupAtUs: 5_000 } } });
    expect(inv.check(viewOf(withEntity(states, 'a1', asked(ent.maxChosen))))).toBeNull();
    expect(inv.check(viewOf(withEntity(states, 'a1', asked(ent.maxChosen + 1))))).toMatch(new RegExp(`a1 e0: asked a peer to catch up entry ${ent.maxChosen + 1}, above max-chosen-entry ${ent.maxChosen}`));
  });
});
