// Triggers: the events a fault step may fire on instead of a time (CONTRACT.md "Interface 1").

/**
 * Which node a trigger matches: a node id ("n2"), a role ("leader") or "any-<role>" (a node in that role when the
 * event happens; both spellings mean the same when matching), or "any". Omitted = any.
 */
export type NodeMatcher = string;

export type DiskTriggerOp = 'write' | 'append' | 'replace' | 'truncate' | 'delete' | 'fsync';
export type TriggerEdge = 'before' | 'after';

/**
 * A trigger fires a fault step at its `nth` match (default 1) at or after the step's arm time (`atUs`).
 * - disk: 'write' is any mutation (append/replace/truncate/delete). `before` = when the node issues the op (a crash
 *   then means the op never happens); `after` (default) = when it completes (mutation applied / fsync done), before
 *   the node's handler sees disk-done.
 * - send: right after a send (connection or datagram) has been handed to the network; '*' = any message type.
 * - receive: `before` = the message reached the node, the fault is applied before its handler runs (a crash loses it);
 *   `after` (default) = after the handler ran and its effects were carried out.
 * - role: a node enters the role (roles(view), plural fallback "leader" → "leaders").
 * - probe: a protocol probe becomes true (the nth time it turns true).
 */
export type Trigger = TriggerOrder & (
  | { readonly disk: DiskTriggerOp; readonly node?: NodeMatcher; readonly file?: string; readonly nth?: number; readonly edge?: TriggerEdge }
  | { readonly send: string; readonly node?: NodeMatcher; readonly to?: NodeMatcher; readonly nth?: number }
  | { readonly receive: string; readonly node?: NodeMatcher; readonly from?: NodeMatcher; readonly nth?: number; readonly edge?: TriggerEdge }
  | { readonly role: string; readonly node?: NodeMatcher; readonly nth?: number }
  | { readonly probe: string; readonly nth?: number });

/**
 * Ordering triggered steps after each other, whatever the timing (any trigger kind may carry these):
 * - id: names the step(s) this trigger fires, for another trigger's `after`;
 * - after: the trigger is armed only once a step whose trigger has this id has fired (matched its nth; a delayed step
 *   counts as fired at the match, not when it is applied). Matches count from the next event occurrence on: the send,
 *   receive, disk op or state change that fired the other step does not count for this one, a later one in the same
 *   handler does. Its `atUs` still applies (armed at the later of the two). Never fired, or no other trigger of the
 *   run has that id = never armed (`untriggered`).
 */
export interface TriggerOrder {
  readonly id?: string;
  readonly after?: string;
}

export type TriggerKind = 'disk' | 'send' | 'receive' | 'role' | 'probe';

/** The kind of a trigger (the one of disk/send/receive/role/probe it names). */
export function triggerKind(t: Trigger): TriggerKind {
  if ('disk' in t) return 'disk';
  if ('send' in t) return 'send';
  if ('receive' in t) return 'receive';
  if ('role' in t) return 'role';
  return 'probe';
}

/** A trigger as one line in a fixed field order (trace records hash it, so key order in a file must not matter). */
export function describeTrigger(t: Trigger): string {
  const kind = triggerKind(t);
  const r = t as unknown as Record<string, unknown>;
  const fields = ['node', 'to', 'from', 'file', 'nth', 'edge', 'id', 'after'].filter((k) => r[k] !== undefined).map((k) => `${k}=${String(r[k])}`);
  return [`${kind} ${String(r[kind])}`, ...fields].join(' ');
}

/** Fields every fault step may carry to fire on an event (with `when`, `atUs` is the arm time). */
export interface TriggeredFields {
  readonly when?: Trigger;
  /** Apply the step this long after the trigger matched (0 = at once, inside the same event). */
  readonly delayUs?: number;
}

/** Target names that stand for the node where the trigger matched, and the other end of its message. */
export const TRIGGER_TARGET = 'trigger';
export const TRIGGER_PEER_TARGET = 'trigger-peer';
