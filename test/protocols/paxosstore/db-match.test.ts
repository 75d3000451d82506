// db-matches-chosen's carried-forward fold (protocols/paxosstore/db-match.ts): every verdict must be the one the plain
// check gives (fold every applied value afresh, walk the sorted union of keys), across the DBs of real runs and across
// synthetic DB sequences that grow, move back, replace the list with other objects and carry wrong KVs.
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import type { Value } from '../../../protocols/paxosstore/record.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { Db, EMPTY_DB } from '../../../protocols/paxosstore/state.ts';
import type { Fold } from '../../../protocols/paxosstore/db-match.ts';
import { dbMatchProblem, dbProblemOf, foldOf } from '../../../protocols/paxosstore/db-match.ts';
import { eachHandledState } from './run-fixture.ts';

/** The check as it was written before the fold was carried forward. */
function plainDbProblem(db: Db, committed: number): string | null {
  if (db.applied.length !== committed) return `DB holds ${db.applied.length} applied entries, CommittedEntry is ${committed}`;
  const kv: Record<string, number> = {};
  for (const v of db.applied) if (v.key !== null) kv[v.key] = v.val;
  const keys = [...new Set([...Object.keys(kv), ...Object.keys(db.kv)])].sort();
  const bad = keys.find((k) => kv[k] !== db.kv[k]);
  return bad === undefined ? null : `key ${bad} is ${db.kv[bad] ?? 'absent'}, the chosen values give ${kv[bad] ?? 'absent'}`;
}

/** A small deterministic generator (the test needs variety, not quality). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('paxosstore: db-matches-chosen with a carried-forward fold', () => {
  it('gives the plain verdict along synthetic DB histories (growth, move-back, other lists, wrong KVs)', () => {
    const rnd = lcg(7);
    let verdicts = 0;
    let problems = 0;
    for (let run = 0; run < 40; run++) {
      let memo: Fold | undefined;
      let db = EMPTY_DB;
      const history: Db[] = [db];
      for (let step = 0; step < 80; step++) {
        const r = rnd();
        const value = (): Value => ({ id: `v${step}`, key: rnd() < 0.15 ? null : `k${Math.floor(rnd() * 4)}`, val: Math.floor(rnd() * 5) });
        if (r < 0.6) db = db.withApplied(value());
        else if (r < 0.7) db = history[Math.floor(rnd() * history.length)]!; // moved back (GetAllAndSet from a source behind)
        else if (r < 0.78) db = new Db(db.kv, [...db.applied]); // the same values in another list
        else if (r < 0.84) db = new Db(db.kv, db.applied.map((v) => ({ ...v }))); // other value objects, same contents
        else if (r < 0.9) db = db.withKvs([[`k${Math.floor(rnd() * 5)}`, Math.floor(rnd() * 5)]]); // a KV written beside the log
        else if (r < 0.95 && db.applied.length > 0) db = new Db(db.kv, db.applied.slice(0, -1)); // one value fewer, KVs kept
        history.push(db);
        const committed = rnd() < 0.9 ? db.applied.length : db.applied.length + 1;
        memo = foldOf(memo, db.applied);
        const want = plainDbProblem(db, committed);
        expect(dbProblemOf(db, committed, memo.kv)).toBe(want);
        verdicts++;
        if (want !== null) problems++;
      }
    }
    expect(verdicts).toBe(3200);
    expect(problems).toBeGreaterThan(100);
    expect(verdicts - problems).toBeGreaterThan(1000);
  });

  it('gives the plain verdict for every node state of real runs (skipping entities unchanged since a passed state)', () => {
    const byNode = new Map<number, NodeState>();
    let judged = 0;
    for (const seed of [5, 11, 23]) {
      const view = { nodes: [] } as unknown as View<NodeState>; // the fold's per-run memory only
      byNode.clear();
      eachHandledState(seed, (s) => {
        const passed = byNode.get(s.idx);
        const want = plainNode(s);
        expect(dbMatchProblem(s, `a${s.idx + 1}`, passed, view)).toBe(want === null ? null : `a${s.idx + 1} ${want}`);
        if (want === null) byNode.set(s.idx, s);
        judged++;
      });
    }
    expect(judged).toBeGreaterThan(1000);
  });
});

function plainNode(s: NodeState): string | null {
  for (const entity in s.entities) {
    const ent = s.entities[entity]!;
    if (ent.isGetAllPending || ent.isRecoverFlag || ent.isLoading) continue;
    const msg = plainDbProblem(ent.db, ent.committed);
    if (msg !== null) return `${entity}: ${msg}`;
  }
  return null;
}
