// The ninth session's per-event checks, each written for a mutation survivor of mutation/tair-sample-2026-12-05c.txt
// (docs/history/mutation.md, "Ninth session: tair"): held-tables-built, client-drops-stale-table, mig-info-synced,
// group-conf-pushed, rebuild-debounced, client-pending-unanswered, migration-completes-switched,
// solitary-heartbeat-bumps. For each, a planted slip that reproduces the surviving mutant fails the check on a fuzz seed,
// and the clean protocol passes the same seed (with every other check in place).
import { describe, expect, it } from 'vitest';
import { runFuzzSeed } from '../../../scenarios/fuzz-run.ts';
import type { Actor, ConnId, Ctx, Input, NodeId, NodeView, ProtocolModule } from '../../../sim/index.ts';
import { tairProtocol } from '../../../protocols/tair/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import type { TairOptions } from '../../../protocols/tair/options.ts';
import type { TairState } from '../../../protocols/tair/state.ts';
import { migratingBuckets, viewOf } from '../../../protocols/tair/table.ts';
import { heldTableProblem } from '../../../protocols/tair/held-table-invariant.ts';
import { staleTableProblem } from '../../../protocols/tair/client-table-invariant.ts';
import { debounceProblem } from '../../../protocols/tair/rebuild-debounce-invariant.ts';
import type { CsState } from '../../../protocols/tair/state.ts';
import { historyOpById } from '../../../protocols/tair/client-pending-invariant.ts';
import type { HistoryOp, ReqId } from '../../../sim/index.ts';
import { client, table } from './view-fixture.ts';

type P = ProtocolModule<TairState, TairMsg, TairOptions>;
type Handle = Actor<TairState, TairMsg, TairOptions>['handle'];
type PlantedHandle = (real: Handle, ...a: Parameters<Handle>) => TairState;

function planted(handle: PlantedHandle): P {
  const real = tairProtocol.actor;
  return { ...tairProtocol, actor: { ...real, handle: (s: TairState, i: Input<TairMsg>, c: Ctx<TairMsg>, o: TairOptions, b: ReadonlySet<string>) => handle(real.handle, s, i, c, o, b) } };
}

/** cs-handlers.ts:35 `hasTable` → true: a configserver answers get-group with whatever table it has, built or not, ready or not. */
const handsOutAnyTable: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind === 'configserver' && input.type === 'message' && input.msg.type === 'get-group' && input.connId !== null) {
    ctx.send(input.connId as ConnId, { type: 'get-group-reply', version: s.table.clientVersion, table: viewOf(s.table) });
    return s;
  }
  return real(s, input, ctx, o, b);
};

/** client.ts:59 `{ table: null }` → `{}`: a client told of a newer client version keeps routing by its stale table. */
const keepsStaleTable: PlantedHandle = (real, s, input, ctx, o, b) => {
  const next = real(s, input, ctx, o, b);
  if (s.kind === 'client' && next.kind === 'client' && input.type === 'message' && input.msg.type === 'kv-reply' && s.table !== null && next.table === null) return { ...next, table: s.table };
  return next;
};

/** cs-loop.ts:159 the should_syn_mig_info test forced false: the loop neither force-sends the switched buckets nor clears the flag. */
const ignoresMigInfo: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'configserver' || input.type !== 'timer' || input.name !== 'loop' || !s.shouldSynMigInfo) return real(s, input, ctx, o, b);
  const next = real({ ...s, shouldSynMigInfo: false }, input, ctx, o, b);
  return next.kind === 'configserver' && migratingBuckets(next.table).length > 0 ? { ...next, shouldSynMigInfo: true } : next;
};

/** cs-common.ts:66 `to === null` → `to !== null`: pushGroupFile never sends (nor records a push): the slave never gets group.conf. */
const skipsConfPush: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'configserver') return real(s, input, ctx, o, b);
  const isConf = (m: TairMsg): boolean => m.type === 'server-table' && m.what === 'conf' && m.isPush;
  // The same context with group.conf pushes dropped (every other member read from, and bound to, the real one).
  const send = (connId: ConnId, m: TairMsg): void => { if (!isConf(m)) ctx.send(connId, m); };
  const quiet = new Proxy(ctx, {
    get: (t, k) => {
      if (k === 'send') return send;
      const v: unknown = Reflect.get(t, k, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  const next = real(s, input, quiet, o, b);
  if (next.kind !== 'configserver') return next;
  const links = Object.fromEntries(Object.entries(next.links).map(([peer, l]) => [peer, { ...l, queue: l.queue.filter((m) => !isConf(m)) }]));
  return { ...next, links, confPushConn: null, isConfResendDue: false };
};

/** cs-loop.ts:104 `>=` → `<` (and kin): the loop queues the build for a group.conf reload at once, without the debounce. */
const skipsDebounce: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'configserver' || input.type !== 'timer' || input.name !== 'loop' || s.changedAtUs === null) return real(s, input, ctx, o, b);
  return real({ ...s, changedAtUs: s.changedAtUs - 10 * s.conf.serverDowntimeUs }, input, ctx, o, b);
};

/**
 * cs-loop.ts:104 `>` → `>=` (the model's form before the tenth session): the build at exactly server_down_time after
 * the change, one loop before Tair's strict is_need_rebuild. The loop sees the change 1 us older; the stored stamp is
 * kept when the loop does not consume it, so the shift does not pile up.
 */
const rebuildsAtDowntime: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'configserver' || input.type !== 'timer' || input.name !== 'loop' || s.changedAtUs === null) return real(s, input, ctx, o, b);
  const next = real({ ...s, changedAtUs: s.changedAtUs - 1 }, input, ctx, o, b);
  return next.kind === 'configserver' && next.changedAtUs === s.changedAtUs - 1 ? { ...next, changedAtUs: s.changedAtUs } : next;
};

/**
 * The model's P5 rule before the tenth session's fix: a dataserver back STANDBY -> ALIVE is stamped for the debounce
 * (changedAtUs) instead of forcing the build, as set_server_alive's set_force_rebuild does.
 */
const debouncesStandbyAlive: PlantedHandle = (real, s, input, ctx, o, b) => {
  const next = real(s, input, ctx, o, b);
  if (s.kind !== 'configserver' || next.kind !== 'configserver' || s.isForceRebuild || !next.isForceRebuild) return next;
  const isBack = Object.keys(next.ds).some((ds) => next.ds[ds]!.status === 'alive' && s.ds[ds]?.status === 'standby');
  return isBack ? { ...next, isForceRebuild: false, changedAtUs: s.changedAtUs ?? next.curTimeUs } : next;
};

/** client.ts:59 the kv reply's patch → `{}`: on a reply with another client version the client keeps the request pending. */
const keepsAnswered: PlantedHandle = (real, s, input, ctx, o, b) => {
  const next = real(s, input, ctx, o, b);
  if (s.kind !== 'client' || input.type !== 'message' || input.msg.type !== 'kv-reply') return next;
  const isOtherVersion = input.msg.version !== s.configVersion && input.msg.version !== 0;
  const req = input.msg.req;
  return isOtherVersion && s.pending.some((p) => p.req === req) ? s : next;
};

/** cs-loop.ts:159 `if (migratingBuckets(...).length > 0)` → `if (false)`: the loop completes a migration with buckets still moving. */
const completesEarly: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'configserver' || input.type !== 'timer' || input.name !== 'loop' || s.table.transitionVersion === 0 || migratingBuckets(s.table).length === 0) return real(s, input, ctx, o, b);
  return real({ ...s, table: { ...s.table, hash: s.table.dest } }, input, ctx, o, b);
};

/** cs-handlers.ts:140 isSolitary never true (the bump half): a DOWN dataserver's heartbeat under strategy 0 bumps nothing. */
const skipsSolitaryBump: PlantedHandle = (real, s, input, ctx, o, b) => {
  if (s.kind !== 'configserver' || input.type !== 'message' || input.msg.type !== 'ds-heartbeat' || s.isSendTablePending) return real(s, input, ctx, o, b);
  const next = real({ ...s, isSendTablePending: true }, input, ctx, o, b);
  return next.kind === 'configserver' ? { ...next, isSendTablePending: false } : next;
};

const nodeView = (state: TairState): NodeView<TairState> => ({ id: 'c1' as NodeId, kind: state.kind, isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1 });

describe('tair: the ninth session per-event checks', () => {
  it('held-tables-built: a client holding the never-built table fails, a built one passes', () => {
    expect(heldTableProblem(nodeView(client(table(0, 'ds1'))))).toMatch(/never-built table/);
    expect(heldTableProblem(nodeView(client(table(10, 'ds1'))))).toBeNull();
    expect(heldTableProblem(nodeView(client(null)))).toBeNull();
  });

  it('held-tables-built: a configserver handing out its unbuilt table fails on seed 1; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 1 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(handsOutAnyTable), seed: 1 });
    expect(r.violation?.name).toBe('held-tables-built');
  });

  it('client-drops-stale-table: a table kept with a newer believed version fails; a dropped one or equal versions pass', () => {
    expect(staleTableProblem(nodeView({ ...client(table(12, 'ds1')), newConfigVersion: 16 }))).toMatch(/keeps its table at client version 12 after a reply told it of 16/);
    expect(staleTableProblem(nodeView({ ...client(null), configVersion: 12, newConfigVersion: 16 }))).toBeNull();
    expect(staleTableProblem(nodeView({ ...client(table(12, 'ds1')), newConfigVersion: 11 }))).toBeNull();
  });

  it('client-drops-stale-table: clients that keep their stale table fail on seed 2; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 2 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(keepsStaleTable), seed: 2 });
    expect(r.violation?.name).toBe('client-drops-stale-table');
  });

  it('mig-info-synced: a master whose loop ignores should_syn_mig_info fails on seed 18 (a migration); the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 18 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(ignoresMigInfo), seed: 18 });
    expect(r.violation?.name).toBe('mig-info-synced');
  });

  it('group-conf-pushed: a master that reloads group.conf without pushing it fails on seed 2; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 2 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(skipsConfPush), seed: 2 });
    expect(r.violation?.name).toBe('group-conf-pushed');
    expect(r.violation?.message).toMatch(/reloaded group.conf mtime \d+ with cs1 ALIVE but sent it no push/);
  });
  it('rebuild-debounced: a reload\'s stamp is built only after server_down_time unless forced or a dataserver went DOWN; STANDBY -> ALIVE forces', () => {
    const base = { changedAtUs: 10_000_000, isForceRebuild: false, isBuildQueued: false, reloads: 1, statusResets: 1, curTimeUs: 10_000_000, conf: { serverDowntimeUs: 4_000_000 }, ds: { ds1: { status: 'alive' } } } as unknown as CsState;
    const early = { ...base, changedAtUs: null, isBuildQueued: true, curTimeUs: 12_000_000 } as CsState;
    expect(debounceProblem('cs0', base, early)).toMatch(/queued a rebuild 2000000 us after a group.conf reload/);
    // Tair's test is strict (need_rebuild_hash_table < now - server_down_time): exactly server_down_time is too early.
    expect(debounceProblem('cs0', base, { ...early, curTimeUs: 14_000_000 })).toMatch(/queued a rebuild 4000000 us after/);
    expect(debounceProblem('cs0', base, { ...early, curTimeUs: 15_000_000 })).toBeNull();
    expect(debounceProblem('cs0', { ...base, isForceRebuild: true }, early)).toBeNull();
    expect(debounceProblem('cs0', base, { ...early, ds: { ds1: { status: 'down' } } } as unknown as CsState)).toBeNull();
    // The old rule: a reload that forces its build in the same loop (no stamp held before) fails, and so does a force
    // held before but overwritten by the loop's reload (load_config's `= now` replaces set_force_rebuild's 1).
    const reloaded = { ...early, reloads: 2, statusResets: 2, curTimeUs: 20_000_000 } as CsState;
    expect(debounceProblem('cs0', { ...base, changedAtUs: null }, reloaded)).toMatch(/queued a rebuild 0 us after a group.conf reload/);
    expect(debounceProblem('cs0', { ...base, changedAtUs: null, isForceRebuild: true }, reloaded)).toMatch(/queued a rebuild 0 us after/);
    // A heartbeat (no loop) that takes a dataserver STANDBY -> ALIVE must leave the force set, not a stamp.
    const standby = { ...base, changedAtUs: null, ds: { ds1: { status: 'standby' } } } as unknown as CsState;
    const back = { ...standby, ds: { ds1: { status: 'alive' } } } as unknown as CsState;
    expect(debounceProblem('cs0', standby, { ...back, changedAtUs: 10_000_000 })).toMatch(/took ds1 back STANDBY -> ALIVE without forcing the rebuild/);
    expect(debounceProblem('cs0', standby, { ...back, isForceRebuild: true })).toBeNull();
    // A table written from the peer (correct_server_info) may mark it ALIVE and clears the force.
    expect(debounceProblem('cs0', standby, { ...back, statusResets: 2 })).toBeNull();
  });

  it('rebuild-debounced: the old rule (STANDBY -> ALIVE debounced, not forced) fails on seed 7; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 7 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(debouncesStandbyAlive), seed: 7 });
    expect(r.violation?.name).toBe('rebuild-debounced');
    expect(r.violation?.message).toMatch(/back STANDBY -> ALIVE without forcing the rebuild/);
  });

  it('rebuild-debounced: a master that skips the debounce fails on seed 2; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 2 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(skipsDebounce), seed: 2 });
    expect(r.violation?.name).toBe('rebuild-debounced');
  });

  it('rebuild-debounced: a master that builds at exactly server_down_time (`>=`, one loop before Tair) fails on seed 2', () => {
    const r = runFuzzSeed({ protocol: planted(rebuildsAtDowntime), seed: 2 });
    expect(r.violation?.name).toBe('rebuild-debounced');
    // Seed 2 draws server_down_time 4 s: the build came exactly that long after the reload.
    expect(r.violation?.message).toMatch(/queued a rebuild (\d+) us after a group.conf reload, before server_down_time \(\1 us\)/);
  });
  it('client-pending-unanswered: the history lookup finds ops by id (ids grow with the history)', () => {
    const op = (id: number): HistoryOp => ({ id: id as ReqId, client: 0, node: 'c1' as NodeId, op: { type: 'get', key: 'k' }, callUs: 0, callSeq: id, returnUs: null, returnSeq: null, result: undefined, outcome: 'pending' });
    const history = [op(3), op(7), op(8), op(20)];
    expect(historyOpById(history, 7 as ReqId)?.id).toBe(7);
    expect(historyOpById(history, 20 as ReqId)?.id).toBe(20);
    expect(historyOpById(history, 9 as ReqId)).toBeUndefined();
  });

  it('client-pending-unanswered: a client that keeps answered requests pending fails on seed 2; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 2 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(keepsAnswered), seed: 2 });
    expect(r.violation?.name).toBe('client-pending-unanswered');
    expect(r.violation?.message).toMatch(/still holds request \d+ \((put|get) k\d+\) pending after answering it/);
  });
  it('migration-completes-switched: a master that completes a migration with buckets still moving fails on seed 5; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 5 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(completesEarly), seed: 5 });
    expect(r.violation?.name).toBe('migration-completes-switched');
    expect(r.violation?.message).toMatch(/completed the migration at version \d+ with buckets [\d,]+ still moving/);
  });
  it('solitary-heartbeat-bumps: a configserver that skips the solitary bump fails on seed 3; the clean protocol passes it', () => {
    expect(runFuzzSeed({ protocol: tairProtocol, seed: 3 }).verdict).toBe('pass');
    const r = runFuzzSeed({ protocol: planted(skipsSolitaryBump), seed: 3 });
    expect(r.violation?.name).toBe('solitary-heartbeat-bumps');
    expect(r.violation?.message).toMatch(/heard DOWN ds\d \(accept strategy 0, no send pending\) without the solitary bump/);
  });
});
