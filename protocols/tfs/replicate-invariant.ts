// slave-replays-replication: a slave that replayed a REPLICATE record holds the relation the master built from it.
import type { Invariant } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';
import { NAMESERVERS, upNsById } from './state.ts';
import { isKnownServer } from './ns-support.ts';
import { nsPairInvariant } from './ns-invariant.ts';

/**
 * Judged from the master's own records, not from the slave's replay code: within one lease and while the slave's
 * replayed prefix is contiguous (no gap, drop or misread), every REPLICATE record (not a move) in that prefix whose
 * block was INSERTed earlier in the same prefix must have left the slave with (a) the destination among the block's
 * servers, unless a later RELIEVE record in the prefix drops it or a full report of the destination applied since the
 * replay governs it (the slave applies the DSs' reports too, row P25: a destination whose report lacks the block is
 * relieved), and (b) a version of at least
 * VERSION_INC_STEP_REPLICATE per such record. Blocks known from before the lease are not judged (the slave may have
 * missed their INSERT in an earlier loss window, and then handle_complete finds no block).
 *
 * A destination is excused only where the slave's block may have been full (max_replication_ servers, BlockCollect::add
 * refuses) when it replayed the destination's latest REPLICATE record: its list then held at most the servers it lists
 * now plus those a later RELIEVE record of the prefix dropped. Clean seed 1631611: the master relieved ds2 from 200113
 * by ds2's report (not logged), so the slave still listed [ds1, ds2] and its replay of the REPLICATE to ds3 found no
 * slot; the redundant thread's later RELIEVE of ds2 (logged) left the slave on [ds1], room the replay never had.
 * Since row P25 a report may relieve a server the same way (and may have built the one that filled the list): a server
 * whose report the slave applied since the replay counts among those that may have been relieved since.
 *
 * "Since the replay" is told by the slave's per-DS report counts (dsReportCount) when the record was folded: the check
 * runs after every event that changed a state, so a record is folded right after the event that replayed it.
 */
interface Dest { readonly since: Set<string>; readonly counts: Readonly<Record<string, number>> }

const NO_COUNTS: Readonly<Record<string, number>> = {};

/** What the master's records up to `done` (one lease) ask of the slave; extended as the slave's prefix grows. */
interface Folded {
  readonly leaseKey: string;
  done: number;
  readonly inserted: Set<number>;
  /**
   * Per block: each destination with the servers a RELIEVE record dropped from the block since its latest REPLICATE,
   * and the slave's per-DS report counts when that REPLICATE was folded.
   */
  readonly expected: Map<number, { dests: Map<string, Dest>; steps: number }>;
  /**
   * The slave's maps (and report counts) and the fold's length at the last clean verdict: the fold grows only with `done` and the maps are
   * copy-on-write, so the same ones are judged clean again without the scan (a day-long idle run checks every event).
   */
  clean?: { readonly done: number; readonly blocks: object; readonly versions: object | undefined; readonly cap: number | undefined; readonly counts: object | undefined };
}

/**
 * Has `y` reported since the replay (its report count now above the one then)? A module function, not a closure bound
 * to a name in the loop: under tsx (esbuild's keepNames) each such closure is named by an Object.defineProperty.
 */
const isReportedSince = (now: Readonly<Record<string, number>>, then: Readonly<Record<string, number>>, y: string): boolean => (now[y] ?? 0) > (then[y] ?? 0);

/** One fold per run (per view): the records of a lease never change, so each is folded once (a strict run checks every event). */
const folds = new WeakMap<object, Folded>();

function foldTo(view: object, master: NsState, slave: NsState, upTo: number): Folded {
  const o = master.oplog!;
  let f = folds.get(view);
  if (f === undefined || f.leaseKey !== o.leaseKey || f.done > upTo) {
    f = { leaseKey: o.leaseKey, done: 0, inserted: new Set(), expected: new Map() };
    folds.set(view, f);
  }
  for (; f.done < upTo; f.done++) {
    const b = o.records[f.done]!.body;
    if (b.kind === 'block-op' && b.cmd === 'insert') f.inserted.add(b.blockId);
    else if (b.kind === 'block-op' && b.cmd === 'relieve') {
      const dests = f.expected.get(b.blockId)?.dests;
      for (const x of b.servers) {
        dests?.delete(x);
        for (const d of dests?.values() ?? []) d.since.add(x);
      }
    }
    else if (b.kind === 'block-op' && b.cmd === 'remove') f.expected.delete(b.blockId);
    else if (b.kind === 'replicate' && !b.isMove && f.inserted.has(b.blockId) && isKnownServer(b.dest)) {
      const e = f.expected.get(b.blockId) ?? { dests: new Map<string, Dest>(), steps: 0 };
      e.dests.set(b.dest, { since: new Set(), counts: slave.dsReportCount ?? NO_COUNTS });
      e.steps++;
      f.expected.set(b.blockId, e);
    }
  }
  return f;
}

/** Reads the two nameservers only (its fold advances with their oplog and replay): judged when either changed. */
export const slaveReplaysReplication: Invariant<TfsState> = nsPairInvariant(
  'slave-replays-replication',
  "a slave that replayed (contiguously, under the master's lease) a REPLICATE record for a block inserted under that lease holds the destination relation and the replicate version step, as the master's handle_complete built them",
  (view) => {
    const a0 = upNsById(view, NAMESERVERS[0]);
    const b0 = upNsById(view, NAMESERVERS[1]);
    if (a0 === undefined || b0 === undefined) return null;
    const [master, slave] = a0.role === 'master' ? [a0, b0] : [b0, a0];
    const o = master.oplog;
    const a = slave.applied;
    if (o === null || a === null || slave.role !== 'slave' || o.leaseKey !== a.leaseKey || !a.isContiguous) return null;
    const f = foldTo(view, master, slave, Math.min(a.count, o.records.length));
    const c = f.clean;
    if (c !== undefined && c.done === f.done && c.blocks === slave.blocks && c.versions === slave.blockVersions && c.cap === slave.maxReplication && c.counts === slave.dsReportCount) return null;
    for (const [id, e] of f.expected) {
      const servers = slave.blocks.get(id);
      if (servers === undefined) continue;
      // A slave whose block listed max_replication_ servers at the replay had no free slot for the destination
      // (BlockCollect::add; its relations differ from the master's where the master relieved one by a report, which is
      // not logged): S15. At the replay it listed at most the servers it lists now and those relieved since.
      const cap = slave.maxReplication ?? Number.MAX_SAFE_INTEGER;
      const now = slave.dsReportCount ?? NO_COUNTS;
      for (const [x, d] of e.dests) {
        if (servers.includes(x)) continue;
        if (isReportedSince(now, d.counts, x)) continue;
        const gone = new Set([...d.since, ...Object.keys(now).filter((y) => isReportedSince(now, d.counts, y))].filter((y) => !servers.includes(y)));
        if (servers.length + gone.size < cap) return `${slave.self} replayed a REPLICATE of block ${id} to ${x} (${master.self}'s oplog, lease ${o.leaseKey}) but lists it on ${JSON.stringify(servers)}`;
      }
      const version = slave.blockVersions?.[String(id)] ?? 0;
      if (version < 2 * e.steps) return `${slave.self} replayed ${e.steps} REPLICATE record(s) of block ${id} but holds version ${version}`;
    }
    f.clean = { done: f.done, blocks: slave.blocks, versions: slave.blockVersions, cap: slave.maxReplication, counts: slave.dsReportCount };
    return null;
  },
);
