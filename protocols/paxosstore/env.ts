// What every handler carries: the effect context, resolved options and bug flags; draft helpers shared by them.
import { current, isDraft } from 'immer';
import type { Draft } from 'immer';
import type { BugSet, Ctx } from '../../sim/index.ts';
import { assert } from '../../sim/index.ts';
import type { PsMsg } from './messages.ts';
import type { PaxosStoreOptions } from './options.ts';
import type { EntityState, EntryInfo, NodeState } from './state.ts';
import { freshEntry } from './storage.ts';

export interface Env {
  readonly ctx: Ctx<PsMsg>;
  readonly opts: PaxosStoreOptions;
  readonly bugs: BugSet;
}

export type D = Draft<NodeState>;
export type DEntity = Draft<EntityState>;
export type DEntry = Draft<EntryInfo>;

/** A plain (non-draft) copy of a value read from a draft, safe to hand to the kernel. */
export function plain<T>(x: T): T {
  return isDraft(x) ? (current(x as never) as T) : x;
}

export function entityOf(d: D, entity: string): DEntity {
  const ent = d.entities[entity];
  assert(ent !== undefined, `unknown entity ${entity}`);
  return ent;
}

export function entryOf(d: D, ent: DEntity, entry: number): DEntry {
  let info = ent.entries[entry];
  if (info === undefined) {
    ent.entries[entry] = freshEntry(d.n) as DEntry;
    info = ent.entries[entry]!;
  }
  return info;
}

/** Raise the three progress counters through one door, so the high-water marks see every assignment. */
export function setProgress(ent: DEntity, field: 'committed' | 'maxCont' | 'maxChosen', value: number): void {
  ent[field] = value;
  if (value > ent.highWater[field]) ent.highWater[field] = value;
}

/**
 * The DB's CommittedEntry set back by a GetAllAndSet from a source behind us (SetEntityMeta writes the source's entry):
 * Certain protects the in-memory counters, not the DB (sources-and-bugs §3.7), so its high-water mark follows it down.
 */
export function setDbCommittedBack(ent: DEntity, value: number): void {
  ent.committed = value;
  ent.highWater.committed = value;
}

export const bug = (env: Env, name: string): boolean => env.bugs.has(`paxosstore/${name}`);

/** May this node vote (promise/accept/answer empty) on `entry`? Not while its lost votes might cover it. */
export function canVote(ent: DEntity | EntityState, entry: number): boolean {
  if (ent.amnesia === null) return true;
  return ent.amnesia.fence !== null && entry > ent.amnesia.fence;
}
