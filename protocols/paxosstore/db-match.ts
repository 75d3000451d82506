// db-matches-chosen's per-node judgement: every DB in service equals the chosen values applied in entry order, up to
// CommittedEntry. The values a DB applied grow by one per apply (state.ts Db.withApplied copies the list with one more),
// so folding the whole list into key → value again for every new DB object cost O(applied) per apply, O(applied²) per
// run, plus a WeakMap entry per DB object and a Set and a sort per judgement. Here the fold is carried forward: each
// run, node and entity keeps the last list folded and its fold, and a list that starts with exactly those values (the
// same objects, compared one by one) is folded from where that one ended. The sorted key walk runs only to name the
// first differing key; a DB that matches is found by one pass over each side's keys.
import type { View } from '../../sim/index.ts';
import { perRunNodeMap } from '../../sim/index.ts';
import type { Value } from './record.ts';
import type { Db, EntityState, NodeState } from './state.ts';
import { isDbOutOfService } from './state.ts';

/** A list of applied values and its fold (key → the last value applied to it), kept in step: kv is fold(applied). */
export interface Fold { applied: readonly Value[]; kv: Record<string, number> }

/** fold(applied), reusing `last` (updated in place) when `applied` starts with last.applied's values. */
export function foldOf(last: Fold | undefined, applied: readonly Value[]): Fold {
  if (last !== undefined && last.applied === applied) return last;
  let from = 0;
  let kv: Record<string, number> = {};
  if (last !== undefined && isPrefix(last.applied, applied)) {
    from = last.applied.length;
    kv = last.kv;
  }
  for (let i = from; i < applied.length; i++) {
    const v = applied[i]!;
    if (v.key !== null) kv[v.key] = v.val;
  }
  if (last === undefined) return { applied, kv };
  last.applied = applied;
  last.kv = kv;
  return last;
}

function isPrefix(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What is wrong with `db` given the fold of its applied values, or null (the message names the first key in sort order). */
export function dbProblemOf(db: Db, committed: number, kv: Readonly<Record<string, number>>): string | null {
  if (db.applied.length !== committed) return `DB holds ${db.applied.length} applied entries, CommittedEntry is ${committed}`;
  // Every key of either side compared, as the sorted walk below does: no difference means it would find none.
  const got = db.kv;
  let isSame = true;
  for (const k in kv) if (kv[k] !== got[k]) { isSame = false; break; }
  if (isSame) for (const k in got) if (kv[k] !== got[k]) { isSame = false; break; }
  if (isSame) return null;
  const keys = [...new Set([...Object.keys(kv), ...Object.keys(got)])].sort();
  const bad = keys.find((k) => kv[k] !== got[k]);
  return bad === undefined ? null : `key ${bad} is ${got[bad] ?? 'absent'}, the chosen values give ${kv[bad] ?? 'absent'}`;
}

/** The fold of the last DB judged, per run, node id and entity. */
const foldsOf = perRunNodeMap<Map<string, Fold>>();

/**
 * The node's first DB problem, or null. An entity that is the object it was in `passed` (the last state of this node that
 * passed), or holds the DB and CommittedEntry it held there where it was judged, passed then and is skipped: the
 * judgement reads those alone (most events change an entity's entries, not its DB).
 */
export function dbMatchProblem(s: NodeState, id: string, passed: NodeState | undefined, view: View<NodeState>): string | null {
  let folds: Map<string, Fold> | undefined;
  for (const entity in s.entities) {
    const ent = s.entities[entity]!;
    const was = passed?.entities[entity];
    if (was === ent || isDbOutOfService(ent) || ent.isLoading) continue;
    // Judged in `passed` on the same DB and CommittedEntry (the judgement reads nothing else), and it passed.
    if (was !== undefined && was.db === ent.db && was.committed === ent.committed && !isDbOutOfService(was) && !was.isLoading) continue;
    const msg = entityDbProblem(folds ??= nodeFolds(view, id), entity, ent);
    if (msg !== null) return `${id} ${entity}: ${msg}`;
  }
  return null;
}

function nodeFolds(view: View<NodeState>, id: string): Map<string, Fold> {
  const byNode = foldsOf(view);
  let m = byNode.get(id);
  if (m === undefined) byNode.set(id, (m = new Map()));
  return m;
}

function entityDbProblem(folds: Map<string, Fold>, entity: string, ent: EntityState): string | null {
  const db = ent.db;
  if (db.applied.length !== ent.committed) return dbProblemOf(db, ent.committed, {});
  const last = folds.get(entity);
  const f = foldOf(last, db.applied);
  if (last === undefined) folds.set(entity, f);
  return dbProblemOf(db, ent.committed, f.kv);
}
