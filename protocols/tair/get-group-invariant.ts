// get-group-answered: what a client takes from a get-group answer is what find_group_host gives (server_conf_thread.cpp
// @5cce166; the seed era's tbnet code the same): nothing while the configserver is not ready (`is_ready == false`:
// start-up, before its loop starts; the model answers the version only), only the client version when the client asked with that very version, else the
// group's table; the model adds TAIR_CONFIG_MIN_VERSION (a table below it, the never-built one, goes as the version
// only; held-table-invariant.ts). So a client that takes a table took one a ready configserver held at or above the
// floor, and a client that takes a version without a table got it from a configserver that was not ready or held an
// unbuilt table at that client version, or asked with that version (the short cut; bug tair/version-only-reply takes it).
//
// When: an answer comes back on the connection its request went out on (links.ts), and the kernel drops what is still
// in flight on a broken connection (sim/dispatch.ts), so the answer was made after the client dialled the link it
// holds to that configserver now and before it arrived. The check remembers each configserver's answers over time
// (per run) and the time each client link was first seen, and asks: did one configserver, while this client held its
// current link to it, answer as the client took it?
// Mutation survivors (Stryker, twelfth session, both survived 2,000 seeds): cs-handlers.ts:35 `>= o.minConfigVersion`
// → `>` (a table exactly at the floor is withheld: the client takes version 10 without the table from two ready
// configservers) and `s.phase === 'ready'` → `true` (a starting configserver hands out its table from disk); killed at seeds 1 and 22.
import type { Invariant, NodeView } from '../../sim/index.ts';
import { nodeInvariant, perRun, runOptions } from '../../sim/index.ts';
import type { ClientState, CsState, TairState } from './state.ts';
import { isClient, isCs } from './state.ts';
import type { TairOptions } from './options.ts';
import { CS_IDS, defaultTairOptions } from './options.ts';
import type { TableView } from './table.ts';
import type { TairView } from './view-helpers.ts';
import { versionsOf } from './view-helpers.ts';

/** One answer a configserver gave to every get-group from `fromUs` to `toUs` (null: still). */
interface Span { readonly answer: string; readonly fromUs: number; toUs: number | null }

/** What a configserver answers a get-group with (asked at another version): the table's key, or the version only. */
export function answerOf(s: CsState, minConfigVersion: number): string {
  const t = s.table;
  return s.phase === 'ready' && t.version >= minConfigVersion ? tableKey(t) : versionKey(t.clientVersion);
}

/** Tables are immutable: one key per table object (a configserver's table is keyed once, not at every event). */
const keys = new WeakMap<object, string>();
/**
 * A bucket list's JSON, once per list object: every get-group answer is a new table object (viewOf) sharing its
 * configserver table's bucket lists, which version bumps and per-bucket switches keep too (copy-on-write), so each
 * client's taken table was serialized afresh.
 */
const bucketJson = new WeakMap<object, string>();
function bucketsText(b: TableView['hash']): string {
  let j = bucketJson.get(b);
  if (j === undefined) bucketJson.set(b, (j = JSON.stringify(b)));
  return j;
}

export function tableKey(t: TableView): string {
  let k = keys.get(t);
  if (k === undefined) {
    k = `table ${t.version}/${t.clientVersion}/${t.transitionVersion} ${bucketsText(t.hash)} ${bucketsText(t.dest)}`;
    keys.set(t, k);
  }
  return k;
}
export const versionKey = (v: number): string => `version ${v}`;

/** A client step p → s: the answer it took (a table or a version only), or null when the step took none. */
export function takenAnswer(p: ClientState, s: ClientState): string | null {
  // viewOf makes a new table object per answer, so a new non-null table is a table answer (nothing else sets one).
  if (s.table !== p.table) return s.table === null ? null : tableKey(s.table);
  // A version-only answer sets both versions to it and keeps the table; a kv answer moves only newConfigVersion.
  const isVersionOnly = s.configVersion === s.newConfigVersion && (s.configVersion !== p.configVersion || s.newConfigVersion !== p.newConfigVersion);
  return isVersionOnly ? versionKey(s.configVersion) : null;
}

interface Memory {
  /** Per configserver, its answers over time (the last one open). */
  readonly spans: Map<string, Span[]>;
  /** Per client: per configserver, its latest link's connection and when it was first seen. */
  readonly links: Map<string, Map<string, { readonly connId: number; readonly sinceUs: number }>>;
  /**
   * Per client, its current incarnation's versions asked with (the short cut's excuse): a restart starts an empty set
   * (incarnations only grow, so an older incarnation's set is never read again).
   */
  readonly asked: Map<string, { readonly inc: number; readonly versions: Set<number> }>;
  /** Per client: the state seen last and its incarnation (states are immutable: the same object is no step), updated in place. */
  readonly last: Map<string, { s: ClientState; inc: number }>;
  /**
   * Per configserver: what its last noted answer was made from (up, phase, table object), updated in place. Most of its
   * steps (heartbeats, loops) keep all three, and the answer is a function of them (the floor is the run's).
   */
  readonly noted: Map<string, { isUp: boolean; phase: CsState['phase'] | null; table: CsState['table'] | null }>;
}

const newMemory = (): Memory => ({ spans: new Map(), links: new Map(), asked: new Map(), last: new Map(), noted: new Map() });

/** Record what configserver `n` answers now (a down one answers nothing). */
function noteConfigserver(view: TairView, m: Memory, n: NodeView<TairState>, minConfigVersion: number, isRemembering: boolean): void {
  const s = isCs(n.state) ? n.state : undefined;
  const noted = m.noted.get(n.id);
  const phase = s === undefined ? null : s.phase;
  const table = s === undefined ? null : s.table;
  // The same inputs give the same answer, which the open span already holds.
  if (isRemembering && noted !== undefined && noted.isUp === n.isUp && noted.phase === phase && noted.table === table) return;
  if (noted === undefined) m.noted.set(n.id, { isUp: n.isUp, phase, table });
  else { noted.isUp = n.isUp; noted.phase = phase; noted.table = table; }
  const answer = n.isUp && s !== undefined ? answerOf(s, minConfigVersion) : 'down';
  let list = m.spans.get(n.id);
  if (list === undefined) { list = []; m.spans.set(n.id, list); }
  const last = list[list.length - 1];
  if (last !== undefined && last.answer === answer) return;
  if (last !== undefined) last.toUs = view.nowUs;
  list.push({ answer, fromUs: view.nowUs, toUs: null });
}

/** Did configserver `id` give `answer` at some time in [fromUs, toUs]? */
function answered(m: Memory, id: string, answer: string, fromUs: number, toUs: number): boolean {
  const list = m.spans.get(id) ?? [];
  return list.some((sp) => sp.answer === answer && sp.fromUs <= toUs && (sp.toUs === null || sp.toUs >= fromUs));
}

/** Record the client's links (a new connection id is a new dial) and, at a poll, the version it asks with. */
function noteClient(view: TairView, m: Memory, id: string, inc: number, p: ClientState | undefined, s: ClientState, isRemembering: boolean): void {
  // The previous state's link table, noted at the previous step, holds the same connections: nothing new to record.
  if (!isRemembering || p === undefined || s.links !== p.links) {
    let links = m.links.get(id);
    if (links === undefined) { links = new Map(); m.links.set(id, links); }
    for (const cs of CS_IDS) {
      // A closed link's record stays until the next dial replaces it: a message delivered before a trigger paused the
      // client is handled on resume (sim/dispatch.ts), possibly after its conn-closed.
      const l = s.links[cs];
      if (l !== undefined && links.get(cs)?.connId !== l.connId) links.set(cs, { connId: l.connId, sinceUs: view.nowUs });
    }
  }
  let asked = m.asked.get(id);
  if (asked === undefined || asked.inc !== inc) m.asked.set(id, (asked = { inc, versions: new Set() }));
  // A poll moves lastRefreshUs and sends newConfigVersion (client.ts poll); the boot's first poll has no previous state.
  if (p === undefined || s.lastRefreshUs !== p.lastRefreshUs || s.csIndex !== p.csIndex) asked.versions.add(s.newConfigVersion);
}

export function getGroupProblem(view: TairView, m: Memory, id: string, inc: number, p: ClientState, s: ClientState): string | null {
  const taken = takenAnswer(p, s);
  if (taken === null) return null;
  const asked = m.asked.get(id);
  if (taken.startsWith('version ') && asked !== undefined && asked.inc === inc && asked.versions.has(s.configVersion)) return null;
  const links = m.links.get(id) ?? new Map<string, { readonly connId: number; readonly sinceUs: number }>();
  for (const [cs, l] of links) if (answered(m, cs, taken, l.sinceUs, view.nowUs)) return null;
  const what = taken.startsWith('table ') ? `the table ${versionsOf(s.table)}` : `client version ${s.configVersion} without a table`;
  return `${id} took ${what}, which no configserver answered while the client held its link to it (a not-ready configserver answers the version only, a ready one with a built table the table)`;
}

/**
 * One node's part of the check: a configserver's answer is recorded, a client's step judged. `isRemembering`: skip
 * re-noting a configserver whose up, phase and table object stand, and a client's links when its link table is the
 * previous state's (the full check, for tests, notes every step afresh).
 */
function makeCheckNode(isRemembering: boolean): (view: TairView, n: NodeView<TairState>) => string | null {
  const memoryOf = perRun<Memory>(newMemory);
  return (view, n) => {
    const m = memoryOf(view);
    if (n.kind === 'configserver') {
      noteConfigserver(view, m, n, runOptions<TairOptions>(view)?.minConfigVersion ?? defaultTairOptions.minConfigVersion, isRemembering);
      return null;
    }
    if (n.kind !== 'client' || !n.isUp || !isClient(n.state)) return null;
    const last = m.last.get(n.id);
    if (last !== undefined && last.s === n.state) return null;
    // A restart's first state is no step from the previous incarnation's last.
    const p = last !== undefined && last.inc === n.incarnation ? last.s : undefined;
    if (last === undefined) m.last.set(n.id, { s: n.state, inc: n.incarnation });
    else { last.s = n.state; last.inc = n.incarnation; }
    noteClient(view, m, n.id, n.incarnation, p, n.state, isRemembering);
    return p === undefined ? null : getGroupProblem(view, m, n.id, n.incarnation, p, n.state);
  };
}

const NAME = 'get-group-answered';
const DESCRIPTION = 'a client takes a table only as a ready configserver held it (at min_config_version or above), and a version without the table only from one not ready, unbuilt, or asked at that version (find_group_host)';

// Per node: called for the configservers and clients an event changed (a configserver's answers change only when its
// state or liveness does, so the record is complete), or for every node in a full check.
export const getGroupAnswered: Invariant<TairState> = nodeInvariant(NAME, DESCRIPTION, makeCheckNode(true), { kinds: ['configserver', 'client'] });
/** The same check noting every step afresh (test/protocols/tair/get-group-answered.test.ts compares the two). */
export const getGroupAnsweredFull: Invariant<TairState> = nodeInvariant(NAME, DESCRIPTION, makeCheckNode(false), { kinds: ['configserver', 'client'] });
