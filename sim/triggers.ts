// Armed triggers of one run: matching events at the effect/delivery boundary and firing their fault steps (at most once).
// Indexed by kind and edge so that a run without triggers (or without role/probe triggers) pays nothing per event.
import type { World } from './world.ts';
import type { FaultStep, NodeId } from './types.ts';
import { TRIGGER_PEER_TARGET, TRIGGER_TARGET, describeTrigger, triggerKind, type Trigger } from './trigger-types.ts';
import { applyFault } from './faults.ts';
import { TargetError, knownTargets } from './targets.ts';
import { isDownKind, isDownKindAllowed, isOverDownBudget } from './down-budget.ts';

interface Armed {
  readonly step: FaultStep;
  readonly trigger: Trigger;
  readonly nth: number;
  count: number;
  isFired: boolean;
  /** Probe triggers: did the probe hold after the previous event? */
  wasTrue: boolean;
  /** The occurrence (Occurrences.seq) at which it fired; -1 before. */
  firedSeq: number;
  /** `after`: the steps whose trigger carries that id (armed once one has fired, from the next occurrence on); null = none. */
  after: readonly Armed[] | null;
  /** Shared by every trigger of the run. */
  readonly seen: Occurrences;
  /** Send and receive triggers: the message type they count ('*': any), and their matcher of the other end. */
  readonly msgType: string | null;
  readonly peer: string | undefined;
}

/** Counts the occurrences triggers are matched against (a send, a receive edge, a disk op edge, an event's state change). */
interface Occurrences { seq: number }

type Roles = Readonly<Record<string, readonly NodeId[]>>;

/**
 * One message edge's triggers (send, receive before, receive after), and per message type the ones that can count it
 * (that type or '*', in arming order): a send or receive looks only at those. Every send of an aimed run comes here, and
 * a tair plan arms up to ~40 send triggers, each naming one type; the loop over all of them was ~1 % of a tair seed.
 */
export class MessageTriggers {
  readonly all: Armed[] = [];
  private readonly byType = new Map<string, readonly Armed[]>();

  /** The triggers that count a message of `type` (built on the type's first message, once every trigger is armed). */
  of(type: string): readonly Armed[] {
    let list = this.byType.get(type);
    if (list === undefined) {
      const out: Armed[] = [];
      for (const a of this.all) if (a.msgType === '*' || a.msgType === type) out.push(a);
      this.byType.set(type, (list = out));
    }
    return list;
  }
}

/** A role's members as roles() listed them (a copy: a protocol may reuse its arrays), and as a set: a list equal to the last one reuses its set. */
interface RoleMembers { readonly list: readonly NodeId[]; readonly set: ReadonlySet<string> }

const NO_MEMBERS: RoleMembers = { list: [], set: new Set() };

let isReusingRoleSets = true;

/** Tests only: false builds every role's set afresh after every changed event, the plain reading reuse must agree with. */
export function setRoleSetReuse(isReusing: boolean): void {
  isReusingRoleSets = isReusing;
}

/** Whether two member lists hold the same ids in the same order (then their sets are equal). */
function isSameList(a: readonly NodeId[], b: readonly NodeId[]): boolean {
  if (!isReusingRoleSets) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class TriggerTable {
  readonly all: Armed[] = [];
  readonly diskBefore: Armed[] = [];
  readonly diskAfter: Armed[] = [];
  readonly send = new MessageTriggers();
  readonly receiveBefore = new MessageTriggers();
  readonly receiveAfter = new MessageTriggers();
  /** Role and probe triggers are checked after every event that changed state. */
  readonly afterEvent: Armed[] = [];
  /** Role membership after the previous event (only kept while a role trigger is armed). */
  rolesBefore: Map<string, RoleMembers> = new Map();
  /** matchAfterEvent's membership of the event being matched, by role (reused, cleared per call). */
  readonly rolesNow = new Map<string, RoleMembers>();

  /** Steps that never fired (reported in the run result). */
  untriggered(): FaultStep[] {
    return this.all.filter((a) => !a.isFired).map((a) => a.step);
  }
}

/** Arm the triggered steps of a run; null when there are none (the kernel then skips every trigger check). */
export function armTriggers(w: World, steps: readonly FaultStep[]): TriggerTable | null {
  const triggered = steps.filter((s) => s.when !== undefined);
  if (triggered.length === 0) return null;
  const t = new TriggerTable();
  const seen: Occurrences = { seq: 0 };
  for (const step of triggered) {
    const trigger = step.when!;
    const kind = triggerKind(trigger);
    const names = stepTargets(step);
    if (kind === 'probe' && names.includes(TRIGGER_TARGET)) throw new TargetError(TRIGGER_TARGET, ['(a probe trigger matches no node)']);
    if (kind !== 'send' && kind !== 'receive' && names.includes(TRIGGER_PEER_TARGET)) throw new TargetError(TRIGGER_PEER_TARGET, ['(only send and receive triggers have a peer)']);
    if (kind === 'probe' && w.protocol.probes?.[(trigger as { probe: string }).probe] === undefined) {
      throw new TargetError(`probe:${(trigger as { probe: string }).probe}`, Object.keys(w.protocol.probes ?? {}).map((p) => `probe:${p}`));
    }
    const msgType = 'send' in trigger ? trigger.send : 'receive' in trigger ? trigger.receive : null;
    const peer = 'send' in trigger ? trigger.to : 'receive' in trigger ? trigger.from : undefined;
    const a: Armed = { step, trigger, nth: Math.max(1, trigger.nth ?? 1), count: 0, isFired: false, wasTrue: false, firedSeq: -1, after: null, seen, msgType, peer };
    t.all.push(a);
    const edge = 'edge' in trigger ? trigger.edge ?? 'after' : 'after';
    if (kind === 'disk') (edge === 'before' ? t.diskBefore : t.diskAfter).push(a);
    else if (kind === 'send') t.send.all.push(a);
    else if (kind === 'receive') (edge === 'before' ? t.receiveBefore : t.receiveAfter).all.push(a);
    else t.afterEvent.push(a);
  }
  linkAfter(t.all);
  return t;
}

/**
 * Binds each `after` to the triggers carrying that id. One naming no other trigger's id is bound to none and so never
 * armed (listed untriggered), not an error: a shrinker or a guided mutant that drops the named step keeps a valid plan.
 */
function linkAfter(all: readonly Armed[]): void {
  for (const a of all) {
    const ref = a.trigger.after;
    if (ref !== undefined) a.after = all.filter((b) => b !== a && b.trigger.id === ref);
  }
}

/** Every node name a fault step aims at (target, from/to, partition groups), as written: "trigger" targets unbound. */
export function stepTargets(s: FaultStep): string[] {
  const out: string[] = [];
  if ('target' in s) out.push(s.target);
  if ('from' in s) out.push(s.from, s.to);
  if ('groups' in s) out.push(...s.groups.flat());
  return out;
}

/**
 * Does `matcher` name node `id` now? Node ids match themselves; roles and any-<role> match the role's members.
 * `roles`: the roles already read, or a function reading them on first need (the event loops pass the object itself,
 * so no closure is made per event: issue 17).
 */
function isNodeMatch(w: World, matcher: string | undefined, id: string, roles: Roles | LazyRoles): boolean {
  if (matcher === undefined || matcher === 'any') return true;
  if (w.isNode(matcher)) return matcher === id;
  const role = matcher.startsWith('any-') ? matcher.slice(4) : matcher;
  const list = roleList(roles instanceof LazyRoles ? roles.get() : roles, role);
  if (list === undefined) throw new TargetError(matcher, knownTargets(w));
  return list.includes(id as NodeId);
}

const roleList = (r: Roles, role: string): readonly NodeId[] | undefined => r[role] ?? r[`${role}s`];

/** The protocol's roles, asked at most once per match and only when a role matcher needs them. A class, not a closure
 * per event: V8 holds a closure's optimised code weakly, so a campaign worker recompiled it after every full GC. */
class LazyRoles {
  private cache: Roles | null = null;
  constructor(private readonly w: World) {}
  get(): Roles {
    return (this.cache ??= this.w.protocol.roles(this.w.view, this.w.opts));
  }
}

/** Its `after` step fired at an earlier occurrence (or it has none). */
const isOrderMet = (a: Armed): boolean => {
  if (a.after === null) return true;
  // A loop, not `some` with a closure over `a`: V8 holds a closure's optimised code weakly (recompiled after each GC).
  for (const b of a.after) if (b.firedSeq >= 0 && b.firedSeq < a.seen.seq) return true;
  return false;
};

const isArmed = (w: World, a: Armed): boolean => !a.isFired && w.phase === 'faults' && w.nowUs >= a.step.atUs && isOrderMet(a);

/** One more occurrence is being matched (every list's triggers share the counter). */
const nextOccurrence = (list: readonly Armed[]): void => {
  if (list.length > 0) list[0]!.seen.seq++;
};

/** `x` with "trigger" / "trigger-peer" replaced by the match's nodes (module-level and loops in boundStep, not closures
 * per call: V8 holds a closure's optimised code weakly, so a campaign worker recompiled those after every full GC). */
const sub = (x: string, node: string | null, peer: string | null): string =>
  (x === TRIGGER_TARGET && node !== null ? node : x === TRIGGER_PEER_TARGET && peer !== null ? peer : x);

/** The step a trigger fires: targets "trigger" / "trigger-peer" replaced by the nodes of the match. */
function boundStep(step: FaultStep, atUs: number, node: string | null, peer: string | null): FaultStep {
  const { when: _when, delayUs: _delay, ...rest } = step;
  const s = { ...rest, atUs } as Record<string, unknown>;
  if (typeof s['target'] === 'string') s['target'] = sub(s['target'], node, peer);
  if (typeof s['from'] === 'string') s['from'] = sub(s['from'], node, peer);
  if (typeof s['to'] === 'string') s['to'] = sub(s['to'], node, peer);
  if (Array.isArray(s['groups'])) {
    const groups: string[][] = [];
    for (const g of s['groups'] as string[][]) {
      const out: string[] = [];
      for (const x of g) out.push(sub(x, node, peer));
      groups.push(out);
    }
    s['groups'] = groups;
  }
  return s as unknown as FaultStep;
}

/** Under a fuzz down budget, a match whose step could not take its node down does not count. */
function isBlockedByBudget(w: World, a: Armed, node: string | null, peer: string | null): boolean {
  if (w.downBudget === null || !isDownKind(a.step.kind) || !('target' in a.step)) return false;
  const t = a.step.target;
  const id = t === TRIGGER_TARGET ? node : t === TRIGGER_PEER_TARGET ? peer : w.isNode(t) ? t : null;
  const n = id === null ? undefined : w.byId.get(id);
  if (n === undefined) return false; // a role target: checked when the step is applied
  return !n.isUp || !isDownKindAllowed(w, n) || ((a.step.delayUs ?? 0) === 0 && isOverDownBudget(w, n));
}

function count(w: World, a: Armed, node: string | null, peer: string | null): void {
  if (isBlockedByBudget(w, a, node, peer)) return;
  a.count++;
  if (a.count < a.nth) return;
  a.isFired = true;
  a.firedSeq = a.seen.seq;
  const delayUs = a.step.delayUs ?? 0;
  const step = boundStep(a.step, w.nowUs + delayUs, node, peer);
  w.record('fault', node, `trigger fired: ${describeTrigger(a.trigger)}${node !== null ? ` at ${node}` : ''}${peer !== null ? ` (peer ${peer})` : ''} → ${step.kind}${delayUs > 0 ? ` in ${delayUs}us` : ''}`);
  if (delayUs > 0) w.schedule(w.nowUs + delayUs, null, { kind: 'fault', step, isTriggered: true });
  else applyFault(w, step);
}

/** A disk op issued (edge 'before', from effects) or completed (edge 'after', from dispatch) by node `id`. */
export function matchDisk(w: World, list: readonly Armed[], id: string, op: string, file: string): void {
  if (op === 'read' || list.length === 0) return; // nothing to count
  nextOccurrence(list);
  let roles: LazyRoles | null = null; // made only when a trigger gets as far as its node matcher
  for (const a of list) {
    if (!isArmed(w, a)) continue;
    const t = a.trigger as Extract<Trigger, { disk: string }>;
    if (t.disk !== op && !(t.disk === 'write' && op !== 'fsync')) continue;
    if (t.file !== undefined && t.file !== file) continue;
    roles ??= new LazyRoles(w);
    if (!isNodeMatch(w, t.node, id, roles)) continue;
    count(w, a, id, null);
  }
}

type MessageTrigger = Extract<Trigger, { send: string }> | Extract<Trigger, { receive: string }>;

/**
 * One loop for both message edges: the triggers of the message's type (MessageTriggers.of), each matched against the
 * node and the other end. Every occurrence counts for `after` ordering, whether or not a trigger of its type is armed.
 */
function matchMessage(w: World, triggers: MessageTriggers, id: string, type: string, peer: string): void {
  if (triggers.all.length === 0) return; // nothing to count (every send comes here)
  nextOccurrence(triggers.all);
  const list = triggers.of(type);
  // Made only when a trigger of this type is armed (most sends: none is).
  let roles: LazyRoles | null = null;
  for (let k = 0; k < list.length; k++) {
    const a = list[k]!;
    if (!isArmed(w, a)) continue;
    roles ??= new LazyRoles(w);
    if (!isNodeMatch(w, (a.trigger as MessageTrigger).node, id, roles) || !isNodeMatch(w, a.peer, peer, roles)) continue;
    count(w, a, id, peer);
  }
}

/** Node `id` handed a message of `type` for `peer` to the network. */
export function matchSend(w: World, triggers: MessageTriggers, id: string, type: string, peer: string): void {
  matchMessage(w, triggers, id, type, peer);
}

/** A message of `type` from `peer` reached node `id` (before its handler, or after it and its effects). */
export function matchReceive(w: World, triggers: MessageTriggers, id: string, type: string, peer: string): void {
  matchMessage(w, triggers, id, type, peer);
}

/** Role entries and probes turning true, after an event that changed state. */
export function matchAfterEvent(w: World, t: TriggerTable): void {
  if (isAllFired(t.afterEvent)) return;
  nextOccurrence(t.afterEvent);
  let roles: Roles | null = null;
  // A role's members are mostly the last event's: its set is reused then, not a Map and a Set built per changed event.
  const now = t.rolesNow;
  now.clear();
  for (const a of t.afterEvent) {
    const trig = a.trigger;
    if ('probe' in trig) {
      const holds = w.protocol.probes![trig.probe]!.check(w.view, w.opts) === null;
      const turned = holds && !a.wasTrue;
      a.wasTrue = holds;
      if (turned && isArmed(w, a)) count(w, a, null, null);
      continue;
    }
    if (!('role' in trig)) continue;
    roles ??= w.protocol.roles(w.view, w.opts);
    const list = roleList(roles, trig.role);
    if (list === undefined) throw new TargetError(trig.role, knownTargets(w));
    const before = t.rolesBefore.get(trig.role) ?? NO_MEMBERS;
    let members = now.get(trig.role);
    if (members === undefined) {
      members = isSameList(before.list, list) && before !== NO_MEMBERS ? before : { list: list.slice(), set: new Set(list as readonly string[]) };
      now.set(trig.role, members);
    }
    if (!isArmed(w, a) || members === before) continue;
    // Entries in node order, so two nodes entering in one event are counted deterministically.
    for (const n of w.nodes) {
      if (a.isFired) break;
      if (members.set.has(n.id) && !before.set.has(n.id) && isNodeMatch(w, trig.node, n.id, roles)) count(w, a, n.id, null);
    }
  }
  for (const [role, members] of now) t.rolesBefore.set(role, members);
}

function isAllFired(list: readonly Armed[]): boolean {
  for (let i = 0; i < list.length; i++) if (!list[i]!.isFired) return false;
  return true;
}
