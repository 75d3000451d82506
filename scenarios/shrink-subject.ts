// What a failure is about, beyond its check's name: the node (and entity, key...) its detail names first. The shrinker
// holds candidates to it (shrink-accept.ts) because a check name alone lets a shrink drift to another bug: paxosstore
// seed 2061372 failed all-caught-up for "a1 e2"; a candidate failing all-caught-up for "a3 e0" is a different lag with a
// different cause, and a user replaying the shrunk file would debug that one instead.
import type { RunResult } from '../sim/index.ts';

/** The subject of a failure: compared as a whole; `nodes` are the run's node ids (a name like "agent" has no digit). */
export interface FailureSubject {
  readonly text: string;
  readonly nodes: readonly string[];
}

/** An identifier such as a1, n3, cs0, e2, k0: letters then digits. */
const IDENT = /^[A-Za-z]+\d+$/;

/**
 * The part of the message that is the failing check's own detail. A liveness failure's message lists every unmet
 * predicate ("liveness not reached within 30s after heal: all-caught-up: a1 e2 committed 0 < ...; other: ..."): the
 * named predicate's entry, up to the next one. A crash's first line (error name and message; the stack follows). Else
 * the whole message (an invariant's own words).
 */
export function detailOf(v: Pick<NonNullable<RunResult['violation']>, 'kind' | 'name' | 'message'>): string {
  if (v.kind === 'crash') return v.message.split('\n')[0] ?? '';
  if (v.kind !== 'liveness') return v.message;
  const at = v.message.indexOf(`${v.name}: `);
  return at < 0 ? '' : v.message.slice(at + v.name.length + 2).split('; ')[0]!;
}

/**
 * The identifiers the detail starts with, up to its first ordinary word ("a1 e2 committed 0 < cluster max chosen 23" →
 * "a1 e2"; "e0: no tail write applied" → "e0"; "n1 and n2 delivered different txns" → "n1"), preceded by the node the
 * kernel blamed, if any (a crash's handler node). Only leading identifiers: later ones are often lists (which nodes
 * fsynced, which copies were lost) or ids of client operations, which a smaller run legitimately changes. Numbers
 * (entries, versions, counts) are quantities, never the subject.
 */
export function subjectOf(v: RunResult['violation'], nodes: readonly string[]): string {
  if (v === null) return '';
  const known = new Set(nodes);
  const lead: string[] = [];
  for (const raw of detailOf(v).split(/[\s,:;()[\]]+/)) {
    if (raw === '') continue;
    const id = raw.replace(/'s$/, ''); // "n1's queued notification"
    if (!IDENT.test(id) && !known.has(id)) break;
    lead.push(id);
  }
  return [...(v.node !== null ? [`node ${v.node}:`] : []), ...lead].join(' ');
}
