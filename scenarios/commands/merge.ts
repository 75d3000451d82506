// `replisim merge <results.json>... [--json]`: one summary of a sharded fuzz campaign (coverage, totals, every failure).
import chalk from 'chalk';
import { EXIT } from '../scenario.ts';
import { readResults, mergeResults, coverageLine } from '../merge.ts';
import { worstExitCode } from '../fuzz-campaign.ts';
import { boolFlag, parseFlags } from './args.ts';
import { failureLines, out } from './output.ts';

export function mergeCommand(argv: readonly string[]): number {
  const p = parseFlags('merge', argv, { json: { type: 'boolean' } }, Number.MAX_SAFE_INTEGER);
  if (boolFlag(p, 'help')) return out('usage: replisim merge <results.json>... [--json]'), EXIT.pass;
  const m = mergeResults(p.positionals.map((path) => ({ path, results: readResults(path) })));
  if (boolFlag(p, 'json')) {
    out(JSON.stringify(m, null, 2));
  } else {
    const c = m.counts;
    out(`${m.protocol}: ${m.files} shard results, ${m.seedsRun} seed runs of ${m.seeds} (from ${m.from}); ${c.pass} pass, ${c.violation} violation, ${c.liveness} liveness, ${c.crash} crash, ${c.nondeterminism} nondeterminism`);
    out(`  ${m.seedsPerMinute} seeds/min across shards; code ${m.codeVersions.join(', ')}`);
    out(coverageLine(m));
    for (const f of m.failures) for (const l of failureLines({ seed: f.seed, protocol: m.protocol, bugs: m.bugs, verdict: f.verdict, what: `${f.name}: ${f.message}`, failurePath: f.failureFile })) out(l);
    const isComplete = m.missing.length === 0 && m.duplicated.length === 0 && m.outside.length === 0;
    if (m.failures.length === 0) out(isComplete ? chalk.green('PASS no failures') : chalk.yellow('no failures in the seeds that ran, but coverage is incomplete'));
  }
  return worstExitCode(m.failures.map((f) => f.exitCode));
}
