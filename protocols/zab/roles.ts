// Roles for fault targets and scenario expectations, the liveness predicate and named probes.
import type { LivenessPredicate, NodeId, NodeView, Probe, View } from '../../sim/index.ts';
import type { LeaderRole, LearnerRole, ZabNode } from './state.ts';
import { SYNC_BRANCHES } from './sync-plan.ts';
import { isRecordIntact } from '../../sim/index.ts';
import { epochOf } from './zxid.ts';
import { FILE, tmpOf } from './persist.ts';

/**
 * Did this server refuse to start in 3.8's epoch crash window (history newer than currentEpoch, no currentEpoch.tmp
 * to recover from: the permitted anomaly epoch-crash-window-unbootable)? Read from its state and disk alone; that the
 * disk got so by the excused cause, and only so, is disk-bootable's to check at every moment.
 */
function isRefusedInEpochWindow(n: NodeView<ZabNode>): boolean {
  const s = n.state!;
  if (s.bootError === null || s.currentEpoch >= epochOf(s.lastZxid)) return false;
  const tmp = n.disk.get(tmpOf(FILE.currentEpoch));
  const last = tmp?.[tmp.length - 1];
  return last === undefined || !isRecordIntact(last) || last.data === s.currentEpoch;
}

const isEstablished = (s: ZabNode): boolean => s.role.type === 'leader' && (s.role as LeaderRole).isEstablished;
const epochOfRole = (s: ZabNode): number => (s.role.type === 'leader' ? (s.role as LeaderRole).epoch : -1);

/**
 * zabRolesFresh's answer, remembered while what it reads is the same (the kernel and role triggers ask after every
 * event). Most events give their node a new state object with the same ServerState, so the answer is kept while each
 * node's id and roleKind are the same, not only its state object: a new answer per state was 5 % of a zab seed's
 * allocation (six arrays and a record), and the catalog then compared it list by list with the last one.
 */
export function zabRoles(view: View<ZabNode>): Readonly<Record<string, readonly NodeId[]>> {
  const nodes = view.nodes;
  let isSame = lastRoles !== null && nodes.length === lastStates.length;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const s = n.state;
    // The same state object of the same node has the same kind and epoch (states are immutable).
    if (s === lastStates[i] && n.id === lastIds[i]) continue;
    lastStates[i] = s;
    const kind = roleKind(s);
    const epoch = kind === LEADING_ESTABLISHED || kind === LEADING_NEW ? epochOfRole(s!) : -1;
    if (n.id === lastIds[i] && kind === lastKinds[i] && epoch === lastEpochs[i]) continue;
    isSame = false;
    lastIds[i] = n.id; lastKinds[i] = kind; lastEpochs[i] = epoch;
  }
  if (isSame) return lastRoles!;
  if (lastStates.length !== nodes.length) { lastStates.length = nodes.length; lastIds.length = nodes.length; lastKinds.length = nodes.length; lastEpochs.length = nodes.length; }
  return (lastRoles = zabRolesFresh(view));
}

/**
 * What zabRoles last saw of each node (its state object, undefined when down; its id, roleKind and epochOfRole when
 * LEADING, else -1) and answered. zabRolesFresh reads nothing else: which list a node joins (roleKind) and, among
 * LEADING servers, the rank (established, epoch, id). Callers only read the answer (the type is read-only), so an
 * answer from another run with the same ids and kinds is that run's answer too. Module variables, not perRun: most
 * asks are hits, and a WeakMap lookup per ask made them about 1.4x dearer (rolesfast's micro-benchmark).
 */
const lastStates: (ZabNode | undefined)[] = [];
const lastIds: NodeId[] = [];
const lastKinds: number[] = [];
const lastEpochs: number[] = [];
let lastRoles: Readonly<Record<string, readonly NodeId[]>> | null = null;

const LEADING_NEW = 2;
const LEADING_ESTABLISHED = 3;

/** Which list of zabRolesFresh a state puts its node in (0: none, down; 1: refused), LEADING split by isEstablished. */
function roleKind(s: ZabNode | undefined): number {
  if (s === undefined) return 0;
  if (s.bootError !== null) return 1;
  switch (s.state) {
    case 'LEADING': return isEstablished(s) ? LEADING_ESTABLISHED : LEADING_NEW;
    case 'FOLLOWING': return 4;
    case 'OBSERVING': return 5;
    case 'LOOKING': return 6;
    default: return 7;
  }
}

/**
 * leader: up servers in LEADING, established ones first, newest epoch first (so "leader" targets the real one);
 * a LEADING server still in discovery/sync is listed after them. followers / observers / looking by ServerState;
 * refused: servers that refused to start. One pass without closures.
 */
export function zabRolesFresh(view: View<ZabNode>): Readonly<Record<string, readonly NodeId[]>> {
  const leading: NodeView<ZabNode>[] = [];
  const followers: NodeId[] = [];
  const observers: NodeId[] = [];
  const looking: NodeId[] = [];
  const refused: NodeId[] = [];
  for (const n of view.nodes) {
    const s = n.state;
    if (s === undefined) continue;
    if (s.bootError !== null) { refused.push(n.id); continue; }
    if (s.state === 'LEADING') leading.push(n);
    else if (s.state === 'FOLLOWING') followers.push(n.id);
    else if (s.state === 'OBSERVING') observers.push(n.id);
    else if (s.state === 'LOOKING') looking.push(n.id);
  }
  if (leading.length > 1) leading.sort(byLeaderRank);
  return { leader: leading.map(idOf), followers, observers, looking, refused };
}

const idOf = (n: NodeView<ZabNode>): NodeId => n.id;
const byLeaderRank = (a: NodeView<ZabNode>, b: NodeView<ZabNode>): number =>
  Number(isEstablished(b.state!)) - Number(isEstablished(a.state!)) || epochOfRole(b.state!) - epochOfRole(a.state!) || a.id.localeCompare(b.id);

/**
 * The established leader of the newest epoch; among equal epochs the first in node order (what a stable sort by epoch
 * gave). One pass: the liveness predicate and probes ask after every event.
 */
export function establishedLeader(view: View<ZabNode>): NodeId | null {
  let best: NodeView<ZabNode> | null = null;
  for (const n of view.nodes) {
    if (n.state === undefined || !isEstablished(n.state)) continue;
    if (best === null || epochOfRole(n.state) > epochOfRole(best.state!)) best = n;
  }
  return best?.id ?? null;
}

/**
 * An established leader that every up server follows (or observes), synced and in its epoch. A server whose
 * acceptedEpoch is above the leader's epoch is exempt: ZooKeeper 3.8 cannot let it join before the next election
 * (anomaly `accepted-epoch-ahead-of-leader`, Learner.registerWithLeader), so waiting for it would blame the model
 * for the real system's hazard. Only a server that this leader's epoch has already turned away and that is LOOKING or
 * trying this leader again is exempt (one that follows a newer leader is not). So is a server that refused to start in
 * 3.8's epoch crash window (anomaly `epoch-crash-window-unbootable`: it needs an operator). The rest must still be a quorum.
 */
export function ensembleMissing(view: View<ZabNode>): string | null {
  const leader = establishedLeader(view);
  if (leader === null) return 'no established leader';
  const epoch = epochOfRole(view.node(leader).state!);
  let lockedOut = 0;
  for (const n of view.nodes) {
    const s = n.state;
    if (n.id === leader || s === undefined) continue;
    if (isRefusedInEpochWindow(n) || isLockedOut(s, leader, epoch)) { lockedOut += s.isObserver ? 0 : 1; continue; }
    if (s.bootError !== null) return `${n.id} refused to start: ${s.bootError}`;
    const r = s.role as LearnerRole;
    if (s.role.type !== 'learner' || r.leader !== leader || r.step !== 'uptodate' || r.newEpoch !== epoch) {
      return `${n.id} is ${s.state} (${s.phase}), not synced with ${leader} in epoch ${epoch}`;
    }
  }
  // Everyone else is synced; the exemption must not leave the leader without a quorum of participants.
  const participants = view.nodes.filter((n) => n.state?.isObserver !== true).length;
  if (lockedOut > 0 && 2 * (participants - lockedOut) <= participants) return `${lockedOut} servers locked out of epoch ${epoch} or refused to start: no quorum left`;
  return null;
}

/**
 * Has this server already been refused by this leader's epoch (its acceptedEpoch is newer), and is it LOOKING or
 * trying this leader again? 3.8 cannot let it join.
 */
export function isLockedOut(s: ZabNode, leader: NodeId, epoch: number): boolean {
  if (s.acceptedEpoch <= epoch || s.refusedLeader?.leader !== leader || s.refusedLeader.epoch !== epoch) return false;
  return s.state === 'LOOKING' || (s.role.type === 'learner' && (s.role as LearnerRole).leader === leader);
}

/**
 * Have servers refused in 3.8's epoch crash window left too few participants for a quorum? Then the real ensemble
 * cannot serve until an operator repairs a data directory (fuzz seed 1350: n3 an observer, n1 refused, n2 alone), and
 * the liveness predicates ask nothing: the run's anomaly count says why. A server down or refused for any other
 * reason still counts as missing, and one refused server of three voters leaves a quorum that must serve.
 */
export function isQuorumLostToEpochWindow(view: View<ZabNode>): boolean {
  let participants = 0;
  let refused = 0;
  for (const n of view.nodes) {
    if (n.state === undefined || n.state.isObserver) { participants += n.state === undefined ? 1 : 0; continue; }
    participants++;
    if (isRefusedInEpochWindow(n)) refused++;
  }
  return refused > 0 && 2 * (participants - refused) <= participants;
}

export const ZAB_LIVENESS: readonly LivenessPredicate<ZabNode>[] = [{
  name: 'leader-established',
  description: 'an established leader that every up participant follows and every observer observes, all synced (BROADCAST); not asked once servers refused in the epoch crash window leave no quorum',
  check: (view) => (isQuorumLostToEpochWindow(view) ? null : ensembleMissing(view)),
}];

export function zabProbes(): Record<string, Probe<ZabNode>> {
  const probes: Record<string, Probe<ZabNode>> = {
    'ensemble-formed': { description: 'the liveness predicate: everyone up follows one established leader', check: (v) => ensembleMissing(v as View<ZabNode>) },
    'no-established-leader': {
      description: 'no server is an established leader',
      check: (v) => { const l = establishedLeader(v as View<ZabNode>); return l === null ? null : `${l} is an established leader`; },
    },
    'some-server-refused-to-start': {
      description: 'a server refused to start (epoch files older than its log)',
      check: (v) => ((v as View<ZabNode>).nodes.some((n) => n.state?.bootError != null) ? null : 'every up server started'),
    },
  };
  probes['some-server-locked-out'] = {
    description: 'an up server was turned away by the established leader because its acceptedEpoch is newer (accepted-epoch-ahead-of-leader)',
    check: (v) => {
      const view = v as View<ZabNode>;
      const leader = establishedLeader(view);
      if (leader === null) return 'no established leader';
      const epoch = epochOfRole(view.node(leader).state!);
      return view.nodes.some((n) => n.state !== undefined && isLockedOut(n.state, leader, epoch)) ? null : `nobody is locked out of epoch ${epoch}`;
    },
  };
  probes['election-frame-rejected'] = {
    description: 'some up server closed an election connection whose frame length was <= 0 or > PACKETMAXSIZE (RecvWorker)',
    check: (v) => ((v as View<ZabNode>).nodes.some((n) => (n.state?.cnx.badFrames ?? 0) > 0) ? null : 'no frame rejected'),
  };
  probes['some-learner-truncated'] = {
    description: 'some up server was last synced with TRUNC',
    check: (v) => ((v as View<ZabNode>).nodes.some((n) => n.state?.lastSyncMode === 'trunc') ? null : 'no server synced by TRUNC'),
  };
  probes['some-server-accepted-epoch-ahead'] = {
    description: 'some server (up or down) holds an acceptedEpoch file newer than its currentEpoch file',
    check: (v) => ((v as View<ZabNode>).nodes.some((n) => {
      const num = (f: string): number => Number((n.disk.get(f) ?? []).at(-1)?.data ?? -1);
      return num('acceptedEpoch') > num('currentEpoch');
    }) ? null : 'every acceptedEpoch equals currentEpoch'),
  };
  for (const b of SYNC_BRANCHES) {
    probes[`sync-branch-${b}`] = {
      description: `some up server, as leader, synced a learner through syncFollower's ${b} branch`,
      check: (v) => ((v as View<ZabNode>).nodes.some((n) => n.state?.syncBranches.includes(b) === true) ? null : `no ${b} sync`),
    };
  }
  for (let i = 1; i <= 9; i++) {
    probes[`leader-is-n${i}`] = {
      description: `n${i} is the established leader (newest epoch)`,
      check: (v) => { const l = establishedLeader(v as View<ZabNode>); return l === `n${i}` ? null : `leader is ${l ?? 'nobody'}`; },
    };
  }
  return probes;
}
