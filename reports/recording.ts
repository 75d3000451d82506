// What a recorded run holds for the reports: the RunResult plus node states, roles and counters captured per event.
import type { RunResult } from '../sim/index.ts';

/** Bumped when the shape of RunRecording changes in a way readers must know about. */
export const RECORDING_VERSION = 1;

/**
 * One change to a JSON value, at a path of object keys / array indexes ([] = the whole value):
 * - ['s', path, value]              set (value is JSON-safe; null for a node that is down)
 * - ['d', path]                     delete an object key
 * - ['t', path, keepLength, items]  truncate the array at path to keepLength, then append items
 */
export type DiffOp =
  | readonly ['s', readonly (string | number)[], unknown]
  | readonly ['d', readonly (string | number)[]]
  | readonly ['t', readonly (string | number)[], number, readonly unknown[]];

/** The node states changed by one event: [eventIndex, nodeIndex, ops]. */
export type StateDiff = readonly [number, number, readonly DiffOp[]];

/**
 * A run of consecutive events' state changes. `base` holds every node's JSON state just before
 * `firstEvent` (null = down), so a chunk can be replayed on its own.
 */
export interface StateChunk {
  readonly firstEvent: number;
  lastEvent: number;
  readonly base: readonly unknown[];
  readonly diffs: StateDiff[];
  /** JSON size of base + diffs, in bytes (UTF-16 code units, close enough for budgeting). */
  bytes: number;
}

/** Events whose states were dropped to stay within the state budget (inclusive range). */
export interface StateGap { readonly fromEvent: number; readonly toEvent: number }

export interface StateLog {
  readonly chunks: readonly StateChunk[];
  readonly gaps: readonly StateGap[];
  readonly bytes: number;
}

/** The protocol's roles after an event, recorded only when they change. */
export interface RoleChange {
  readonly event: number;
  readonly atUs: number;
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

/** Per-node counts taken from the trace records as they happened. */
export interface NodeCounters {
  messagesSent: number;
  messagesReceived: number;
  dropsTo: number;
  crashes: number;
  boots: number;
  pauses: number;
}

/** The first node seen in a leader-like role (leader, master, primary). */
export interface FirstLeader {
  readonly role: string;
  readonly node: string;
  readonly event: number;
  readonly atUs: number;
}

export interface RunRecording {
  readonly recordingVersion: typeof RECORDING_VERSION;
  readonly result: RunResult;
  readonly nodes: readonly { readonly id: string; readonly kind: string }[];
  readonly states: StateLog;
  readonly roles: readonly RoleChange[];
  readonly firstLeader: FirstLeader | null;
  readonly counters: Readonly<Record<string, NodeCounters>>;
  /** What was sampled or left out, in words, for the reader of a report. */
  readonly notes: readonly string[];
}

/** Role names taken to mean "the one node in charge", in order of preference. */
export const LEADER_ROLES: readonly string[] = ['leader', 'master', 'primary'];

export const isRecording = (x: RunResult | RunRecording): x is RunRecording => 'recordingVersion' in x;
export const resultOf = (x: RunResult | RunRecording): RunResult => (isRecording(x) ? x.result : x);
