// `replisim merge <results.json>... [--json] [--allow-incomplete]`: one summary of a sharded fuzz campaign (coverage,
// totals, every failure). Incomplete coverage (a shard missing or stopped early) exits 2 unless --allow-incomplete.
import { paint as chalk } from './output.ts';
import { EXIT } from '../scenario.ts';
import { readResults, mergeResults, coverageLine } from '../merge.ts';
import { campaignCoverageLines } from '../../reports/index.ts';
import { worstExitCode } from '../fuzz-campaign.ts';
import { anomalyLines } from '../anomaly-tally.ts';
import { boolFlag, parseFlags } from './args.ts';
import { err, failureLines, out } from './output.ts';

export function mergeCommand(argv: readonly string[]): number {
  const p = parseFlags('merge', argv, { json: { type: 'boolean' }, 'allow-incomplete': { type: 'boolean' } }, Number.MAX_SAFE_INTEGER);
  if (boolFlag(p, 'help')) return out('usage: replisim merge <results.json>... [--json] [--allow-incomplete]'), EXIT.pass;
  const m = mergeResults(p.positionals.map((path) => ({ path, results: readResults(path) })));
  const isComplete = m.missing.length === 0 && m.duplicated.length === 0 && m.outside.length === 0;
  if (boolFlag(p, 'json')) {
    out(JSON.stringify(m, null, 2));
  } else {
    const c = m.counts;
    out(`${m.protocol}: ${m.files} shard results, ${m.seedsRun} seed runs of ${m.seeds} (from ${m.from}); ${c.pass} pass, ${c.violation} violation, ${c.liveness} liveness, ${c.crash} crash, ${c.nondeterminism} nondeterminism`);
    out(`  ${m.seedsPerMinute} seeds/min across shards; code ${m.codeVersions.join(', ')}`);
    out(coverageLine(m));
    if (m.marks !== null) for (const l of campaignCoverageLines(m.marks)) out(l);
    for (const l of anomalyLines(m.anomalies ?? [], m.seedsRun)) out(l);
    for (const f of m.failures) for (const l of failureLines({ seed: f.seed, protocol: m.protocol, bugs: m.bugs, verdict: f.verdict, what: `${f.name}: ${f.message}`, failurePath: f.failureFile })) out(l);
    if (m.failures.length === 0) out(isComplete ? chalk.green('PASS no failures') : chalk.yellow('no failures in the seeds that ran, but coverage is incomplete'));
  }
  // Failing seeds are the more serious news; a campaign that did not cover its range has not passed either.
  const code = worstExitCode(m.failures.map((f) => f.exitCode));
  if (code !== EXIT.pass || isComplete) return code;
  if (boolFlag(p, 'allow-incomplete')) {
    err('merge: coverage is incomplete; accepted because of --allow-incomplete');
    return EXIT.pass;
  }
  err('merge: coverage is incomplete (see the coverage lines): exit 2. Pass --allow-incomplete to accept a partial campaign (e.g. shards stopped by --time-budget)');
  return EXIT.usage;
}
