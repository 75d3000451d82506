// Turns a check result into text a person can read: verdict, longest linearizable prefix, stuck operations.
import type { CheckResult, IllegalDetail, OpReport } from './types.ts';

export interface ExplainOptions {
  /** What positions count: 'line' for parsed log files, 'event' for a run's call/return sequence. */
  readonly positionName: string;
  /** Prefix operations listed before eliding the older ones. */
  readonly prefixShownMax: number;
}

const DEFAULT_EXPLAIN: ExplainOptions = { positionName: 'event', prefixShownMax: 12 };

export function formatInterval(op: Pick<OpReport, 'call' | 'ret'>, positionName: string): string {
  return op.ret === null ? `${positionName}s ${op.call}–end (outcome unknown)` : `${positionName}s ${op.call}–${op.ret}`;
}

function opLine(op: OpReport, positionName: string): string {
  return `client ${op.client}: ${op.text}  [${formatInterval(op, positionName)}]`;
}

export function formatIllegal(d: IllegalDetail, options: Partial<ExplainOptions> = {}): string[] {
  const o = { ...DEFAULT_EXPLAIN, ...options };
  const where = d.partition === null ? '' : ` (partition ${JSON.stringify(d.partition)})`;
  const out: string[] = [];
  out.push(`not linearizable${where}`);
  const n = d.longestPrefix.length;
  out.push(`longest linearizable prefix found: ${n} operation${n === 1 ? '' : 's'}, leaving the state ${d.stateAfterPrefix}`);
  const first = Math.max(0, n - o.prefixShownMax);
  if (first > 0) out.push(`  … ${first} earlier operation${first === 1 ? '' : 's'}`);
  for (let i = first; i < n; i++) out.push(`  ${i + 1}. ${opLine(d.longestPrefix[i]!, o.positionName)}`);
  out.push(`stuck: this operation returned before it could be placed:`);
  out.push(`  ${opLine(d.stuckAt, o.positionName)}`);
  out.push(`operations that could go next, and why none works (state ${d.stateAfterPrefix}):`);
  for (const c of d.candidates) out.push(`  - ${opLine(c, o.positionName)} — ${c.reason}`);
  return out;
}

/** One-paragraph verdict with the explanation for 'illegal' and the reason for 'unknown'. */
export function formatResult(r: CheckResult, options: Partial<ExplainOptions> = {}): string[] {
  const s = r.stats;
  const stats = `${s.ops} operations, ${s.partitions} partition${s.partitions === 1 ? '' : 's'}, ${s.steps} search steps, ${s.memoEntries} memo entries`;
  switch (r.verdict) {
    case 'ok': return [`linearizable (${stats})`];
    case 'illegal': return [...formatIllegal(r.detail, options), `(${stats})`];
    case 'unknown': return [`unknown: ${r.reason} (${stats})`];
    default: return r satisfies never;
  }
}
