// Crash-point catalogs: from a cheap recording run of a seed (its workload under the seed's own timed faults, invariants
// and history checks off, fault phase only), the candidate trigger points: disk ops per node and file, messages sent and
// received, role entries. The timed faults are part of the recording so that the moments they cause (a learner that fell
// behind resyncing after a crash or a healed partition, an election after a leader crash) are points the aimed steps can
// count to; a fault-free recording sees only start-up syncs, which mostly carry nothing.
import type { DownBudget, RunConfig } from './config.ts';
import type { DiskOpKind, FaultStep, NodeId, ProtocolModule, View } from './types.ts';
import type { TraceRecord } from './trace.ts';
import { runSimulation } from './run.ts';
import { BurstFacts } from './aimed-bursts.ts';

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
}

/** Tally with first-seen order kept (the catalog is a pure function of the run, in event order). */
class Tally<T extends object> {
  private readonly byKey = new Map<string, { item: T; count: number; late: number[]; bytes: number; heavy: { atUs: number; bytes: number } | null; extra?: object }>();
  /** `lateAtUs`: the match's time when it came after the first fault, else null; `bytes`: a message's payload size. */
  add(key: string, item: T, lateAtUs: number | null, bytes = 0): void {
    let e = this.byKey.get(key);
    if (e === undefined) this.byKey.set(key, (e = { item, count: 0, late: [], bytes: 0, heavy: null }));
    e.count++;
    if (bytes > e.bytes) e.bytes = bytes;
    if (lateAtUs === null) return;
    if (e.late.length < LATE_MAX) e.late.push(lateAtUs);
    if (bytes > 0 && (e.heavy === null || bytes > e.heavy.bytes)) e.heavy = { atUs: lateAtUs, bytes };
  }
  /** Extra fields of a point already added (aimed-bursts.ts: bursts). */
  annotate(key: string, extra: object): void {
    const e = this.byKey.get(key);
    if (e !== undefined) e.extra = { ...e.extra, ...extra };
  }
  list(): (T & Seen)[] {
    return [...this.byKey.values()].map((e) => ({
      ...e.item, ...e.extra, count: e.count, ...(e.late.length > 0 ? { lateUs: e.late } : {}),
      ...(e.bytes > 0 ? { bytes: e.bytes } : {}), ...(e.heavy !== null ? { heavyLateUs: e.heavy.atUs } : {}),
    }));
  }
}

export function recordCatalog(r: CatalogRun): CrashPointCatalog {
  const disk = new Tally<Omit<DiskPoint, 'count'>>();
  const sent = new Tally<Omit<MessagePoint, 'count'>>();
  const received = new Tally<Omit<MessagePoint, 'count'>>();
  const entries = new Tally<Omit<RoleEntry, 'count'>>();
  const bursts = new BurstFacts();
  /** Per node, its role changes (time, roles) in order: a sender's roles at send time are looked up here. */
  const history = new Map<string, { atUs: number; roles: readonly string[] }[]>();
  /** Per node, its current roles joined (the last entry of its history), to see a change without rebuilding arrays. */
  const lastJoined = new Map<string, string>();
  const rolesAt = (node: string, atUs: number): readonly string[] => {
    const h = history.get(node) ?? [];
    for (let i = h.length - 1; i >= 0; i--) if (h[i]!.atUs <= atUs) return h[i]!.roles;
    return [];
  };
  // Hoisted out of the per-event callback (this run happens once per fuzz seed): the options object, and the
  // collator, which compares exactly as String.prototype.localeCompare does but without building one per call.
  const opts = { ...r.protocol.defaultOptions, ...r.options };
  const collate = new Intl.Collator().compare;
  /** When the recording's first fault fired (a timed crash, partition, ...); matches from then on are late. */
  let firstFaultUs = Number.POSITIVE_INFINITY;
  const late = (atUs: number): number | null => (atUs >= firstFaultUs ? atUs : null);
  /** What roles() last saw of each node (state object, up, paused), and its answer per node: reused while unchanged. */
  const seen: { state: unknown; isUp: boolean; isPaused: boolean }[] = [];
  let now = new Map<string, string[]>();
  /** Did anything roles() may read change (ProtocolModule.roles: node states, liveness, the network, aliases)? */
  const isRolesInputChanged = (recs: readonly TraceRecord[], view: View<unknown>): boolean => {
    let isChanged = seen.length === 0;
    for (const t of recs) if (t.kind === 'fault' || t.kind === 'phase') isChanged = true;
    const nodes = view.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      const s = seen[i];
      if (s !== undefined && s.state === n.state && s.isUp === n.isUp && s.isPaused === n.isPaused) continue;
      seen[i] = { state: n.state, isUp: n.isUp, isPaused: n.isPaused };
      isChanged = true;
    }
    return isChanged;
  };
  const onEvent = (_i: number, recs: readonly TraceRecord[], view: View<unknown>): void => {
    for (const t of recs) if (t.kind === 'fault' && firstFaultUs === Number.POSITIVE_INFINITY) firstFaultUs = t.atUs;
    if (isRolesInputChanged(recs, view)) {
      const roles = r.protocol.roles(view, opts);
      now = new Map<string, string[]>();
      for (const [role, ids] of Object.entries(roles).sort(([a], [b]) => collate(a, b))) {
        for (const id of ids as readonly NodeId[]) {
          const held = now.get(id);
          if (held === undefined) now.set(id, [role]);
          else held.push(role);
        }
      }
      // Role changes (only possible when roles() was asked again).
      for (const n of view.nodes) {
        const cur = now.get(n.id) ?? [];
        const joined = cur.join();
        if (joined === (lastJoined.get(n.id) ?? '')) continue;
        const prev = rolesAt(n.id, Number.MAX_SAFE_INTEGER);
        for (const role of cur) if (!prev.includes(role)) entries.add(`${role}|${n.id}`, { role, node: n.id }, late(view.nowUs));
        lastJoined.set(n.id, joined);
        const h = history.get(n.id);
        if (h === undefined) history.set(n.id, [{ atUs: view.nowUs, roles: cur }]);
        else h.push({ atUs: view.nowUs, roles: cur });
      }
    }
    for (const t of recs) {
      if (t.node === null) continue;
      if (t.kind === 'disk-done') {
        const [op, file] = t.detail.split(' ', 2) as [DiskPoint['op'] | 'read', string];
        if (op === 'read') continue;
        const at = { node: t.node, roles: now.get(t.node) ?? [] };
        disk.add(`${at.node}|${at.roles.join()}|${op}|${file}`, { ...at, op, file }, late(t.atUs));
      } else if ((t.kind === 'message' || t.kind === 'drop') && t.from !== undefined && t.msgType !== undefined) {
        const sentAtUs = t.sentAtUs ?? t.atUs;
        const from = { node: t.from, roles: rolesAt(t.from, sentAtUs) };
        sent.add(`${from.node}|${from.roles.join()}|${t.msgType}`, { ...from, type: t.msgType }, late(sentAtUs), t.kind === 'message' ? t.detail.length : 0);
        if (t.kind === 'message') {
          const to = { node: t.node, roles: now.get(t.node) ?? [] };
          const key = `${to.node}|${to.roles.join()}|${t.msgType}`;
          received.add(key, { ...to, type: t.msgType }, late(t.atUs), t.detail.length);
          bursts.delivered(key, t.from, t.node, sentAtUs, t.atUs, late(t.atUs) !== null);
        }
      }
    }
  };
  const cfg: RunConfig = {
    protocol: r.protocol, seed: r.seed, options: r.options, bugs: r.bugs, faults: r.faults ?? [], faultPhaseUs: r.faultPhaseUs,
    ...(r.downBudget !== undefined ? { downBudget: r.downBudget } : {}),
    skipLiveness: true, checkInvariants: false, checkLinearizability: false, recordCoverage: false, traceRingSize: 1, onEvent,
  };
  runSimulation(cfg);
  for (const [key, b] of bursts.receivedFields()) received.annotate(key, b);
  return { disk: disk.list(), sent: sent.list(), received: received.list(), roleEntries: entries.list() };
}
