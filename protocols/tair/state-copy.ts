// Fresh copies of node states for the hot handlers, written out field by field in the states' declaration order.
//
// Why not `{ ...s, x }`: V8 compiles a spread to a clone of the source object's hidden class, and tair's states reach
// the hot handlers with many hidden classes (a census of 30 fuzz seeds found 30 for configserver states, 21 for
// dataserver and 15 for client states, 17 for a 4-field DsInfo: clone classes, deprecated ones after a field turned
// to doubles, literal ones), so every spread site went megamorphic and cloned through the runtime (several
// microseconds for a configserver state on the shared host, against under one for this literal). A literal builds
// every copy with its own single class whatever the source's.
//
// The copy is new and nobody else holds it: the handler that asked for it may set fields on it before returning it
// (the `Draft` type), never on the state it copied (which a previous state or the run's memory may share).
import { patched } from '../../sim/index.ts';
import type { ClientState, CsState, DsInfo, DsState } from './state.ts';

/** A fresh copy its maker may still write (before it returns it as the new state). */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };

export function copyCs(s: CsState): Draft<CsState> {
  return {
    kind: s.kind, phase: s.phase, masterId: s.masterId, peer: s.peer, loopCount: s.loopCount, curTimeUs: s.curTimeUs, groupFile: s.groupFile,
    configVersionFromFile: s.configVersionFromFile, conf: s.conf, table: s.table, ds: s.ds, downSlaveConfigServer: s.downSlaveConfigServer,
    isForceRebuild: s.isForceRebuild, changedAtUs: s.changedAtUs, isBuildQueued: s.isBuildQueued, isSendTablePending: s.isSendTablePending,
    shouldSynMigInfo: s.shouldSynMigInfo, syncFrom: s.syncFrom, syncWaiting: s.syncWaiting, links: s.links, confPushConn: s.confPushConn,
    isConfResendDue: s.isConfResendDue, maxVersionAsMaster: s.maxVersionAsMaster, hasPeerHbSinceLoop: s.hasPeerHbSinceLoop,
    peerHbStreak: s.peerHbStreak, lastLoopAtUs: s.lastLoopAtUs, peerUpBumps: s.peerUpBumps, isStartupDualMaster: s.isStartupDualMaster,
    masterConflicts: s.masterConflicts, reloads: s.reloads, statusResets: s.statusResets, hardChecks: s.hardChecks,
    forcedTableSends: s.forcedTableSends, solitaryBumps: s.solitaryBumps, solitaryClimb: s.solitaryClimb,
    tookDefaultMasterPush: s.tookDefaultMasterPush, healBuildVersion: s.healBuildVersion, startupDualBuildVersion: s.startupDualBuildVersion,
  };
}

/**
 * `{ ...s, ...p }` for a node state, always a new object (as the spread was), built by its kind's copy: the same keys,
 * values and order (each copy lists every field in declaration order; p's fields overwrite theirs in place). The
 * spread sites saw dozens of hidden classes and made more (33 for configserver states over 30 fuzz seeds, 15 for
 * dataserver ones), so every read of a state in the handlers, checks, keys and probes went megamorphic; copies from one
 * literal share one class.
 */
function copiedWith<T extends object>(c: Draft<T>, p: Partial<T>): T {
  for (const k in p) (c as Record<string, unknown>)[k] = p[k];
  return c as T;
}

export const csWith = (s: CsState, p: Partial<CsState>): CsState => copiedWith(copyCs(s), p);
export const dsWith = (s: DsState, p: Partial<DsState>): DsState => copiedWith(copyDs(s), p);
export const clientWith = (s: ClientState, p: Partial<ClientState>): ClientState => copiedWith(copyClient(s), p);

/** sim's patched (`s` itself when nothing changes) with its copy made by the kind's copy instead of a megamorphic spread. */
export const patchedCs = (s: CsState, p: Partial<CsState>): CsState => patched(s, p, copyCs);
export const patchedDs = (s: DsState, p: Partial<DsState>): DsState => patched(s, p, copyDs);
export const patchedClient = (s: ClientState, p: Partial<ClientState>): ClientState => patched(s, p, copyClient);

export function copyDs(s: DsState): Draft<DsState> {
  return {
    kind: s.kind, table: s.table, isSolitary: s.isSolitary, isConfigInited: s.isConfigInited, cfgDown: s.cfgDown, data: s.data,
    migrations: s.migrations, finished: s.finished, links: s.links, versionRegressions: s.versionRegressions, adopted: s.adopted,
    maxTransitionSeen: s.maxTransitionSeen, clientVersion: s.clientVersion, transitionVersion: s.transitionVersion,
  };
}

export function copyClient(s: ClientState): Draft<ClientState> {
  return {
    kind: s.kind, table: s.table, configVersion: s.configVersion, newConfigVersion: s.newConfigVersion, csIndex: s.csIndex,
    pending: s.pending, nextReq: s.nextReq, lastRefreshUs: s.lastRefreshUs, links: s.links,
  };
}

/** The DsInfo with another status, as a literal (a spread of DsInfo went megamorphic: 17 classes of a 4-field record). */
export const dsInfoWithStatus = (info: DsInfo, status: DsInfo['status']): DsInfo =>
  ({ status, lastTimeUs: info.lastTimeUs, standbyVersion: info.standbyVersion, standbySinceUs: info.standbySinceUs });

/**
 * The record with `key` set to `value`, copied key by key (the same order as `{ ...r, [key]: value }`): records of one
 * key set built so share one hidden class, where spread clones of them had a dozen (see above).
 */
export function withEntry<V>(r: Readonly<Record<string, V>>, key: string, value: V): Record<string, V> {
  const out: Record<string, V> = {};
  for (const k in r) out[k] = r[k]!;
  out[key] = value;
  return out;
}
