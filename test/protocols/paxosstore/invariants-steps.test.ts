// steps-taken and plog-covers-records on the states of a real run, then tampered: each holds on the run and fails on
// the state the surviving mutants left (a majority promise never accepted, a majority accept never chosen, a record
// above MaxPLogEntry).
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, NodeState } from '../../../protocols/paxosstore/state.ts';
import type { EntryRecord } from '../../../protocols/paxosstore/record.ts';
import { EMPTY_RECORD } from '../../../protocols/paxosstore/record.ts';
import { freshEntry } from '../../../protocols/paxosstore/storage.ts';
import { viewOf } from './view-fixture.ts';

const invariant = (name: string) => paxosstoreProtocol.invariants.find((i) => i.name === name)!;

function finalStates(): Record<string, NodeState> {
  const r = runSimulation({ protocol: paxosstoreProtocol, seed: 1, options: { ...FUZZ_OPTIONS }, faultPhaseUs: 2_000_000, faults: [] });
  expect(r.verdict).toBe('pass');
  return r.finalStates as Record<string, NodeState>;
}

/** Node `id` with one extra entry of entity e0, one above its MaxPLogEntry, holding `records` (ours at index idx). */
function withEntry(states: Record<string, NodeState>, id: string, records: (self: number) => EntryRecord[], maxPlogDelta = 1): Record<string, NodeState> {
  const s = states[id]!;
  const ent = s.entities['e0']!;
  const entry = ent.maxPlog + 1;
  const info = { ...freshEntry(s.n), records: records(s.idx) };
  const e: EntityState = { ...ent, entries: { ...ent.entries, [entry]: info }, maxPlog: ent.maxPlog + maxPlogDelta };
  return { ...states, [id]: { ...s, entities: { ...s.entities, e0: e } } };
}

const rec = (promised: number, prepared: number, accepted: number): EntryRecord =>
  ({ ...EMPTY_RECORD, promised, prepared, accepted, value: accepted > 0 ? { id: 'v', key: 'k0', val: 1 } : null });

describe('paxosstore: step and PLog high-water invariants', () => {
  const states = finalStates();
  const names = ['steps-taken', 'plog-covers-records'];

  it('hold on the states of a clean run that chose entries', () => {
    expect(Object.values(states).some((s) => s.entities['e0']!.maxChosen > 0)).toBe(true);
    for (const n of names) expect(invariant(n).check(viewOf(states)), n).toBeNull();
  });

  it('steps-taken fails when a majority promised our ballot and we did not accept', () => {
    const bad = withEntry(states, 'a1', (self) => [0, 1, 2].map((i) => (i === self ? rec(7, 7, 0) : i === (self + 1) % 3 ? rec(7, 0, 0) : EMPTY_RECORD)));
    expect(invariant('steps-taken').check(viewOf(bad))).toMatch(/promised our ballot 7, but we have not accepted/);
    expect(invariant('plog-covers-records').check(viewOf(bad))).toBeNull();
  });

  it('steps-taken fails when a majority accepted our number and our record is not chosen; a minority is fine', () => {
    const bad = withEntry(states, 'a1', (self) => [0, 1, 2].map((i) => (i === self || i === (self + 1) % 3 ? rec(7, 0, 7) : EMPTY_RECORD)));
    expect(invariant('steps-taken').check(viewOf(bad))).toMatch(/accepted ballot 7, but our record is not chosen/);
    const minority = withEntry(states, 'a1', (self) => [0, 1, 2].map((i) => (i === self ? rec(7, 0, 7) : EMPTY_RECORD)));
    expect(invariant('steps-taken').check(viewOf(minority))).toBeNull();
  });

  it('plog-covers-records fails on our record above MaxPLogEntry, not on an empty one', () => {
    const bad = withEntry(states, 'a2', (self) => [0, 1, 2].map((i) => (i === self ? rec(4, 0, 0) : EMPTY_RECORD)), 0);
    expect(invariant('plog-covers-records').check(viewOf(bad))).toMatch(/holds our record .* above max-plog-entry/);
    const empty = withEntry(states, 'a2', () => [EMPTY_RECORD, EMPTY_RECORD, EMPTY_RECORD], 0);
    expect(invariant('plog-covers-records').check(viewOf(empty))).toBeNull();
  });
  it('steps-taken fails on a check-empty read left pending at an entry the node knows is chosen, not on one above it', () => {
    const s = states['a1']!;
    const maxChosen = s.entities['e0']!.maxChosen;
    const withRead = (entry: number): Record<string, NodeState> => ({
      ...states,
      a1: { ...s, cmds: { ...s.cmds, e0: { kind: 'read', reqId: 999, entry, key: 'k0', uuid: 999, timerId: 999, valueId: null } as unknown as NodeState['cmds'][string] } },
    });
    // The state the mutant paxos.ts `case 'remote-newer'` → `""` leaves: a RemoteNewer answer raised MaxChosenEntry to
    // the read's entry and the read stayed pending.
    expect(invariant('steps-taken').check(viewOf(withRead(maxChosen)))).toMatch(/check-empty read of entry \d+ still pending although max-chosen-entry is/);
    // A read of MaxChosenEntry+1 (the entry a read probes) is fine; its marks are fresh (no peer mark yet).
    expect(invariant('steps-taken').check(viewOf(withRead(maxChosen + 1)))).toBeNull();
  });
  it('steps-taken fails on a check-empty read with a majority of empty answers left pending, not on one short of it', () => {
    const s = states['a1']!;
    const ent = s.entities['e0']!;
    expect(ent.committed).toBe(ent.maxChosen);
    const entry = ent.maxChosen + 1;
    const withMarks = (marks: boolean[]): Record<string, NodeState> => ({
      ...states,
      a1: {
        ...s,
        cmds: { ...s.cmds, e0: { kind: 'read', reqId: 999, entry, key: 'k0', uuid: 999, timerId: 999, valueId: null } as unknown as NodeState['cmds'][string] },
        entities: { ...s.entities, e0: { ...ent, entries: { ...ent.entries, [entry]: { ...freshEntry(s.n), checkedEmpty: marks, checkedEmptyUuid: 999, checkedEmptyBy: marks.map((m) => (m ? 999 : 0)) } } } },
      },
    });
    // The state the mutant client.ts `count >= majorityOf(d.n)` → `>` leaves: our own mark and one peer's, unanswered.
    const two = [0, 1, 2].map((i) => i === s.idx || i === (s.idx + 1) % 3);
    expect(invariant('steps-taken').check(viewOf(withMarks(two)))).toMatch(/has 2 of 3 empty answers \(a majority\) and is still pending/);
    const one = [0, 1, 2].map((i) => i === s.idx);
    expect(invariant('steps-taken').check(viewOf(withMarks(one)))).toBeNull();
  });
});
