// Crash-point catalogs: from a cheap recording run of a seed (its workload under the seed's own timed faults, invariants
// and history checks off, fault phase only), the candidate trigger points: disk ops per node and file, messages sent and
// received, role entries. The timed faults are part of the recording so that the moments they cause (a learner that fell
// behind resyncing after a crash or a healed partition, an election after a leader crash) are points the aimed steps can
// count to; a fault-free recording sees only start-up syncs, which mostly carry nothing.
import type { DownBudget, RunConfig } from './config.ts';
import type { DiskOpKind, FaultStep, NodeView, ProtocolModule, View } from './types.ts';
import type { JsonDetail, TraceKind, TraceRecord, TraceTap } from './trace.ts';
import { jsonTextLength } from './json-fold.ts';
import { runSimulation } from './run.ts';
import { BurstFacts } from './aimed-bursts.ts';
import { KeyInterner } from './key-interner.ts';
import { NodeRoles } from './catalog-roles.ts';

/** A node and the roles it held at the point (role keys of the protocol's roles(view), sorted). */
interface At { readonly node: string; readonly roles: readonly string[] }

/** How often the recording saw a point, and when it saw it after the first fault (the first LATE_MAX times, if any). */
interface Seen {
  readonly count: number;
  /** Times (µs) of the point's matches after the recording's first fault: the resyncs and elections faults cause. */
  readonly lateUs?: readonly number[];
  /** Messages: the largest payload (bytes of its JSON) the point carried, and when its largest late one was seen. */
  readonly bytes?: number;
  readonly heavyLateUs?: number;
}
/** At most this many late times per point: the first ones after the fault, when a node repairs what the fault cut short. */
export const LATE_MAX = 8;

export interface DiskPoint extends At, Seen { readonly op: Exclude<DiskOpKind, 'read'>; readonly file: string }
export interface MessagePoint extends At, Seen {
  readonly type: string;
  /** Received points: after a late match, the most further messages the same sender sent this node in the same instant
   * (a sync followed by the data it announces), and when that match was seen. */
  readonly burst?: number;
  readonly burstLateUs?: number;
}
export interface RoleEntry extends Seen { readonly role: string; readonly node: string }

export interface CrashPointCatalog {
  readonly disk: readonly DiskPoint[];
  /** By sender, with the roles it held when it sent. */
  readonly sent: readonly MessagePoint[];
  /** By receiver, with the roles it held when the message arrived. */
  readonly received: readonly MessagePoint[];
  readonly roleEntries: readonly RoleEntry[];
}

export interface CatalogRun {
  readonly protocol: ProtocolModule;
  readonly seed: number;
  readonly options: Readonly<Record<string, unknown>>;
  readonly bugs: readonly string[];
  readonly faultPhaseUs: number;
  /** The seed's timed fault plan (no triggered steps): the recording runs under it. Default none. */
  readonly faults?: readonly FaultStep[];
  readonly downBudget?: DownBudget;
  /**
   * Size messages by JSON.stringify's text instead of jsonTextLength's walk (tests: the plain reading the fast one
   * must agree with, catalog for catalog). Default false.
   */
  readonly isPlainSizing?: boolean;
  /**
   * Look at every node after every event for a change roles() may read, instead of at the event's own node only
   * (tests: the plain reading the fast one must agree with, catalog for catalog). Default false.
   */
  readonly isPlainScan?: boolean;
}

/**
 * One point's tally: `item` (the point's own fields, built the first time it is seen: a point repeats far more often
 * than it is new), its count, its first LATE_MAX late times, its largest payload, and its heaviest late match's time and
 * bytes (heavyBytes 0: none yet; only a payload above 0 is one).
 */
interface TallyEntry<T> { readonly item: T; count: number; late: number[]; bytes: number; heavyAtUs: number; heavyBytes: number; extra?: object }

/**
 * Points in first-seen order (the catalog is a pure function of the run, in event order). The caller files each entry
 * (by node, roles and type or op, see Cell) and hands it back on every match: no key text is built or hashed per match.
 */
class Tally<T extends object> {
  private readonly entries: TallyEntry<T>[] = [];

  /** A new point (its first match is added next, by add). */
  entry(item: T): TallyEntry<T> {
    const e: TallyEntry<T> = { item, count: 0, late: [], bytes: 0, heavyAtUs: 0, heavyBytes: 0 };
    this.entries.push(e);
    return e;
  }

  /** A match of `e`: `lateAtUs` the match's time when it came after the first fault, else null; `bytes` a message's payload size. */
  add(e: TallyEntry<T>, lateAtUs: number | null, bytes = 0): void {
    e.count++;
    if (bytes > e.bytes) e.bytes = bytes;
    if (lateAtUs === null) return;
    if (e.late.length < LATE_MAX) e.late.push(lateAtUs);
    // The first late match with the most bytes (none without a payload): the heavy arm time.
    if (bytes > e.heavyBytes) { e.heavyBytes = bytes; e.heavyAtUs = lateAtUs; }
  }

  /**
   * The points in first-seen order: each item with its extra fields, count, late times, bytes and heavy time written
   * onto it in that order (the key order the earlier spreads gave). The items are the tally's own, built once per point
   * and read by nothing else before this; the spreads of item, extra and three optional one-field objects per point were
   * most of the cost of ending the recording.
   */
  list(): (T & Seen)[] {
    const out: (T & Seen)[] = [];
    for (const e of this.entries) {
      const o = e.item as Record<string, unknown>;
      if (e.extra !== undefined) for (const k in e.extra) if (Object.hasOwn(e.extra, k)) o[k] = (e.extra as Record<string, unknown>)[k];
      o.count = e.count;
      if (e.late.length > 0) o.lateUs = e.late;
      if (e.bytes > 0) o.bytes = e.bytes;
      if (e.heavyBytes > 0) o.heavyLateUs = e.heavyAtUs;
      out.push(o as T & Seen);
    }
    return out;
  }
}

type DiskItem = Omit<DiskPoint, 'count'>;
type MessageItem = Omit<MessagePoint, 'count'>;

/**
 * One node's points while it held one set of roles (the same joined text): a catalog point is (node, joined roles,
 * op and file) or (node, joined roles, message type). Found by node index and RolesSince.joinedId, then the points by
 * their disk op (one object per op and file) or type: one Map look-up per match, where the key texts cost four.
 */
class Cell {
  readonly disk = new Map<DiskOp, TallyEntry<DiskItem>>();
  readonly sent = new Map<string, TallyEntry<MessageItem>>();
  readonly received = new Map<string, TallyEntry<MessageItem>>();
}

/** A disk-done record's op and file (its detail is `${op} ${file}`): one object per op and file, the key of its points in a Cell. */
interface DiskOp { readonly op: DiskPoint['op']; readonly file: string }

const FACT_DISK = 0;
const FACT_MESSAGE = 1;
const FACT_DROP = 2;

/**
 * What the catalog reads of one event's records, in record order, fed by the trace as it keeps them (a TraceTap, so
 * no record object is built per record): disk ops other than reads, delivered messages and drops, in columns reused
 * from event to event; and whether the event had a fault or phase record. Read after the event, once its roles are known.
 */
class EventFacts implements TraceTap {
  length = 0;
  readonly kind: number[] = [];
  readonly node: string[] = [];
  readonly atUs: number[] = [];
  /** Disk facts: the op and file. */
  readonly disk: (DiskOp | null)[] = [];
  /** Message and drop facts: the sender, type and send time, and a delivered message's size (its JSON text's length). */
  readonly from: (string | null)[] = [];
  readonly msgType: (string | null)[] = [];
  readonly sentAtUs: number[] = [];
  readonly bytes: number[] = [];
  /** Did the event have a fault or phase record (roles() may answer differently then, whatever the node states)? */
  hasFaultOrPhase = false;
  /** When the recording's first fault fired (a timed crash, partition, ...); matches from then on are late. */
  firstFaultUs = Number.POSITIVE_INFINITY;
  constructor(private readonly isPlainSizing: boolean) {}

  /** Disk-done details split once per distinct text; null for a read. */
  private readonly diskOps = new Map<string, DiskOp | null>();
  /** The same by op|file: details that split alike (the split keeps two parts) share one object, as they share a point. */
  private readonly byOpFile = new Map<string, DiskOp>();

  record(kind: TraceKind, atUs: number, node: string | null, detail: string, from: string | undefined, msgType: string | undefined, sentAtUs: number | undefined): void {
    switch (kind) {
      case 'fault':
        // A process's own exit (sim/exit.ts, traced as a fault record) is not a fault of the plan.
        if (this.firstFaultUs === Number.POSITIVE_INFINITY && !detail.startsWith('exit ')) this.firstFaultUs = atUs;
        this.hasFaultOrPhase = true;
        return;
      case 'phase':
        this.hasFaultOrPhase = true;
        return;
      case 'disk-done': {
        if (node === null) return;
        const d = this.diskOpOf(detail);
        if (d !== null) this.push(FACT_DISK, node, atUs, d, null, null, 0, 0);
        return;
      }
      case 'drop':
        if (node !== null && from !== undefined && msgType !== undefined) this.push(FACT_DROP, node, atUs, null, from, msgType, sentAtUs ?? atUs, 0);
        return;
      case 'message': // a delivered message's record comes through message(), never with a text detail
      default:
        return;
    }
  }

  /** Client calls and replies, whose texts the catalog never reads: a kind it reads (none comes this way) gets its text. */
  json(kind: TraceKind, atUs: number, node: string | null, detail: JsonDetail): void {
    if (kind === 'fault' || kind === 'phase' || kind === 'disk-done' || kind === 'drop') this.record(kind, atUs, node, detail.text(), undefined, undefined, undefined);
  }

  message(atUs: number, node: string, msg: object, from: string, msgType: string, sentAtUs: number): void {
    // Sized now, as delivered: the handler that runs next gets the same object.
    this.push(FACT_MESSAGE, node, atUs, null, from, msgType, sentAtUs, this.isPlainSizing ? JSON.stringify(msg).length : jsonTextLength(msg));
  }

  /** Forget the event's facts (the columns keep their cells, overwritten by the next event's). */
  clear(): void {
    this.length = 0;
    this.hasFaultOrPhase = false;
  }

  private push(kind: number, node: string, atUs: number, disk: DiskOp | null, from: string | null, msgType: string | null, sentAtUs: number, bytes: number): void {
    const i = this.length++;
    this.kind[i] = kind; this.node[i] = node; this.atUs[i] = atUs; this.disk[i] = disk;
    this.from[i] = from; this.msgType[i] = msgType; this.sentAtUs[i] = sentAtUs; this.bytes[i] = bytes;
  }

  private diskOpOf(detail: string): DiskOp | null {
    let d = this.diskOps.get(detail);
    if (d === undefined) {
      const [op, file] = detail.split(' ', 2) as [DiskPoint['op'] | 'read', string];
      d = null;
      if (op !== 'read') {
        const opFile = `${op}|${file}`;
        d = this.byOpFile.get(opFile) ?? null;
        if (d === null) this.byOpFile.set(opFile, (d = { op, file }));
      }
      this.diskOps.set(detail, d);
    }
    return d;
  }
}

/** Sorts role keys: compares exactly as String.prototype.localeCompare does, built once (not per recording or call). */
const collate = new Intl.Collator().compare;

/**
 * One recording run's tallies and its per-event callback. A class, not closures made per recordCatalog call: V8 holds a
 * closure's optimised code weakly, so a campaign worker recompiled the per-event callback after every full GC
 * (bench/deopt-census.ts); a method's code lives as long as the class.
 */
class Recording {
  readonly disk = new Tally<DiskItem>();
  readonly sent = new Tally<MessageItem>();
  readonly received = new Tally<MessageItem>();
  readonly entries = new Tally<Omit<RoleEntry, 'count'>>();
  readonly bursts = new BurstFacts<TallyEntry<MessageItem>>();
  readonly facts: EventFacts;
  /** Role entries by role|node (made only when a node's roles change, so a key text is cheap enough). */
  private readonly entryKeys = new KeyInterner('|');
  private readonly entryByKey = new Map<string, TallyEntry<Omit<RoleEntry, 'count'>>>();
  /** Cells by node index, then by joined roles' number; an id that is no node of the view has its own by id. */
  private readonly cells: Cell[][] = [];
  private readonly strangerCells = new Map<string, Cell>();
  /** The run's options (built once, not per event). */
  private readonly opts: Record<string, unknown>;
  /** What roles() last saw of each node (state object, up, paused), and its answer per node: reused while unchanged. */
  private readonly seen: { state: unknown; isUp: boolean; isPaused: boolean }[] = [];
  /** The nodes' roles (made at the first event, when the view's nodes are known). */
  private book: NodeRoles | null = null;
  /** The per-event callback and the role-entry callback, bound once per recording. */
  readonly onEvent = this.event.bind(this);
  private readonly onEntry = this.entry.bind(this);

  constructor(private readonly protocol: CatalogRun['protocol'], options: CatalogRun['options'], isPlainSizing: boolean, private readonly isPlainScan: boolean) {
    this.opts = { ...protocol.defaultOptions, ...options };
    this.facts = new EventFacts(isPlainSizing);
  }

  private late(atUs: number): number | null {
    return atUs >= this.facts.firstFaultUs ? atUs : null;
  }

  /**
   * Did anything roles() may read change (ProtocolModule.roles: node states, liveness, the network, aliases)? After the
   * first event and events with a fault or phase record, every node is looked at; after any other event only the
   * event's own node (`nodeIndex`, -1 for none) can have changed (RunConfig.onEvent), so only it is (a scan of every
   * node per event was 3 % of tair's recording run). isPlainScan looks at every node after every event.
   */
  private isRolesInputChanged(view: View<unknown>, nodeIndex: number): boolean {
    const nodes = view.nodes;
    if (this.seen.length === 0 || this.facts.hasFaultOrPhase || this.isPlainScan) {
      let isChanged = this.seen.length === 0 || this.facts.hasFaultOrPhase;
      for (let i = 0; i < nodes.length; i++) if (this.isNodeChanged(nodes[i]!, i)) isChanged = true;
      return isChanged;
    }
    return nodeIndex >= 0 && this.isNodeChanged(nodes[nodeIndex]!, nodeIndex);
  }

  /** Has node `n` (index `i`) changed what roles() reads of it since it was last looked at? Notes what it sees now. */
  private isNodeChanged(n: NodeView<unknown>, i: number): boolean {
    const s = this.seen[i];
    if (s !== undefined && s.state === n.state && s.isUp === n.isUp && s.isPaused === n.isPaused) return false;
    if (s === undefined) this.seen[i] = { state: n.state, isUp: n.isUp, isPaused: n.isPaused };
    else { s.state = n.state; s.isUp = n.isUp; s.isPaused = n.isPaused; }
    return true;
  }

  private entry(role: string, node: string, atUs: number): void {
    const key = this.entryKeys.pair(role, node);
    let e = this.entryByKey.get(key);
    if (e === undefined) this.entryByKey.set(key, (e = this.entries.entry({ role, node })));
    this.entries.add(e, this.late(atUs));
  }

  /** The cell of `node` (index `i` in the view, or -1) while it holds the roles numbered `joinedId`. */
  private cellOf(i: number, node: string, joinedId: number): Cell {
    if (i < 0) {
      // Only the general path knows such ids, always with no joined roles (joinedOf gives '' for them).
      let c = this.strangerCells.get(node);
      if (c === undefined) this.strangerCells.set(node, (c = new Cell()));
      return c;
    }
    const byRoles = (this.cells[i] ??= []);
    return (byRoles[joinedId] ??= new Cell());
  }

  private event(_i: number, _recs: readonly TraceRecord[], view: View<unknown>, nodeIndex: number): void {
    // roles() is asked after most events (a state changed); its answer is read into per-node roles (catalog-roles.ts).
    const book = (this.book ??= new NodeRoles(nodeIds(view), collate, this.onEntry));
    if (this.isRolesInputChanged(view, nodeIndex)) book.update(this.protocol.roles(view, this.opts), view.nowUs);
    const facts = this.facts;
    for (let i = 0; i < facts.length; i++) {
      const node = facts.node[i]!;
      const atUs = facts.atUs[i]!;
      const kind = facts.kind[i]!;
      const ni = book.index(node);
      if (kind === FACT_DISK) {
        const d = facts.disk[i]!;
        const cell = this.cellOf(ni, node, book.currentAt(ni).joinedId);
        let e = cell.disk.get(d);
        if (e === undefined) cell.disk.set(d, (e = this.disk.entry({ node, roles: book.rolesAt(ni, node), op: d.op, file: d.file })));
        this.disk.add(e, this.late(atUs));
        continue;
      }
      const from = facts.from[i]!;
      const sentAtUs = facts.sentAtUs[i]!;
      const type = facts.msgType[i]!;
      const fi = book.index(from);
      const fromRoles = book.atIndex(fi, sentAtUs);
      const bytes = facts.bytes[i]!;
      const fromCell = this.cellOf(fi, from, fromRoles.joinedId);
      let s = fromCell.sent.get(type);
      if (s === undefined) fromCell.sent.set(type, (s = this.sent.entry({ node: from, roles: fromRoles.roles, type })));
      this.sent.add(s, this.late(sentAtUs), bytes);
      if (kind === FACT_MESSAGE) {
        const cell = this.cellOf(ni, node, book.currentAt(ni).joinedId);
        let r = cell.received.get(type);
        if (r === undefined) cell.received.set(type, (r = this.received.entry({ node, roles: book.rolesAt(ni, node), type })));
        const late = this.late(atUs);
        this.received.add(r, late, bytes);
        // The link from>to as one number (node indexes); ids that are no node of the view by their text.
        const link = fi >= 0 && ni >= 0 ? fi * book.size + ni : `${from}>${node}`;
        this.bursts.delivered(r, link, sentAtUs, atUs, late !== null);
      }
    }
    facts.clear();
  }
}

/** The view's node ids in order. */
function nodeIds(view: View<unknown>): string[] {
  const ids: string[] = [];
  for (const n of view.nodes) ids.push(n.id);
  return ids;
}

export function recordCatalog(r: CatalogRun): CrashPointCatalog {
  const rec = new Recording(r.protocol, r.options, r.isPlainSizing ?? false, r.isPlainScan ?? false);
  const { disk, sent, received, entries, bursts, facts } = rec;
  const cfg: RunConfig = {
    protocol: r.protocol, seed: r.seed, options: r.options, bugs: r.bugs, faults: r.faults ?? [], faultPhaseUs: r.faultPhaseUs,
    ...(r.downBudget !== undefined ? { downBudget: r.downBudget } : {}),
    skipLiveness: true, checkInvariants: false, checkLinearizability: false, recordCoverage: false, traceRingSize: 1, hashTrace: false,
    onEvent: rec.onEvent, traceTap: facts,
  };
  runSimulation(cfg);
  for (const [e, b] of bursts.receivedFields()) e.extra = b;
  return { disk: disk.list(), sent: sent.list(), received: received.list(), roleEntries: entries.list() };
}
