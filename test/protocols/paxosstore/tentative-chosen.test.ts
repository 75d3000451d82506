// A chosen mark on an uncertain entry (own PLog write in flight) is tentative: one-chosen-value ignores it, counts it
// once durable, and the model acts on it (DB, client OK) only then — clean fuzz seed 91 with a power cut.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneChosenValue } from '../../../protocols/paxosstore/invariants.ts';
import { EMPTY_RECORD } from '../../../protocols/paxosstore/record.ts';
import type { EntryRecord, Value } from '../../../protocols/paxosstore/record.ts';
import { loadScenarioFile, runScenario } from '../../../scenarios/scenario.ts';

const v = (id: string): Value => ({ id, key: 'k0', val: 1 });
const chosen = (id: string, ballot: number): EntryRecord => ({ ...EMPTY_RECORD, prepared: 0, promised: ballot, accepted: ballot, value: v(id), isChosen: true });
const node = (id: string, idx: number, rec: EntryRecord, isUncertain: boolean) => {
  const records = [EMPTY_RECORD, EMPTY_RECORD, EMPTY_RECORD];
  records[idx] = rec;
  return { id, incarnation: 1, state: { idx, n: 3, entities: { e0: { entries: { 2: { records, isUncertain } }, db: { applied: [] } } } } };
};
/** Runs the invariant over successive views (one view object, as in a run) and returns the first alarm. */
function alarm(steps: readonly (readonly ReturnType<typeof node>[])[]): string | null {
  const view = { nodes: [] as unknown[] };
  for (const nodes of steps) {
    view.nodes = [...nodes];
    const msg = oneChosenValue.check(view as never);
    if (msg !== null) return msg;
  }
  return null;
}

describe('paxosstore: a tentative chosen mark', () => {
  it('is not counted while its PLog write is in flight (the seed-91 false alarm)', () => {
    // a1 marks a2:6 chosen on its unsynced vote, loses it in a power cut; a3 later holds a1:9 chosen.
    expect(alarm([[node('a1', 0, chosen('a2:6', 5), true)], [node('a1', 0, EMPTY_RECORD, false), node('a3', 2, chosen('a1:9', 7), false)]])).toBeNull();
  });
  it('is counted once durable, so a true second value still fires', () => {
    const msg = alarm([[node('a1', 0, chosen('a2:6', 5), true)], [node('a1', 0, chosen('a2:6', 5), false)], [node('a3', 2, chosen('a1:9', 7), false)]]);
    expect(msg).toMatch(/e0 entry 2: a3 \(chosen record\) has a1:9 but a2:6 was chosen/);
  });
  it('the shrunk seed-91 power-cut scenario passes (it failed on the mark, and on the DB commit made from it)', () => {
    const s = loadScenarioFile(join(import.meta.dirname, '../../../scenarios/paxosstore/regress-91-tentative-chosen-power-cut.json'));
    const r = runScenario(s).result;
    expect(r.verdict).toBe('pass');
    expect(r.untriggered).toEqual([]);
  });
});
