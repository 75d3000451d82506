// Test fixtures for configserver unit tests: a ready configserver state and a recording Ctx with a fixed clock.
import type { ConnId, Ctx, DiskOpId, NodeId, Prng, TimerId } from '../../../sim/index.ts';
import type { TairMsg } from '../../../protocols/tair/messages.ts';
import { defaultTairOptions } from '../../../protocols/tair/options.ts';
import type { CsState } from '../../../protocols/tair/state.ts';
import { provisionedGroupFile } from '../../../protocols/tair/group-conf.ts';
import { emptyTable } from '../../../protocols/tair/table.ts';
import { freshDsInfos } from '../../../protocols/tair/cs-common.ts';

/** A ready configserver that last looped (and last heard its ALIVE peer) at `atUs`; cs0 is master. */
export function readyCs(self: string, atUs: number): CsState {
  const file = provisionedGroupFile(defaultTairOptions);
  return {
    kind: 'configserver', phase: 'ready', masterId: 'cs0', peer: { status: 'alive', lastTimeUs: atUs }, loopCount: 20, curTimeUs: atUs,
    groupFile: file, configVersionFromFile: file.mtime, conf: file.conf, table: emptyTable(file.conf.bucketCount),
    ds: freshDsInfos(file.conf.dataservers, atUs), downSlaveConfigServer: null, isForceRebuild: false, changedAtUs: null,
    isBuildQueued: false, isSendTablePending: false, shouldSynMigInfo: false, syncFrom: null, syncWaiting: [], links: {}, confPushConn: null, isConfResendDue: false,
    maxVersionAsMaster: 0, hasPeerHbSinceLoop: false, peerHbStreak: 0, lastLoopAtUs: atUs, peerUpBumps: 0, isStartupDualMaster: false,
    masterConflicts: 0, reloads: 0, statusResets: 0, hardChecks: 0, forcedTableSends: 0, solitaryBumps: 0, solitaryClimb: null, tookDefaultMasterPush: false, healBuildVersion: 0, startupDualBuildVersion: 0,
  };
}

export interface RecordingCtx extends Ctx<TairMsg> { readonly logs: string[]; readonly sent: TairMsg[] }

/** A Ctx at local time `nowUs` whose connect probe answers `canConnect`; it records logs and sends. */
export function fakeCtx(nowUs: number, canConnect: boolean, self = 'cs1'): RecordingCtx {
  let n = 0;
  const logs: string[] = [];
  const sent: TairMsg[] = [];
  const prng = { int: () => 0, chance: () => false } as unknown as Prng;
  return {
    self: self as NodeId, nowUs, prng, logs, sent,
    connect: () => (++n) as unknown as ConnId,
    send: (_c, m) => { sent.push(m); },
    close: () => undefined,
    sendDatagram: () => undefined,
    setTimer: () => (++n) as unknown as TimerId,
    cancelTimer: () => undefined,
    append: () => (++n) as unknown as DiskOpId,
    replace: () => (++n) as unknown as DiskOpId,
    truncate: () => (++n) as unknown as DiskOpId,
    deleteFile: () => (++n) as unknown as DiskOpId,
    fsync: () => (++n) as unknown as DiskOpId,
    read: () => (++n) as unknown as DiskOpId,
    reply: () => undefined,
    bindAlias: () => undefined,
    aliasHolder: () => null,
    canConnect: () => canConnect,
    log: (t) => { logs.push(t); },
    anomaly: () => undefined,
    exit: () => undefined,
  };
}
