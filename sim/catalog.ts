// Crash-point catalogs: from a cheap recording run of a seed (its workload, no faults, invariants and history checks off,
// fault phase only), the candidate trigger points: disk ops per node and file, messages sent and received, role entries.
import type { RunConfig } from './config.ts';
import type { DiskOpKind, NodeId, ProtocolModule, View } from './types.ts';
import type { TraceRecord } from './trace.ts';
import { runSimulation } from './run.ts';

/** A node and the roles it held at the point (role keys of the protocol's roles(view), sorted). */
interface At { readonly node: string; readonly roles: readonly string[] }

export interface DiskPoint extends At { readonly op: Exclude<DiskOpKind, 'read'>; readonly file: string; readonly count: number }
export interface MessagePoint extends At { readonly type: string; readonly count: number }
export interface RoleEntry { readonly role: string; readonly node: string; readonly count: number }

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
}

/** Tally with first-seen order kept (the catalog is a pure function of the run, in event order). */
class Tally<T extends object> {
  private readonly byKey = new Map<string, { item: T; count: number }>();
  add(key: string, item: T): void {
    const e = this.byKey.get(key);
    if (e === undefined) this.byKey.set(key, { item, count: 1 });
    else e.count++;
  }
  list(): (T & { count: number })[] {
    return [...this.byKey.values()].map((e) => ({ ...e.item, count: e.count }));
  }
}

export function recordCatalog(r: CatalogRun): CrashPointCatalog {
  const disk = new Tally<Omit<DiskPoint, 'count'>>();
  const sent = new Tally<Omit<MessagePoint, 'count'>>();
  const received = new Tally<Omit<MessagePoint, 'count'>>();
  const entries = new Tally<Omit<RoleEntry, 'count'>>();
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
  const onEvent = (_i: number, recs: readonly TraceRecord[], view: View<unknown>): void => {
    const roles = r.protocol.roles(view, opts);
    const now = new Map<string, string[]>();
    for (const [role, ids] of Object.entries(roles).sort(([a], [b]) => collate(a, b))) {
      for (const id of ids as readonly NodeId[]) {
        const held = now.get(id);
        if (held === undefined) now.set(id, [role]);
        else held.push(role);
      }
    }
    for (const n of view.nodes) {
      const cur = now.get(n.id) ?? [];
      const joined = cur.join();
      if (joined === (lastJoined.get(n.id) ?? '')) continue;
      const prev = rolesAt(n.id, Number.MAX_SAFE_INTEGER);
      for (const role of cur) if (!prev.includes(role)) entries.add(`${role}|${n.id}`, { role, node: n.id });
      lastJoined.set(n.id, joined);
      const h = history.get(n.id);
      if (h === undefined) history.set(n.id, [{ atUs: view.nowUs, roles: cur }]);
      else h.push({ atUs: view.nowUs, roles: cur });
    }
    for (const t of recs) {
      if (t.node === null) continue;
      if (t.kind === 'disk-done') {
        const [op, file] = t.detail.split(' ', 2) as [DiskPoint['op'] | 'read', string];
        if (op === 'read') continue;
        const at = { node: t.node, roles: now.get(t.node) ?? [] };
        disk.add(`${at.node}|${at.roles.join()}|${op}|${file}`, { ...at, op, file });
      } else if ((t.kind === 'message' || t.kind === 'drop') && t.from !== undefined && t.msgType !== undefined) {
        const from = { node: t.from, roles: rolesAt(t.from, t.sentAtUs ?? t.atUs) };
        sent.add(`${from.node}|${from.roles.join()}|${t.msgType}`, { ...from, type: t.msgType });
        if (t.kind === 'message') {
          const to = { node: t.node, roles: now.get(t.node) ?? [] };
          received.add(`${to.node}|${to.roles.join()}|${t.msgType}`, { ...to, type: t.msgType });
        }
      }
    }
  };
  const cfg: RunConfig = {
    protocol: r.protocol, seed: r.seed, options: r.options, bugs: r.bugs, faults: [], faultPhaseUs: r.faultPhaseUs,
    skipLiveness: true, checkInvariants: false, checkLinearizability: false, traceRingSize: 1, onEvent,
  };
  runSimulation(cfg);
  return { disk: disk.list(), sent: sent.list(), received: received.list(), roleEntries: entries.list() };
}
