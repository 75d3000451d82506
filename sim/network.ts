// Network state: partitions (directed blocks), clogs, aliases (VIPs), connections and per-link ordering.
import type { Address, ConnId, NodeId, Ratio } from './types.ts';

export interface Connection {
  readonly id: ConnId;
  /** Initiator and acceptor. */
  readonly a: NodeId;
  readonly b: NodeId;
  /** The address the initiator dialled (a node id or an alias). */
  readonly address: Address;
  /** Incarnations of both ends when the connection was made; a restart makes it stale. */
  readonly aIncarnation: number;
  /** Set when the acceptor takes the connection (a process restarted since the dial accepts it fresh). */
  bIncarnation: number;
  state: 'connecting' | 'open' | 'closed';
  /** Set by a graceful close: what the closer already sent still arrives (FIN after data), nothing else does. */
  closedBy: NodeId | null;
  /** Has the acceptor been told it opened? (The initiator is always told how its dial ends.) */
  isOpenAtB: boolean;
  /** Last scheduled delivery time per direction, so each direction stays FIFO. */
  lastDeliveryAtoBUs: number;
  lastDeliveryBtoAUs: number;
}

const pairKey = (from: NodeId, to: NodeId): string => `${from}->${to}`;

export class NetworkState {
  /**
   * Blocked directed links and the partition steps blocking each (0 = an untimed step, which only a heal lifts). A
   * link opens when its last blocker ends, so overlapping timed partitions compose.
   */
  private readonly blockers = new Map<string, Set<number>>();
  private lastBlocker = 0;
  private readonly clogUntilUs = new Map<string, number>();
  private readonly corruptCount = new Map<string, number>();
  /** Alias bindings; written only through bindAlias (which bumps aliasVersion). */
  readonly aliases = new Map<Address, NodeId | null>();
  /** Bumped at every alias binding: scoped invariant checks compare the bindings only after one. */
  aliasVersion = 0;
  readonly connections = new Map<ConnId, Connection>();
  datagramLossOverride: Ratio | null = null;
  /** Bumped when partitions change (scoped invariant checks re-check everything then: canConnect may differ). */
  partitionVersion = 0;

  isBlocked(from: NodeId, to: NodeId): boolean {
    return this.blockers.size > 0 && this.blockers.has(pairKey(from, to));
  }

  /** A fresh id for a timed partition step, to block links under and to end them by later. */
  newBlocker(): number {
    return ++this.lastBlocker;
  }

  block(from: NodeId, to: NodeId, blocker = 0): void {
    if (from === to) return;
    const k = pairKey(from, to);
    const set = this.blockers.get(k) ?? new Set<number>();
    set.add(blocker);
    this.blockers.set(k, set);
    this.partitionVersion++;
  }

  /** End one timed partition step: drop its blocks; returns the links ("a->b") that are open again. */
  unblock(blocker: number): string[] {
    const opened: string[] = [];
    for (const [k, set] of this.blockers) {
      if (!set.delete(blocker) || set.size > 0) continue;
      this.blockers.delete(k);
      opened.push(k);
    }
    if (opened.length > 0) this.partitionVersion++;
    return opened;
  }

  clog(from: NodeId, to: NodeId, untilUs: number): void {
    this.clogUntilUs.set(pairKey(from, to), Math.max(untilUs, this.clogUntilUs.get(pairKey(from, to)) ?? 0));
  }

  clogUntil(from: NodeId, to: NodeId): number {
    return this.clogUntilUs.size === 0 ? 0 : (this.clogUntilUs.get(pairKey(from, to)) ?? 0);
  }

  addCorruption(from: NodeId, to: NodeId, count: number): void {
    this.corruptCount.set(pairKey(from, to), (this.corruptCount.get(pairKey(from, to)) ?? 0) + count);
  }

  /** Consume one pending corruption on this link, if any. */
  takeCorruption(from: NodeId, to: NodeId): boolean {
    if (this.corruptCount.size === 0) return false;
    const k = pairKey(from, to);
    const n = this.corruptCount.get(k) ?? 0;
    if (n <= 0) return false;
    if (n === 1) this.corruptCount.delete(k);
    else this.corruptCount.set(k, n - 1);
    return true;
  }

  /** Any partition, clog or pending corruption still active at `nowUs`? */
  isDisturbed(nowUs: number): boolean {
    if (this.blockers.size > 0 || this.corruptCount.size > 0 || this.datagramLossOverride !== null) return true;
    for (const until of this.clogUntilUs.values()) if (until > nowUs) return true;
    return false;
  }

  heal(): void {
    this.blockers.clear();
    this.partitionVersion++;
    this.clogUntilUs.clear();
    this.corruptCount.clear();
    this.datagramLossOverride = null;
  }

  /** Binds `alias` to `node` (null: unbound but known); returns the node it named before (null if none). */
  bindAlias(alias: Address, node: NodeId | null): NodeId | null {
    const old = this.aliases.get(alias) ?? null;
    this.aliases.set(alias, node);
    this.aliasVersion++;
    return old;
  }

  /** Resolve an address to the node it names now (aliases follow their binding). */
  resolve(address: Address, isNode: (s: string) => boolean): NodeId | null {
    if (this.aliases.has(address)) return this.aliases.get(address) ?? null;
    return isNode(address) ? (address as NodeId) : null;
  }
}
