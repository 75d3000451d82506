// What every handler carries: the effect context, resolved options and bug flags; draft helpers shared by them.
import type { Draft } from 'immer';
import type { BugSet, Ctx } from '../../sim/index.ts';
import { assert, beginCopies, endCopies, isOwned, own, ownFresh, settleCopy } from '../../sim/index.ts';
import type { PsMsg } from './messages.ts';
import type { PaxosStoreOptions } from './options.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import { freshEntry } from './storage.ts';

/** The handlers' copy-before-write (sim/copy-on-write.ts), beside the typed accessors below. */
export { own };

export interface Env {
  readonly ctx: Ctx<PsMsg>;
  readonly opts: PaxosStoreOptions;
  readonly bugs: BugSet;
}

/**
 * The state a handler writes: a copy-on-write working copy of the node state (plain objects, no proxies). Handlers
 * write in place only into objects this handler copied (`own`); everything else is shared with earlier states, which
 * stay immutable. `Draft` is only the deep-mutable type.
 */
export type D = Draft<NodeState>;
export type DEntity = Draft<EntityState>;
export type DEntry = Draft<EntryInfo>;

/** The handler's working copy of `s`; `finish` gives the new state. */
export function beginHandler(s: NodeState): D {
  beginCopies();
  return own(s as D, copyRoot);
}

/**
 * The new state: every copy whose fields all ended up identical to its original is replaced by the original, so an
 * event that changed nothing returns `s` itself and unchanged parts keep their identity (the invariants and coverage
 * skip unchanged state objects). In the test suite the new state is deep-frozen (sim/copy-on-write.ts), so a handler
 * writing an object it did not copy throws there instead of corrupting an earlier state.
 */
export function finishHandler(s: NodeState, d: D): NodeState {
  return endCopies(s, settleCopy(s, d) as NodeState);
}

// One copy function per kind of object: a spread that sees a single shape stays fast in V8, one that sees every
// shape of the state (megamorphic) goes through the runtime.
const copyRoot = (x: D): D => ({ ...x });
const copyEntities = (x: D['entities']): D['entities'] => ({ ...x });
const copyEntity = (x: DEntity): DEntity => ({ ...x });
const copyEntries = (x: DEntity['entries']): DEntity['entries'] => ({ ...x });
const copyEntry = (x: DEntry): DEntry => ({ ...x });
const copyWorker = (x: D['catchup']): D['catchup'] => ({ ...x });
export const copyCmds = (x: D['cmds']): D['cmds'] => ({ ...x });

/** The entity, writable (copied into the working state on first use). */
export function entityOf(d: D, entity: string): DEntity {
  const cur = d.entities[entity];
  assert(cur !== undefined, `unknown entity ${entity}`);
  if (isOwned(cur)) return cur;
  d.entities = own(d.entities, copyEntities);
  const ent = own(cur, copyEntity);
  d.entities[entity] = ent;
  return ent;
}

/** The entry's info, writable, created empty if missing; `ent` must be the writable entity (from entityOf). */
export function entryOf(d: D, ent: DEntity, entry: number): DEntry {
  assert(isOwned(ent), 'entryOf needs the writable entity');
  const cur = ent.entries[entry];
  if (cur !== undefined && isOwned(cur)) return cur;
  ent.entries = own(ent.entries, copyEntries);
  const info = cur === undefined ? (freshEntry(d.n) as DEntry) : own(cur, copyEntry);
  ownFresh(info);
  ent.entries[entry] = info;
  return info;
}

/** The recovery of `entity`, writable (it must exist). */
export function recoveryOf(d: D, entity: string): D['recoveries'][string] {
  const cur = d.recoveries[entity];
  assert(cur !== undefined, `no recovery of ${entity}`);
  if (isOwned(cur)) return cur;
  d.recoveries = own(d.recoveries);
  const r = own(cur);
  d.recoveries[entity] = r;
  return r;
}

/** The catch-up worker, writable. */
export function workerOf(d: D): D['catchup'] {
  d.catchup = own(d.catchup, copyWorker);
  return d.catchup;
}

/** Raise the three progress counters through one door, so the high-water marks see every assignment. */
export function setProgress(ent: DEntity, field: 'committed' | 'maxCont' | 'maxChosen', value: number): void {
  assert(isOwned(ent), 'setProgress needs the writable entity');
  ent[field] = value;
  if (value > ent.highWater[field]) (ent.highWater = own(ent.highWater))[field] = value;
}

/**
 * The DB's CommittedEntry set back by a GetAllAndSet from a source behind us (SetEntityMeta writes the source's entry):
 * Certain protects the in-memory counters, not the DB (sources-and-bugs §3.7), so its high-water mark follows it down.
 */
export function setDbCommittedBack(ent: DEntity, value: number): void {
  assert(isOwned(ent), 'setDbCommittedBack needs the writable entity');
  ent.committed = value;
  (ent.highWater = own(ent.highWater)).committed = value;
}

export const bug = (env: Env, name: string): boolean => env.bugs.has(`paxosstore/${name}`);

/** May this node vote (promise/accept/answer empty) on `entry`? Not while its lost votes might cover it. */
export function canVote(ent: DEntity | EntityState, entry: number): boolean {
  if (ent.amnesia === null) return true;
  return ent.amnesia.fence !== null && entry > ent.amnesia.fence;
}
