// Tair coverage: an abstract per-node tuple (configserver master/slave, version relation, build and migration state,
// dataservers and peer against the down time; dataserver and client table versions) for guided fuzzing, and the
// "sometimes" marks a campaign must reach.
import type { Mark, NodeView, View } from '../../sim/index.ts';
import { FieldCodes, hasKeys, someNodeMark } from '../../sim/index.ts';
import type { ClientState, CsState, DsState, TairState } from './state.ts';
import { csNode } from './view-helpers.ts';

const CS = ['cs0', 'cs1'] as const;
const rel = (a: number, b: number): string => (a === b ? 'eq' : a > b ? 'ahead' : 'behind');
const yes = (b: boolean, name: string): string => (b ? name : `!${name}`);

/** A configserver node's state while it is up (what the marks and keys read of a configserver), else undefined. */
function upCsState(n: NodeView<TairState>): CsState | undefined {
  return n.isUp && n.state?.kind === 'configserver' ? n.state : undefined;
}

/** By index where the run lists it there (csNode), not a scan of the nodes: the marks and keys ask after every event. */
function csOf(view: View<TairState>, id: (typeof CS)[number]): CsState | undefined {
  return upCsState(csNode(view, id));
}

const isMasterCs = (s: CsState, id: string): boolean => s.phase === 'ready' && s.masterId === id;

/** The table version of the (first) configserver that believes it is master, or null. */
function masterVersion(view: View<TairState>): number | null {
  for (const id of CS) {
    const s = csOf(view, id);
    if (s !== undefined && isMasterCs(s, id)) return s.table.version;
  }
  return null;
}

const isMigrating = (hash: readonly (readonly string[])[], dest: readonly (readonly string[])[]): boolean =>
  hash.some((h, b) => h.length !== dest[b]?.length || h.some((x, i) => x !== dest[b]![i]));

// A key is computed after every configserver event, but its table and DS map change rarely; states are immutable
// (copied on write), so both parts are remembered per object: the bucket scan was the largest part of a Tair seed's key cost.
const migratingOf = new WeakMap<CsState['table'], boolean>();
const statusesOf = new WeakMap<CsState['ds'], string>();
function tableMigrating(t: CsState['table']): boolean {
  let m = migratingOf.get(t);
  if (m === undefined) migratingOf.set(t, (m = isMigrating(t.hash, t.dest)));
  return m;
}
function dsStatuses(ds: CsState['ds']): string {
  let k = statusesOf.get(ds);
  if (k === undefined) statusesOf.set(ds, (k = statusSet(ds)));
  return k;
}

/** The distinct statuses, sorted, joined by '+' ('no-ds' for none); one pass (the map changes with every heartbeat). */
function statusSet(ds: CsState['ds']): string {
  let alive = false, down = false, forceDown = false, standby = false;
  for (const id in ds) {
    const st = ds[id]!.status;
    if (st === 'alive') alive = true;
    else if (st === 'down') down = true;
    else if (st === 'force-down') forceDown = true;
    else standby = true;
  }
  let out = '';
  if (alive) out = 'alive';
  if (down) out += out === '' ? 'down' : '+down';
  if (forceDown) out += out === '' ? 'force-down' : '+force-down';
  if (standby) out += out === '' ? 'standby' : '+standby';
  return out === '' ? 'no-ds' : out;
}

/**
 * The perturbed server_down_time (dt) as a window: how long the quietest dataserver not yet DOWN had been silent at this
 * configserver's last loop (heartbeat_curr_time, so loop granularity): fresh (at most dt/2), quiet (at most dt), stale
 * (over dt: inside its down window, DOWN at the next loop unless the connect probe reaches it), long (over 2·dt: DOWN
 * whatever the probe says under HEAD's rule).
 */
function dsWindow(s: CsState): string {
  let silentUs = -1;
  for (const id in s.ds) {
    const d = s.ds[id]!;
    if (d.status === 'alive' || d.status === 'standby') silentUs = Math.max(silentUs, s.curTimeUs - d.lastTimeUs);
  }
  const dt = s.conf.serverDowntimeUs;
  return `ds-win:${silentUs < 0 ? 'none' : silentUs <= dt / 2 ? 'fresh' : silentUs <= dt ? 'quiet' : silentUs <= 2 * dt ? 'stale' : 'long'}`;
}

/** The peer configserver against its 2·dt timeout: alive and heard within dt, quiet, or stale (DOWN at the next loop
 * unless the probe reaches it); DOWN and heard again within 2·dt (UP at the next loop), or still silent. */
function peerWindow(s: CsState): string {
  const silentUs = s.curTimeUs - s.peer.lastTimeUs;
  const dt = s.conf.serverDowntimeUs;
  if (s.peer.status === 'down') return silentUs <= 2 * dt ? 'peer-win:heard' : 'peer-win:silent';
  return `peer-win:${silentUs <= dt ? 'fresh' : silentUs <= 2 * dt ? 'quiet' : 'stale'}`;
}

/**
 * What a configserver has in flight with its peer (appended after the older segments): its link to the peer (none,
 * dialling with messages queued or not, open), a start-up pull still waiting for the peer's conf or data
 * (syncConfigServer), a group.conf push not yet seen delivered or due again after its connection broke (the tbnet
 * stand-in), and a bucket switch the next loop must push (should_syn_mig_info). All of them decide what the next loop
 * or the reopened link sends; presence only.
 */
function csPeerWork(id: string, s: CsState): string {
  const link = s.links[id === CS[0] ? CS[1] : CS[0]];
  const l = link === undefined ? 'link:-' : link.isOpen ? 'link:open' : link.queue.length > 0 ? 'link:dial+queued' : 'link:dial';
  const wait = s.syncWaiting[0] === undefined ? '' : `|pull:${s.syncWaiting[0]}`;
  const conf = s.isConfResendDue ? 'conf:resend' : s.confPushConn !== null ? 'conf:pushed' : 'conf:-';
  return `${l}${wait}|${conf}|${yes(s.shouldSynMigInfo, 'syn-mig')}`;
}

function csKey(id: string, s: CsState, view: View<TairState>): string {
  const peer = csOf(view, id === CS[0] ? CS[1] : CS[0]);
  const master = s.masterId === null ? 'master:none' : s.masterId === id ? 'master:self' : 'master:peer';
  const ver = peer === undefined ? 'ver:peer-down' : `ver:${rel(s.table.version, peer.table.version)}`;
  return `cs|${id}|${s.phase}|${master}|peer:${s.peer.status}|${peerWindow(s)}|${ver}|${yes(tableMigrating(s.table), 'migrating')}|` +
    `${yes(s.isBuildQueued, 'build')}|${yes(s.isSendTablePending, 'send')}|${yes(s.changedAtUs !== null, 'changed')}|${yes(s.isForceRebuild, 'force')}|` +
    `${yes(s.downSlaveConfigServer !== null, 'down-slave')}|${yes(s.table.isBuildError, 'build-error')}|${dsStatuses(s.ds)}|${dsWindow(s)}|` +
    csPeerWork(id, s);
}

/**
 * The last key built for a node, and what it was built from: a configserver's key reads its peer's state (when up)
 * besides its own; a dataserver's or client's the master's table version. States are immutable, so an unchanged state
 * with the same peer / master version gives the same text. A fault or client op keys every node, most of them
 * unchanged: the text is reused instead of rebuilt, and the same string (its hash already computed) is what the run's
 * key set looks up. Only the last key per node id, overwritten in place (as zab's coverage.ts keeps it): a state object
 * is new after most of its node's events, so a WeakMap entry per state object was garbage the GC had to trace. A stale
 * entry from another run is harmless (a state object belongs to one run).
 */
interface KeyMemo { state: TairState; dep: unknown; key: string | null }
const lastKeys = new Map<string, KeyMemo>();

/** tairCoverageKeyFresh, remembered per node with what it read (same text, byte for byte). */
export function tairCoverageKey(n: NodeView<TairState>, view: View<TairState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  let dep: unknown;
  // The peer's state object (undefined when it is down or not a configserver): csKey reads only its table version.
  if (s.kind === 'configserver') dep = csOf(view, n.id === CS[0] ? CS[1] : CS[0]);
  else if (s.kind === 'dataserver' || s.kind === 'client') dep = s.table === null ? null : masterVersion(view);
  else return null;
  const m = lastKeys.get(n.id);
  if (m !== undefined && m.state === s && m.dep === dep) return m.key;
  const key = s.kind === 'configserver' ? internedCsKey(n.id, s, dep as CsState | undefined, view)
    : s.kind === 'dataserver' ? internedDsKey(s, dep as number | null, n, view) : internedClientKey(s, dep as number | null, n, view);
  if (m === undefined) lastKeys.set(n.id, { state: s, dep, key });
  else { m.state = s; m.dep = dep; m.key = key; }
  return key;
}

/**
 * Small codes for the string-valued fields csKey prints (phase, the peer's status, the start-up pull), each field with
 * its own table, in first-seen order (sim/field-codes.ts).
 */
const PHASE_CODES = new FieldCodes();
const PEER_STATUS_CODES = new FieldCodes();
const PULL_CODES = new FieldCodes();

const bit = (b: boolean): number => (b ? 1 : 0);
/** rel()'s answer as 0 (eq), 1 (ahead), 2 (behind). */
const relCode = (a: number, b: number): number => (a === b ? 0 : a > b ? 1 : 2);

/**
 * csKey's texts by everything they print, as two small integers: the same inputs give the same string object. A
 * configserver's state is new after most of its events (every dataserver heartbeat), and its key was a new ~200-character
 * string each time that the coverage set then hashed afresh; now the text is built once per distinct key in a process.
 * Exact: the codes hold every value csKey reads (test/protocols/tair/remembered-checks.test.ts compares the key with
 * tairCoverageKeyFresh after every event of fuzz seeds), and a miss builds the text with csKey itself.
 */
const internedCsKeys = new Map<number, Map<number, string>>();

function internedCsKey(id: string, s: CsState, peer: CsState | undefined, view: View<TairState>): string {
  const hi = csCoreCodes(id, s, peer);
  const lo = csDsAndPeerWorkCodes(id, s);
  if (hi < 0 || lo < 0) return csKey(id, s, view);
  let byLo = internedCsKeys.get(hi);
  if (byLo === undefined) internedCsKeys.set(hi, (byLo = new Map()));
  let key = byLo.get(lo);
  if (key === undefined) byLo.set(lo, (key = csKey(id, s, view)));
  return key;
}

/**
 * id (1) | phase (3) | master: none, self, peer (2) | the peer's status (3) | peerWindow (3) | ver: peer down or rel
 * (2) | migrating, build, send, changed, force, down-slave, build-error (1 each). 21 bits; -1 when a field has no code.
 */
function csCoreCodes(id: string, s: CsState, peer: CsState | undefined): number {
  if (id !== CS[0] && id !== CS[1]) return -1;
  const phase = PHASE_CODES.of(s.phase);
  const peerStatus = PEER_STATUS_CODES.of(s.peer.status);
  if (phase < 0 || peerStatus < 0) return -1;
  const master = s.masterId === null ? 0 : s.masterId === id ? 1 : 2;
  const ver = peer === undefined ? 3 : relCode(s.table.version, peer.table.version);
  return bit(id === CS[1]) | (phase << 1) | (master << 4) | (peerStatus << 6) | (peerWindowCode(s) << 9) | (ver << 12) |
    (bit(tableMigrating(s.table)) << 14) | (bit(s.isBuildQueued) << 15) | (bit(s.isSendTablePending) << 16) |
    (bit(s.changedAtUs !== null) << 17) | (bit(s.isForceRebuild) << 18) | (bit(s.downSlaveConfigServer !== null) << 19) |
    (bit(s.table.isBuildError) << 20);
}

/** peerWindow's answer: 0 heard, 1 silent (peer DOWN); 2 fresh, 3 quiet, 4 stale. */
function peerWindowCode(s: CsState): number {
  const silentUs = s.curTimeUs - s.peer.lastTimeUs;
  const dt = s.conf.serverDowntimeUs;
  if (s.peer.status === 'down') return silentUs <= 2 * dt ? 0 : 1;
  return silentUs <= dt ? 2 : silentUs <= 2 * dt ? 3 : 4;
}

/**
 * statusSet's four presences (alive, down, force-down, any other: standby) (4) | dsWindow: none, fresh, quiet, stale,
 * long (3) | csPeerWork: link (2), pull: none or its code + 1 (4), conf (2), syn-mig (1). 16 bits; -1 when a field has
 * no code. One pass over the DS map for both of its parts.
 */
function csDsAndPeerWorkCodes(id: string, s: CsState): number {
  let statuses = 0;
  let silentUs = -1;
  for (const ds in s.ds) {
    const d = s.ds[ds]!;
    const st = d.status;
    statuses |= st === 'alive' ? 1 : st === 'down' ? 2 : st === 'force-down' ? 4 : 8;
    if (st === 'alive' || st === 'standby') silentUs = Math.max(silentUs, s.curTimeUs - d.lastTimeUs);
  }
  const dt = s.conf.serverDowntimeUs;
  const window = silentUs < 0 ? 0 : silentUs <= dt / 2 ? 1 : silentUs <= dt ? 2 : silentUs <= 2 * dt ? 3 : 4;
  const link = s.links[id === CS[0] ? CS[1] : CS[0]];
  const l = link === undefined ? 0 : link.isOpen ? 1 : link.queue.length > 0 ? 2 : 3;
  const waiting = s.syncWaiting[0];
  const pullCode = waiting === undefined ? -1 : PULL_CODES.of(waiting);
  if (waiting !== undefined && pullCode < 0) return -1;
  const conf = s.isConfResendDue ? 0 : s.confPushConn !== null ? 1 : 2;
  return statuses | (window << 4) | (l << 7) | ((pullCode + 1) << 9) | (conf << 13) | (bit(s.shouldSynMigInfo) << 15);
}

/**
 * A dataserver's and a client's key by everything it prints, as a small integer (as internedCsKey does for a
 * configserver's): their states are new after most of their events, and the ~70-character text was built and then
 * hashed afresh by the run's key set each time; the same string object also lets the coverage tracker skip the set for
 * a node whose key did not move (sim/coverage.ts). `mv` is masterVersion(view) when the node holds a table
 * (tairCoverageKey's dep); a miss builds the text with tairCoverageKeyFresh itself (remembered-checks.test.ts compares).
 */
const dsKeys: (string | null)[] = [];
const clientKeys: (string | null)[] = [];
/** The table field: none (0), no master (1), or rel() against the master's version (2 + relCode). */
const tableCode = (table: { readonly version: number } | null, mv: number | null): number =>
  table === null ? 0 : mv === null ? 1 : 2 + relCode(table.version, mv);
function internedDsKey(s: DsState, mv: number | null, n: NodeView<TairState>, view: View<TairState>): string | null {
  const code = tableCode(s.table, mv) | (bit(s.isSolitary) << 3) | (bit(s.cfgDown !== null) << 4) | (bit(hasKeys(s.migrations)) << 5) |
    (bit(s.finished.length > 0) << 6) | (bit(s.isConfigInited) << 7);
  return dsKeys[code] ??= tairCoverageKeyFresh(n, view);
}
function internedClientKey(s: ClientState, mv: number | null, n: NodeView<TairState>, view: View<TairState>): string | null {
  const code = tableCode(s.table, mv) | (bit(s.configVersion < s.newConfigVersion) << 3) | (bit(s.pending.length > 0) << 4);
  return clientKeys[code] ??= tairCoverageKeyFresh(n, view);
}

/**
 * configserver: phase, who it thinks is master, its peer and how long it has been silent against the down time, its
 * version against the peer's, build state, DS statuses and the quietest live DS against its down window, its link,
 * start-up pull and conf push to the peer; dataserver: versions, migrations, admin configuration inited; client: versions.
 */
export function tairCoverageKeyFresh(n: NodeView<TairState>, view: View<TairState>): string | null {
  const s = n.state;
  if (s === undefined) return null;
  switch (s.kind) {
    case 'configserver': return csKey(n.id, s, view);
    case 'dataserver': {
      const mv = s.table === null ? null : masterVersion(view);
      const v = s.table === null ? 'none' : mv === null ? 'no-master' : rel(s.table.version, mv);
      return `ds|table:${v}|${yes(s.isSolitary, 'solitary')}|${yes(s.cfgDown !== null, 'cfg-down')}|${yes(Object.keys(s.migrations).length > 0, 'migrating')}|${yes(s.finished.length > 0, 'finished')}|${yes(s.isConfigInited, 'cfg-inited')}`;
    }
    case 'client': {
      const mv = s.table === null ? null : masterVersion(view);
      const v = s.table === null ? 'none' : mv === null ? 'no-master' : rel(s.table.version, mv);
      return `client|table:${v}|${yes(s.configVersion < s.newConfigVersion, 'stale')}|${yes(s.pending.length > 0, 'pending')}`;
    }
    default: return null;
  }
}

/**
 * What tairCoverageKey reads besides its node (ProtocolModule.coverageKeyReads): a configserver's key its peer's state
 * and liveness (csOf), a dataserver's or client's the master's table version (masterVersion: both configservers). The
 * kernel then keys a node only when it or these changed: after a client op or a fault, which key every node, most of the
 * run's 6-8 nodes are unchanged (about 70 % of the key computations of a fuzz seed).
 */
export function tairCoverageKeyReads(id: string): readonly string[] {
  return id === CS[0] ? [CS[1]] : id === CS[1] ? [CS[0]] : CS;
}

// The marks are asked after every event until they first hold: loops, no closures or key arrays per call.
const someCs = (pick: (s: CsState, id: string) => boolean) => (view: View<TairState>): boolean => {
  for (const id of CS) {
    const s = csOf(view, id);
    if (s !== undefined && pick(s, id)) return true;
  }
  return false;
};

/** someCs(pick) as a node mark (sim/node-marks.ts): the test of one node is csOf's for that node, then pick. */
const csMark = (name: string, description: string, pick: (s: CsState, id: string) => boolean): Mark<TairState> =>
  someNodeMark<TairState>(name, description, (n) => {
    if (n.id !== CS[0] && n.id !== CS[1]) return false;
    const s = upCsState(n);
    return s !== undefined && pick(s, n.id);
  });

function isDualMaster(view: View<TairState>): boolean {
  for (const id of CS) {
    const s = csOf(view, id);
    if (s === undefined || !isMasterCs(s, id)) return false;
  }
  return true;
}

function hasDownDs(s: CsState): boolean {
  for (const id in s.ds) if (s.ds[id]!.status === 'down') return true;
  return false;
}

export const TAIR_MARKS: readonly Mark<TairState>[] = [
  // Both read only the two configservers (csOf): asked only after an event that changed one of them.
  { name: 'dual-master', description: 'both configservers believe they are master (a partition between them)', check: isDualMaster, reads: CS },
  csMark('cs1-took-over', 'cs1 became master (a failover)', (s, id) => id === CS[1] && isMasterCs(s, id)),
  csMark('peer-up-version-bump', 'cs0 bumped versions by server_up_inc_step on seeing its peer come back', (s) => s.peerUpBumps > 0),
  csMark('master-conflict', 'cs0 discarded a table push from cs1 ("master conflict")', (s) => s.masterConflicts > 0),
  csMark('dataserver-marked-down', 'a master configserver marked a dataserver DOWN', (s, id) => isMasterCs(s, id) && hasDownDs(s)),
  someNodeMark<TairState>('migration-in-progress', 'a dataserver is migrating buckets for a new table',
    (n) => n.state?.kind === 'dataserver' && hasKeys(n.state.migrations)),
  someNodeMark<TairState>('client-table-stale', 'a client learned of a newer table version than the one it holds',
    (n) => n.state?.kind === 'client' && n.state.configVersion < n.state.newConfigVersion),
  {
    name: 'slave-behind-master',
    description: 'the slave configserver holds an older table version than the master',
    check: (view) => {
      const mv = masterVersion(view);
      return mv !== null && someCs((s, id) => !isMasterCs(s, id) && s.table.version < mv)(view);
    },
    reads: CS,
  },
];
