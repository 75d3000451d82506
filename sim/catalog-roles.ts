// The roles each node held during the crash-point catalog's recording run (catalog.ts), kept from the protocol's
// roles() answers: each node's current roles (sorted role keys, and the same joined), its history of changes (a
// sender's roles at send time are looked up there), and the role entries a change makes. roles() is asked after about
// half the events and paxosstore's answer changes ~200 times a seed (a lagging or catching-up flag flips; the others
// 9-12 times), so an answer is read as one bit mask per node (a bit per role key) and compared with the node's last
// mask, with no copy of the answer kept; the sorted list and its joined text are built once per distinct mask, not per
// changed answer and node. The answers that masks cannot read exactly (a node listed twice
// under a role, an id that is no node of the view, a role key that collates equal to another, more than 30 role keys)
// take the general path, which builds each node's list as the catalog always did.

/**
 * A node's roles from a time on, the same joined (the catalog's keys use the joined form), and that joined text's
 * number (`joinedId`: one per distinct text, in the order changes first made them; 0 for ''), so a recorder can file
 * points by node and roles without building a key text.
 */
export interface RolesSince { readonly atUs: number; readonly roles: readonly string[]; readonly joined: string; readonly joinedId: number }
export const NO_ROLES: RolesSince = { atUs: 0, roles: [], joined: '', joinedId: 0 };

/** The most role keys a mask holds (bits of a small integer, never its sign bit). */
const MASK_BITS = 30;

/** Sorted role keys and the same joined: one per distinct mask. */
interface RoleList { readonly roles: readonly string[]; readonly joined: string }

/** How many own keys an answer has. */
function keyCount(roles: object): number {
  let n = 0;
  for (const role in roles) if (Object.hasOwn(roles, role)) n++;
  return n;
}

export class NodeRoles {
  /** Per node (view order): its last change (the last entry of its history, or NO_ROLES). */
  private readonly current: RolesSince[];
  /**
   * Per node: its roles in the last answer. The same list as its last change's unless the joined text hid a change
   * (role keys that are empty or hold a comma: [''] joins as [] does); points take this list, keys the joined text.
   */
  private readonly latest: (readonly string[])[];
  /** Per node: its changes in order (the first one is its first non-empty roles). */
  private readonly history: RolesSince[][];
  private readonly indexOf = new Map<string, number>();
  /** Per node: the mask of its roles in the last answer (-1: read by the general path, so compare the joined text). */
  private readonly masks: Int32Array;
  private readonly next: Int32Array;
  /** Role keys by bit, and bits by key; null once a key masks cannot read was seen (the general path from then on). */
  private bits: Map<string, number> | null = new Map();
  private readonly names: string[] = [];
  private readonly lists = new Map<number, RoleList>();
  /** Roles of ids in the last answer that are not nodes of the view (general path only), as the catalog kept them. */
  private strangers: ReadonlyMap<string, readonly string[]> | null = null;
  /** Joined texts' numbers (RolesSince.joinedId), given as changes first make them. */
  private readonly joinedIds = new Map<string, number>([['', 0]]);
  /**
   * The last answer read, and how many role keys it had. Protocols hand back a remembered answer object only while its
   * inputs are unchanged (and callers only read answers), so the same object again means the same roles; a fresh object
   * that lists the same ids under the same keys (most answers: the recording asks after every change of a node's state,
   * and roles change a few times to a few hundred times a seed) gives what the last one gave, so neither is read again.
   */
  private lastAnswer: Readonly<Record<string, readonly string[]>> | null = null;
  private lastKeyCount = 0;

  /**
   * `ids`: the view's node ids in order; `collate`: how role keys sort; `onEntry`: a node entered a role (called in node
   * order, then in the order of the node's sorted roles); `maskBits`: the most role keys masks read (0: every answer
   * takes the general path, for the test that both paths agree).
   */
  constructor(
    private readonly ids: readonly string[],
    private readonly collate: (a: string, b: string) => number,
    private readonly onEntry: (role: string, node: string, atUs: number) => void,
    private readonly maskBits = MASK_BITS,
  ) {
    ids.forEach((id, i) => this.indexOf.set(id, i));
    this.current = ids.map(() => NO_ROLES);
    this.latest = ids.map(() => NO_ROLES.roles);
    this.history = ids.map(() => []);
    this.masks = new Int32Array(ids.length);
    this.next = new Int32Array(ids.length);
  }

  /** How many nodes the view has (their indexes are 0 to size - 1). */
  get size(): number {
    return this.ids.length;
  }

  /** `node`'s index in the view, or -1 for an id that is no node of the view. */
  index(node: string): number {
    return this.indexOf.get(node) ?? -1;
  }

  /** The roles `node` holds now (sorted keys). */
  rolesOf(node: string): readonly string[] {
    return this.rolesAt(this.index(node), node);
  }

  /** rolesOf for a node already looked up (`i` its index(node)). */
  rolesAt(i: number, node: string): readonly string[] {
    return i >= 0 ? this.latest[i]! : this.strangers?.get(node) ?? NO_ROLES.roles;
  }

  /** The roles `node` holds now, joined ('' for none, and for an id that is no node of the view). */
  joinedOf(node: string): string {
    return this.currentAt(this.index(node)).joined;
  }

  /** The last change of the node at index `i` (NO_ROLES for -1): its joined text and number are the node's now. */
  currentAt(i: number): RolesSince {
    return i >= 0 ? this.current[i]! : NO_ROLES;
  }

  /** The roles `node` held at `atUs` (its last change at or before then). */
  at(node: string, atUs: number): RolesSince {
    return this.atIndex(this.index(node), atUs);
  }

  /** at() for a node already looked up (`i` its index, -1 for no node of the view). */
  atIndex(i: number, atUs: number): RolesSince {
    if (i < 0) return NO_ROLES;
    const h = this.history[i]!;
    for (let k = h.length - 1; k >= 0; k--) if (h[k]!.atUs <= atUs) return h[k]!;
    return NO_ROLES;
  }

  /** A roles() answer at `nowUs`: the nodes whose roles changed get a history entry, their new roles an entry each. */
  update(roles: Readonly<Record<string, readonly string[]>>, nowUs: number): void {
    if (roles === this.lastAnswer || this.isSameAnswer(roles)) return;
    this.lastAnswer = roles;
    this.lastKeyCount = keyCount(roles);
    if (!this.readMasks(roles)) { this.updateGeneral(roles, nowUs); return; }
    const next = this.next;
    for (let i = 0; i < next.length; i++) {
      const m = next[i]!;
      if (m === this.masks[i]) continue;
      this.masks[i] = m;
      const list = this.listOf(m);
      this.latest[i] = list.roles;
      if (list.joined !== this.current[i]!.joined) this.change(i, list.roles, list.joined, nowUs);
    }
    this.strangers = null;
  }

  /**
   * Does `roles` list the same ids, in the same order, under the same keys as the last answer? Key order aside, which
   * only the general path reads (its stable sort keeps the answer's order for keys that collate equal): so only while
   * masks read the answers, which OR each node's roles into a mask, order-free.
   */
  private isSameAnswer(roles: Readonly<Record<string, readonly string[]>>): boolean {
    const last = this.lastAnswer;
    if (last === null || this.bits === null) return false;
    let count = 0;
    for (const role in roles) {
      if (!Object.hasOwn(roles, role) || !Object.hasOwn(last, role)) return false;
      const ids = roles[role]!;
      const was = last[role]!;
      if (ids.length !== was.length) return false;
      for (let k = 0; k < ids.length; k++) if (ids[k] !== was[k]) return false;
      count++;
    }
    return count === this.lastKeyCount;
  }

  /** Each node's mask of the answer into `next`; false when masks cannot read it exactly. */
  private readMasks(roles: Readonly<Record<string, readonly string[]>>): boolean {
    const bits = this.bits;
    if (bits === null) return false;
    const next = this.next;
    next.fill(0);
    for (const role in roles) {
      if (!Object.hasOwn(roles, role)) continue;
      const bit = bits.get(role) ?? this.addBit(role);
      if (bit === 0) return false;
      const ids = roles[role]!;
      for (let k = 0; k < ids.length; k++) {
        const i = this.indexOf.get(ids[k]!);
        if (i === undefined || (next[i]! & bit) !== 0) return false;
        next[i] = next[i]! | bit;
      }
    }
    return true;
  }

  /** A bit for a new role key, or 0 (and the general path for good) when masks cannot tell its lists apart exactly. */
  private addBit(role: string): number {
    const bits = this.bits!;
    // Keys that collate apart sort the same whatever order roles() lists them in (a stable sort keeps ties in that order).
    if (bits.size >= this.maskBits || this.names.some((n) => this.collate(n, role) === 0)) {
      this.bits = null;
      return 0;
    }
    const bit = 1 << bits.size;
    bits.set(role, bit);
    this.names.push(role);
    return bit;
  }

  private listOf(mask: number): RoleList {
    let list = this.lists.get(mask);
    if (list === undefined) {
      // A loop, not filter with a closure over `mask`: V8 holds a closure's optimised code weakly (recompiled per GC).
      const roles: string[] = [];
      for (let b = 0; b < this.names.length; b++) if ((mask & (1 << b)) !== 0) roles.push(this.names[b]!);
      roles.sort(this.collate);
      this.lists.set(mask, (list = { roles, joined: roles.join() }));
    }
    return list;
  }

  /** The catalog's own reading: the answer's roles sorted by key, each node's list built in that order. */
  private updateGeneral(roles: Readonly<Record<string, readonly string[]>>, nowUs: number): void {
    const now = new Map<string, string[]>();
    for (const [role, ids] of Object.entries(roles).sort(([a], [b]) => this.collate(a, b))) {
      for (const id of ids) {
        const held = now.get(id);
        if (held === undefined) now.set(id, [role]);
        else held.push(role);
      }
    }
    for (let i = 0; i < this.ids.length; i++) {
      this.masks[i] = -1;
      const cur = now.get(this.ids[i]!) ?? [];
      const joined = cur.join();
      this.latest[i] = cur;
      if (joined !== this.current[i]!.joined) this.change(i, cur, joined, nowUs);
    }
    this.strangers = now;
  }

  private change(i: number, roles: readonly string[], joined: string, nowUs: number): void {
    const prev = this.current[i]!.roles;
    const id = this.ids[i]!;
    for (const role of roles) if (!prev.includes(role)) this.onEntry(role, id, nowUs);
    let joinedId = this.joinedIds.get(joined);
    if (joinedId === undefined) this.joinedIds.set(joined, (joinedId = this.joinedIds.size));
    const since = { atUs: nowUs, roles, joined, joinedId };
    this.current[i] = since;
    this.history[i]!.push(since);
  }
}
