// The whole simulated world of one run: nodes, event queue, network, trace, history and counters.
import { EventHeap } from './heap.ts';
import { KEvent, type EventBody, type EventKind } from './events.ts';
import { NodeRec, type TimerRec } from './node.ts';
import { NetworkState } from './network.ts';
import { PrngStreams, type Prng } from './prng.ts';
import { Trace, type TraceKind } from './trace.ts';
import type { HistoryOp } from './history.ts';
import type {
  BugSet, DiskOptions, LatencyUs, NetworkOptions, NodeId, NodeSpec, Phase, ProtocolModule, ReqId, ScheduledOp, View, Violation,
} from './types.ts';
import { assert } from './assert.ts';
import type { TriggerTable } from './triggers.ts';
import type { DownBudget } from './config.ts';
import { DiskDoneTexts } from './disk-done-text.ts';

export interface Limits {
  /** Kernel events processed before the run stops with a liveness verdict (livelock guard). */
  readonly eventsMax: number;
  /** Events queued at once before the run stops with a crash verdict (message flood guard). */
  readonly eventQueueMax: number;
}

export interface RunStats {
  messagesSent: number;
  messagesDelivered: number;
  drops: number;
  crashes: number;
  restarts: number;
  faults: number;
  readonly messagesByType: Record<string, number>;
  readonly dropsByReason: Record<string, number>;
}

export class World {
  nowUs = 0;
  phase: Phase = 'faults';
  eventIndex = -1;
  readonly heap: EventHeap<KEvent>;
  readonly nodes: NodeRec[] = [];
  readonly byId = new Map<string, NodeRec>();
  readonly net = new NetworkState();
  readonly history: HistoryOp[] = [];
  readonly historyById = new Map<ReqId, HistoryOp>();
  /** The run's scheduled client ops (set once by the run before the first event; the View's clientPlan). */
  clientPlan: readonly ScheduledOp[] = [];
  /** Logical clients with an outstanding op. */
  readonly busyClients = new Set<number>();
  readonly anomalies: Record<string, number> = {};
  readonly stats: RunStats = { messagesSent: 0, messagesDelivered: 0, drops: 0, crashes: 0, restarts: 0, faults: 0, messagesByType: {}, dropsByReason: {} };
  violation: Violation | null = null;
  /** The liveness phase's window (livenessBoundUs plus livenessExtraUs at the heal); 0 before the heal. */
  livenessWindowUs = 0;
  /** When the heal happened (the liveness phase's start); null before it. The View's healUs. */
  healUs: number | null = null;
  /** Armed triggered fault steps; null when the run has none (every trigger check is then skipped). */
  triggers: TriggerTable | null = null;
  /** Fuzz runs: the most nodes down at once (see RunConfig.downBudget); null = no limit. */
  downBudget: DownBudget | null = null;
  historySeq = 0;
  nextId = 1;
  readonly view: View<unknown>;
  readonly faultsPrng: Prng;
  readonly netPrng: Prng;
  readonly diskPrng: Prng;

  constructor(
    readonly protocol: ProtocolModule,
    readonly opts: object,
    readonly bugs: BugSet,
    readonly streams: PrngStreams,
    readonly netOpts: NetworkOptions,
    readonly diskOpts: DiskOptions,
    readonly limits: Limits,
    readonly trace: Trace,
    specs: readonly NodeSpec[],
  ) {
    this.heap = new EventHeap<KEvent>(limits.eventQueueMax);
    this.hasLinkLatency = Object.keys(netOpts.linkLatency).length > 0;
    this.faultsPrng = streams.get('faults');
    this.netPrng = streams.get('network');
    this.diskPrng = streams.get('disk');
    specs.forEach((s, i) => {
      assert(!this.byId.has(s.id), `duplicate node id ${s.id}`);
      const n = new NodeRec(s.id, s.kind, i, streams.get(`node:${s.id}`), this);
      this.nodes.push(n);
      this.byId.set(s.id, n);
    });
    const world = this;
    this.view = {
      get nowUs() { return world.nowUs; },
      get phase() { return world.phase; },
      nodes: this.nodes,
      node: (id: NodeId) => {
        const n = world.byId.get(id);
        if (n === undefined) assert(false, `view.node: unknown node ${id}`); // the text only on failure (World.node)
        return n;
      },
      get isNetworkHealed() { return !world.net.isDisturbed(world.nowUs); },
      get healUs() { return world.healUs; },
      aliasHolder: (alias: string) => world.net.aliases.get(alias) ?? null,
      canConnect: (a: NodeId, b: NodeId) => world.canConnect(a, b),
      // The kernel's own array (never reassigned): no copy per event.
      history: this.history,
      get clientPlan() { return world.clientPlan; },
      // The run's options object itself (fixed for the run): checks read limits from it (View.options).
      options: opts,
    };
  }

  /**
   * A popped event that dispatch has consumed (no deferred list, no heap holds it; the run loop read what it needs of
   * it before dispatch), or null. The next event scheduled reuses its object: a timer re-armed by its own handler, or a
   * message sent in answer to a delivered one, allocated an 80-byte event per event (half of the no-op kernel's bytes).
   */
  spareEvent: KEvent | null = null;

  /** The details of disk-completion records, each built once per run (DiskDoneTexts). */
  readonly diskDoneTexts = new DiskDoneTexts();

  /** An event for the heap: the spare's object rewritten, or a new one. */
  newEvent(atUs: number, node: NodeRec | null, incarnation: number, body: EventBody, kind: EventKind): KEvent {
    const e = this.spareEvent;
    if (e === null) return new KEvent(atUs, node, incarnation, body, kind);
    this.spareEvent = null;
    e.atUs = atUs;
    e.node = node;
    e.incarnation = incarnation;
    e.body = body;
    e.kind = kind;
    e.isTriggerSeen = false;
    return e;
  }

  schedule(atUs: number, node: NodeRec | null, body: EventBody): void {
    this.heap.push(this.newEvent(atUs, node, node?.incarnation ?? 0, body, body.kind));
  }

  /** The client plan's events, all known before the first event: queued in the heap's sorted lane (EventHeap.pushAll). */
  scheduleClientPlan(plan: readonly ScheduledOp[]): void {
    const events: KEvent[] = [];
    for (const op of plan) events.push(new KEvent(op.atUs, null, 0, { kind: 'client', op }, 'client'));
    this.heap.pushAll(events);
  }

  /** A timer's event (the kernel's hottest schedule): its kind is known, so no load of `kind` off a body of any shape. */
  scheduleTimer(atUs: number, node: NodeRec, timer: TimerRec): void {
    this.heap.push(this.newEvent(atUs, node, node.incarnation, timer, 'timer'));
  }

  newId(): number {
    return this.nextId++;
  }

  isNode = (s: string): boolean => this.byId.has(s);

  node(id: string): NodeRec {
    const n = this.byId.get(id);
    // The text built only on failure: an argument is evaluated on every call (a concatenation per send).
    if (n === undefined) assert(false, `unknown node ${id}`);
    return n;
  }

  /** A connection attempt from a to b would succeed now: both up and no partition either way. */
  canConnect(a: NodeId, b: NodeId): boolean {
    const na = this.byId.get(a);
    const nb = this.byId.get(b);
    if (na === undefined || nb === undefined || !na.isUp || !nb.isUp) return false;
    return !this.net.isBlocked(a, b) && !this.net.isBlocked(b, a);
  }

  /** Whether any per-link latency is set (most runs: none, and then no key string is built per send). */
  private readonly hasLinkLatency: boolean;

  latencyUs(from: NodeId, to: NodeId): number {
    const l: LatencyUs = (this.hasLinkLatency ? this.netOpts.linkLatency[`${from}->${to}`] : undefined) ?? this.netOpts.latency;
    return this.netPrng.range(l.minUs, l.maxUs);
  }

  record(kind: TraceKind, node: string | null, detail: string, from?: string, to?: string, msgType?: string, sentAtUs?: number): void {
    this.trace.add(this.eventIndex, this.nowUs, node, kind, detail, from, to, msgType, sentAtUs);
  }

  /** A record whose detail is `prefix + JSON.stringify(value)`, the text built only if the record is read (Trace.addJson). */
  recordJson(kind: TraceKind, node: string | null, prefix: string, value: unknown): void {
    this.trace.addJson(this.eventIndex, this.nowUs, node, kind, prefix, value);
  }

  /** The record of a delivered message (its detail is the message's JSON text, built only if the record is read). */
  recordMessage(node: string, msg: object, from: string, msgType: string, sentAtUs: number): void {
    this.trace.addMessage(this.eventIndex, this.nowUs, node, msg, from, node, msgType, sentAtUs);
  }

  drop(reason: string, from: string, to: string, msgType: string, sentAtUs: number): void {
    this.stats.drops++;
    this.stats.dropsByReason[reason] = (this.stats.dropsByReason[reason] ?? 0) + 1;
    this.record('drop', to, reason, from, to, msgType, sentAtUs);
  }
}
