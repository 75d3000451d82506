// GetAllAndSet's source side: answer a recovering peer's meta request with a snapshot of our DB, then its KV pages.
import type { RecoverMetaReq, RecoverMetaRsp, RecoverPageReq, RecoverPageRsp } from './messages.ts';
import { acceptorId, isDbOutOfService } from './state.ts';
import type { D, Env } from './env.ts';
import { own } from './env.ts';

const SNAPSHOTS_MAX = 4;

/**
 * Serving side: a snapshot of our DB at our committed entry, kept for the pages that follow. Amnesia (lost PLog votes)
 * does not stop it: the DB holds only chosen values, and Certain's SnapshotRecover serves the DB whatever the PLog's
 * state (default/tiny_service_impl.cc). Refusing left a recovering peer stuck when the other two were amnesiac (clean
 * fuzz seeds 1040412, 1040955). Only a DB that itself failed its CRC (restarted empty) has nothing to serve.
 */
export function onMetaReq(d: D, env: Env, m: RecoverMetaReq): void {
  const ent = d.entities[m.entity];
  const base = { type: 'recover-meta-rsp' as const, from: d.idx, entity: m.entity, rpcId: m.rpcId };
  // A flagged DB is partial: DBImpl's GetDBEntityMeta answers an error for a flag != 0 (example/ServiceImpl.cpp L97).
  if (ent === undefined || ent.isLoading || isDbOutOfService(ent) || ent.amnesia?.isDbLost === true) {
    env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: false, committed: 0, snapshotId: 0, applied: [] } satisfies RecoverMetaRsp);
    return;
  }
  d.nextSeq++;
  const snap = { id: d.nextSeq, entity: m.entity, committed: ent.committed, kv: ent.db.kv, applied: ent.db.applied };
  d.snapshots = own(d.snapshots);
  d.snapshots.push(snap);
  if (d.snapshots.length > SNAPSHOTS_MAX) d.snapshots.shift();
  env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: true, committed: snap.committed, snapshotId: snap.id, applied: snap.applied } satisfies RecoverMetaRsp);
}

export function onPageReq(d: D, env: Env, m: RecoverPageReq): void {
  const snap = d.snapshots.find((s) => s.id === m.snapshotId && s.entity === m.entity);
  const base = { type: 'recover-page-rsp' as const, from: d.idx, entity: m.entity, rpcId: m.rpcId };
  if (snap === undefined) {
    env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: false, kvs: [], nextKey: null } satisfies RecoverPageRsp);
    return;
  }
  const keys = Object.keys(snap.kv).sort().filter((k) => m.afterKey === null || k > m.afterKey);
  const page = keys.slice(0, env.opts.recoverPageKeys);
  const kvs = page.map((k) => [k, snap.kv[k]!] as const);
  const nextKey = keys.length > page.length ? page[page.length - 1]! : null;
  env.ctx.sendDatagram(acceptorId(m.from), { ...base, isOk: true, kvs: kvs, nextKey } satisfies RecoverPageRsp);
}
