// GetAllAndSet's durable DB writes: step 1 sets the flag, steps 2 and 6 clear the KVs, and every later step (meta, a
// page, the finish) rewrites the DB record through writeRecoverDb; each fsync's disk-done drives recovery.ts's step machine.
import type { D, DEntity, Env } from './env.ts';
import { entityOf, recoveryOf } from './env.ts';
import type { EntityState } from './state.ts';
import { EMPTY_DB } from './state.ts';
import { dbAmnesiaMark, dbFile } from './storage.ts';

// Step 1: SetEntityMeta(entity, -1, 1) sets the flag alone; the KVs stay until step 2's Clear (seed L489-516), so a
// crash between the two writes leaves a flagged DB with its old KVs, out of service (`crash-between-flag-and-clear`).
export function setFlag(d: D, env: Env, entity: string): void {
  entityOf(d, entity).isRecoverFlag = true;
  writeRecoverDb(d, env, entity, false);
}

/** Steps 2 and 6: delete the entity's KVs (the flag is already set). */
export function clearDb(d: D, env: Env, entity: string): void {
  const ent = entityOf(d, entity);
  ent.db = EMPTY_DB as DEntity["db"];
  ent.isRecoverFlag = true;
  writeRecoverDb(d, env, entity, false);
}

export function writeRecoverDb(d: D, env: Env, entity: string, isDone: boolean): void {
  const ent = entityOf(d, entity);
  const r = recoveryOf(d, entity);
  d.nextSeq++;
  r.rpcId = d.nextSeq;
  // The meta's committed entry: ours until step 4 writes the source's; a re-clear (step 6) leaves it as it is.
  // `applied` is checker bookkeeping: the KVs' chosen values (step 1 keeps the old DB's, a clear empties them).
  const applied = isDone ? r.applied : r.step === 'set-flag' ? ent.db.applied : [];
  env.ctx.replace(dbFile(entity), [{ committed: r.committed, isRecovering: !isDone, kv: ent.db.kv, applied, ...dbAmnesiaMark(ent as EntityState) }]);
  env.ctx.fsync(dbFile(entity), { kind: 'recover-db', entity, rpcId: r.rpcId });
}
