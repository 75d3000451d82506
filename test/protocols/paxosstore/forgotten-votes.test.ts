// one-chosen-value's PS4 excuse (forgotten-votes.ts): a second chosen value passes, counted as
// vote-forgotten-after-db-moved-back, only when every voter common to the two choosing quorums forgot the entry by
// GC + a DB moved back over it + a restart loading the counters at the moved-back entry. Neighbouring states (the
// common voter forgot it another way, or the entry lies outside the move-back, or no DB moved back) still fail.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { EntityState, EntryInfo, NodeState } from '../../../protocols/paxosstore/state.ts';
import type { EntryRecord, Value } from '../../../protocols/paxosstore/record.ts';
import { EMPTY_RECORD } from '../../../protocols/paxosstore/record.ts';
import { freshEntry, loadEntity } from '../../../protocols/paxosstore/storage.ts';
import { voteForgottenProbe } from '../../../protocols/paxosstore/vote-forgotten.ts';
import { acceptor, viewOfNodes } from './view-fixture.ts';

const oneChosen = paxosstoreProtocol.invariants.find((i) => i.name === 'one-chosen-value')!;
const base = runSimulation({ protocol: paxosstoreProtocol, seed: 1, options: { ...FUZZ_OPTIONS, acceptorCount: 3, entityCount: 1 }, faultPhaseUs: 200_000, faults: [] }).finalStates as Record<string, NodeState>;

const V: Value = { id: 'a1:1', key: 'k0', val: 1 };
const W: Value = { id: 'a2:noop:1', key: null, val: 0 };
const vote = (value: Value, ballot: number, isChosen = false): EntryRecord => ({ ...EMPTY_RECORD, promised: ballot, accepted: ballot, value, isChosen });

/** Entity e9 of acceptor `idx` with our own records at the given entries and the given counters. */
function ent(idx: number, own: Record<number, EntryRecord>, committed: number, maxCont = committed, extra: Partial<EntityState> = {}): EntityState {
  const entries: Record<number, EntryInfo> = {};
  for (const [e, r] of Object.entries(own)) {
    const f = freshEntry(3);
    entries[Number(e)] = { ...f, records: f.records.map((x, i) => (i === idx ? r : x)) };
  }
  const empty = loadEntity('e9', new Map(), 3, idx);
  return { ...empty, isLoading: false, committed, maxCont, maxChosen: Math.max(maxCont, ...Object.keys(own).map(Number)), entries, ...extra };
}

/** One run's view, changed in place step by step (the checks keep their memory per view object). */
class World {
  readonly incarnation = [1, 1, 1];
  readonly ents: EntityState[] = [0, 1, 2].map((i) => ent(i, {}, 0));
  readonly view = viewOfNodes([]);
  constructor() {
    this.refresh();
  }
  private refresh(): void {
    this.view.nodes = [0, 1, 2].map((i) => {
      const id = `a${i + 1}`;
      const state: NodeState = { ...base[id]!, idx: i, n: 3, entities: { e9: this.ents[i]! } };
      return acceptor(id, state, { incarnation: this.incarnation[i]! });
    });
  }
  /** Set acceptor i's entity (and optionally restart it first), then run one-chosen-value as the kernel would. */
  step(i: number, e: EntityState, isRestart = false): string | null {
    if (isRestart) this.incarnation[i]!++;
    this.ents[i] = e;
    this.refresh();
    return oneChosen.check(this.view);
  }
}

/**
 * The PS4 history at entry 1: a1 and a3 choose V (ballot 7), a1 applies it and GC deletes it from a1's PLog, a1's DB
 * is moved back to 0 (max-cont stays 1), a1 restarts with committed 0 and votes for a2's W (ballot 8) with a2.
 * `slip` changes one step to a neighbouring state.
 */
function ps4(slip: 'none' | 'damaged-load' | 'outside-range' | 'no-move-back' | 'no-gc' | 'second-common-voter' = 'none'): { w: World; verdicts: (string | null)[] } {
  const w = new World();
  const out: (string | null)[] = [];
  const L = slip === 'outside-range' ? 3 : 1;
  const C = slip === 'outside-range' ? 1 : 0;
  const held: Record<number, EntryRecord> = { 1: vote(V, 7, true), 2: vote(V, 9, true), 3: vote(V, 11, true) };
  const a1Own = slip === 'outside-range' ? held : { 1: vote(V, 7) };
  out.push(w.step(0, ent(0, a1Own, 0, 0)));
  out.push(w.step(2, ent(2, { 1: vote(V, 7, true) }, 0, 1)));
  if (slip === 'second-common-voter') out.push(w.step(1, ent(1, { 1: vote(V, 7, true) }, 0, 1)));
  out.push(w.step(0, ent(0, { ...a1Own, 1: vote(V, 7, true) }, L)));
  if (slip !== 'no-gc') out.push(w.step(0, ent(0, {}, L))); // GC: the entries are gone from memory and the PLog
  if (slip !== 'no-move-back') out.push(w.step(0, ent(0, {}, C, L))); // GetAllAndSet from a source behind: the DB moves back
  const loaded = ent(0, {}, C, C, { isLoading: true });
  out.push(w.step(0, slip === 'damaged-load' ? { ...loaded, amnesia: { fence: null, answered: [], maxSeen: 0, isDbLost: false } as unknown as EntityState['amnesia'] } : loaded, true));
  out.push(w.step(0, ent(0, { 1: vote(W, 8) }, C)));
  out.push(w.step(1, ent(1, { 1: vote(W, 8, true) }, 0, 1), slip === 'second-common-voter'));
  return { w, verdicts: out };
}

describe('paxosstore: one-chosen-value excuses a vote forgotten after a DB moved back (PS4), by cause only', () => {
  it('the PS4 state passes and is counted as vote-forgotten-after-db-moved-back', () => {
    const { w, verdicts } = ps4();
    expect(verdicts.every((v) => v === null), JSON.stringify(verdicts)).toBe(true);
    expect(voteForgottenProbe.present(w.view, {})).toMatch(/e9 entry 1: a2:noop:1 chosen after a1:1.*a1 \(DB moved back 1→0, restarted at 0\)/);
    // Judged once: the same states again stay excused, and no other value slips through by it.
    expect(oneChosen.check(w.view)).toBeNull();
  });

  it('a clean run has nothing to count', () => {
    const w = new World();
    expect(w.step(0, ent(0, { 1: vote(V, 7) }, 0))).toBeNull();
    expect(voteForgottenProbe.present(w.view, {})).toBeNull();
  });

  for (const [slip, why] of [
    ['damaged-load', 'the common voter forgot by a damaged PLog (amnesia), not by the move-back'],
    ['outside-range', 'the entry is at or below the moved-back entry C, not in (C, L]'],
    ['no-move-back', 'no DB moved back: the restart loaded a lower entry for another reason'],
    ['no-gc', 'the vote was not deleted by GC (lost at the restart: an unsynced PLog write)'],
    ['second-common-voter', 'a second common voter (a2, restarted) forgot the entry without a move-back'],
  ] as const) {
    it(`still a violation when ${why}`, () => {
      const { w, verdicts } = ps4(slip);
      expect(verdicts[verdicts.length - 1]).toMatch(/e9 entry 1: a2 \(chosen record\) has a2:noop:1 but a1:1 was chosen/);
      // The verdict is kept: the anomaly probe's own call cannot clear it.
      expect(voteForgottenProbe.present(w.view, {})).toBeNull();
      expect(oneChosen.check(w.view)).toMatch(/a1:1 was chosen/);
    });
  }
});
