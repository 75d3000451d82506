// One shared test for tair's thirteen configserver checks (the CONFIGSERVERS-scoped ones, kind-scope.ts): did anything
// they read move since they last ran? Two thirds of a fuzz seed's configserver steps change only heartbeat times
// (bench/tair-cs-steps.ts: 49 % only a dataserver's lastTimeUs, 16 % only the peer's lastTimeUs and
// hasPeerHbSinceLoop), yet each such step asked all thirteen checks, whose bodies cost ~4 us per configserver event
// between them. A heartbeat-only step (isHeartbeatOnlyStep) moves none of what those checks read, so each returns at
// its top instead of re-reading both configservers and its memory.
//
// Exact, check by check (each reads, of a configserver, only what this test compares; the audit of twenty-fifth
// session, tairfuse): none reads hasPeerHbSinceLoop, the peer's lastTimeUs or a dataserver's standby fields;
// a dataserver's lastTimeUs is read only by solitary-heartbeat-bumps (of a DOWN one: a step that moves a DOWN
// dataserver's time is not quiet here) and by no-ds-down-while-reachable at a status change (not quiet either). So on
// a quiet step every check gives the verdict it gave when it last ran (null: the run goes on only then) and its memory
// stays as running would leave it, up to heartbeat times: the step checks (cs-step-invariant.ts) then compare the
// next step from the state they last ran on, which agrees with the skipped one on every field they read; the DS map a
// skipped no-ds-down kept holds the statuses it recorded. Reachability (view.canConnect), the other kinds' tables and
// time are read only at a step that moves a configserver's role, statuses, table or counters, never quiet.
// test/protocols/tair/cs-quiet.test.ts runs seeds and every bug flag with the gate on and off (same results) and
// plants a slip (a status change counted quiet) that it catches.
import type { NodeView } from '../../sim/index.ts';
import type { CsState, DsInfo, TairState } from './state.ts';
import type { TairView } from './view-helpers.ts';
import { csNode } from './view-helpers.ts';
import { CS_IDS } from './options.ts';

/**
 * p → s changes nothing but heartbeat times: every field equal (the same value or object) except `ds`, whose entries
 * may differ in lastTimeUs only, and not for a DOWN dataserver; `peer`, which may differ in lastTimeUs only; and
 * hasPeerHbSinceLoop. Every CsState field is named (cs-quiet.test.ts checks the list against a real state's keys).
 */
export function isHeartbeatOnlyStep(p: CsState, s: CsState): boolean {
  if (p === s) return true;
  if (p.kind !== 'configserver' || p.kind !== s.kind || p.phase !== s.phase || p.masterId !== s.masterId || p.loopCount !== s.loopCount || p.curTimeUs !== s.curTimeUs ||
    p.groupFile !== s.groupFile || p.configVersionFromFile !== s.configVersionFromFile || p.conf !== s.conf || p.table !== s.table ||
    p.downSlaveConfigServer !== s.downSlaveConfigServer || p.isForceRebuild !== s.isForceRebuild || p.changedAtUs !== s.changedAtUs ||
    p.isBuildQueued !== s.isBuildQueued || p.isSendTablePending !== s.isSendTablePending || p.shouldSynMigInfo !== s.shouldSynMigInfo ||
    p.syncFrom !== s.syncFrom || p.syncWaiting !== s.syncWaiting || p.links !== s.links || p.confPushConn !== s.confPushConn ||
    p.isConfResendDue !== s.isConfResendDue || p.maxVersionAsMaster !== s.maxVersionAsMaster || p.peerHbStreak !== s.peerHbStreak ||
    p.lastLoopAtUs !== s.lastLoopAtUs || p.peerUpBumps !== s.peerUpBumps || p.isStartupDualMaster !== s.isStartupDualMaster ||
    p.masterConflicts !== s.masterConflicts || p.reloads !== s.reloads || p.hardChecks !== s.hardChecks ||
    p.forcedTableSends !== s.forcedTableSends || p.solitaryBumps !== s.solitaryBumps || p.solitaryClimb !== s.solitaryClimb ||
    p.statusResets !== s.statusResets || p.tookDefaultMasterPush !== s.tookDefaultMasterPush || p.healBuildVersion !== s.healBuildVersion ||
    p.startupDualBuildVersion !== s.startupDualBuildVersion) return false;
  if (p.peer !== s.peer && p.peer.status !== s.peer.status) return false;
  return p.ds === s.ds || isHeartbeatOnlyDs(p.ds, s.ds);
}

/** The same dataservers, each entry the same or moved in lastTimeUs only, and none of the moved ones DOWN. */
function isHeartbeatOnlyDs(p: Readonly<Record<string, DsInfo>>, s: Readonly<Record<string, DsInfo>>): boolean {
  let count = 0;
  for (const id in s) {
    count++;
    const a = p[id];
    const b = s[id]!;
    if (a === b) continue;
    if (a === undefined || a.status !== b.status || b.status === 'down' || a.standbyVersion !== b.standbyVersion || a.standbySinceUs !== b.standbySinceUs) return false;
  }
  for (const _ in p) count--;
  return count === 0;
}

/**
 * What the configserver checks saw at their last call: the run's view and, per configserver, its state, liveness,
 * pause and incarnation; and whether that call's step was quiet. The checks run one after another within an event
 * and all at the same events (one scope and kinds), so a call that finds the same inputs is a later check of the same
 * event (or an event that moved no configserver, where any answer is right: nothing moved) and gets the same answer.
 */
class QuietMemory {
  view: TairView | null = null;
  s0: TairState | undefined = undefined;
  s1: TairState | undefined = undefined;
  flags0 = -1;
  flags1 = -1;
  isQuiet = false;
}
const memory = new QuietMemory();

let isGateOn = true;
/** Tests only: with the gate off every check runs in full at every call (the plain checks the agreement test compares). */
export function setCsQuietGate(on: boolean): void {
  isGateOn = on;
  memory.view = null;
}

/** isUp, isPaused and the incarnation as one number. */
const flagsOf = (n: NodeView<TairState>): number => n.incarnation * 4 + (n.isUp ? 2 : 0) + (n.isPaused ? 1 : 0);

/**
 * True when, since the configserver checks' last call in this run, no configserver restarted, went down or up,
 * paused or resumed, and each one's state is the same or a heartbeat-only step from it (isHeartbeatOnlyStep); the
 * check asking may then return null at once. The first call of a run is never quiet.
 */
export function isCsQuiet(view: TairView): boolean {
  const n0 = csNode(view, CS_IDS[0]);
  const n1 = csNode(view, CS_IDS[1]);
  const m = memory;
  if (m.view === view && m.s0 === n0.state && m.s1 === n1.state && m.flags0 === flagsOf(n0) && m.flags1 === flagsOf(n1)) return m.isQuiet;
  return look(view, n0, n1);
}

function look(view: TairView, n0: NodeView<TairState>, n1: NodeView<TairState>): boolean {
  const m = memory;
  const f0 = flagsOf(n0);
  const f1 = flagsOf(n1);
  m.isQuiet = isGateOn && m.view === view && m.flags0 === f0 && m.flags1 === f1 && isQuietStep(m.s0, n0.state) && isQuietStep(m.s1, n1.state);
  m.view = view;
  m.s0 = n0.state;
  m.s1 = n1.state;
  m.flags0 = f0;
  m.flags1 = f1;
  return m.isQuiet;
}

/** Both undefined, the same state, or two configserver states a heartbeat-only step apart (its first test is of kind). */
function isQuietStep(p: TairState | undefined, s: TairState | undefined): boolean {
  if (p === s) return true;
  return p !== undefined && s !== undefined && isHeartbeatOnlyStep(p as CsState, s as CsState);
}
