// Kernel events: one class (monomorphic for the heap), with a discriminated body per kind.
import type { HeapItem } from './heap.ts';
import type { NodeRec, TimerRec } from './node.ts';
import type { ConnId, DiskOpId, DiskOpKind, FaultStep, Message, NodeId, ReqId, ScheduledOp, CloseReason } from './types.ts';
import type { Mutation } from './disk.ts';

export type EventBody =
  | { readonly kind: 'boot' }
  | { readonly kind: 'deliver'; readonly from: NodeId; readonly msg: Message; readonly connId: ConnId | null; readonly sentAtUs: number }
  | { readonly kind: 'conn-establish'; readonly connId: ConnId }
  | { readonly kind: 'conn-opened'; readonly connId: ConnId }
  | { readonly kind: 'conn-closed'; readonly connId: ConnId; readonly peer: NodeId; readonly reason: CloseReason }
  | TimerRec
  | { readonly kind: 'disk'; readonly opId: DiskOpId; readonly op: DiskOpKind; readonly file: string; readonly mutation: Mutation | null; readonly tag: unknown }
  | { readonly kind: 'client'; readonly op: ScheduledOp }
  | { readonly kind: 'client-deliver'; readonly reqId: ReqId }
  | { readonly kind: 'client-timeout'; readonly reqId: ReqId }
  | {
      readonly kind: 'fault'; readonly step: FaultStep;
      /** The automatic restart/resume ending a timed fault (not a plan step). */ readonly isUndo?: true;
      /** Set on the undo of a partition step with `forUs`: the blocker id whose links it lifts. */ readonly blocker?: number;
      /** A triggered step applied after its delay (dropped once the fault phase is over). */ readonly isTriggered?: true;
    }
  | { readonly kind: 'phase-end' }
  | { readonly kind: 'deadline' };

export type EventKind = EventBody['kind'];
export type BodyOf<K extends EventKind> = Extract<EventBody, { readonly kind: K }>;

export class KEvent implements HeapItem {
  seq = 0;
  /** Triggers already saw this event (a paused node's deferred event is not matched twice). */
  isTriggerSeen = false;
  // Not readonly: a consumed event's object is reused for a later one (World.spareEvent), so every field is rewritten.
  constructor(
    public atUs: number,
    /** The node this event is for (null for world-level events). */
    public node: NodeRec | null,
    /** The node's incarnation when scheduled; a crash makes the event stale. */
    public incarnation: number,
    public body: EventBody,
    /**
     * Copied from the body: one monomorphic field to switch on (bodies have many shapes). Passed in by the caller:
     * reading `body.kind` here was one load site for every body shape (megamorphic), on every scheduled event.
     */
    public kind: EventKind,
  ) {}
}
