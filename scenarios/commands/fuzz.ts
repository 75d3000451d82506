// `replisim fuzz --protocol P ...`: a fuzz campaign over a seed range in worker threads, with progress, failure files,
// a summary with one replay command per failure, and a resume hint when stopped early (Ctrl-C, time budget, first failure).
import { availableParallelism } from 'node:os';
import { paint as chalk } from './output.ts';
import { findProtocol, registeredProtocols } from '../registry.ts';
import { InputError, suggest } from '../errors.ts';
import { EXIT } from '../scenario.ts';
import { parseShard, shardSeedCount } from '../shard.ts';
import { startCampaign, worstExitCode, type CampaignResult } from '../fuzz-campaign.ts';
import { toResults } from '../fuzz-results.ts';
import { FAILURE_DIR } from '../failure-file.ts';
import { checkOutputDir } from '../output-paths.ts';
import { codeVersion } from '../code-version.ts';
import { createProgress } from '../progress.ts';
import { anomalyLines } from '../anomaly-tally.ts';
import { describeDivergence } from '../determinism.ts';
import { boolFlag, durationFlag, faultsFlag, intFlag, listFlag, parseFlags, poolFlag, stringFlag } from './args.ts';
import { err, failureLines, firstLine, out, replayCommand, resolveBugs, traceLine } from './output.ts';
import { REPORT_FLAGS, reportRequest, writeJunitCases } from './report.ts';
import { campaignCoverageLines, markJunitCases, type JunitCase } from '../../reports/index.ts';

export const FUZZ_USAGE = 'replisim fuzz --protocol P [--seeds N] [--from S] [--jobs J] [--pool threads|processes] [--bug ID]... [--time-budget D] [--shard K/N] [--faults aimed|timed] [--guided] [--keep-going] [--check-determinism] [--json] [--report junit --out FILE]';
const SEEDS_DEFAULT = 100;
const SEED_MAX = 2 ** 31 - 1;

export async function fuzzCommand(argv: readonly string[]): Promise<number> {
  const p = parseFlags('fuzz', argv, {
    protocol: { type: 'string' }, seeds: { type: 'string' }, from: { type: 'string' }, jobs: { type: 'string' }, pool: { type: 'string' }, bug: { type: 'string', multiple: true },
    'time-budget': { type: 'string' }, faults: { type: 'string' }, shard: { type: 'string' }, 'keep-going': { type: 'boolean' }, 'check-determinism': { type: 'boolean' }, guided: { type: 'boolean' }, json: { type: 'boolean' }, ...REPORT_FLAGS,
  }, 0);
  if (boolFlag(p, 'help')) return out(`usage: ${FUZZ_USAGE}`), EXIT.pass;
  const name = stringFlag(p, 'protocol');
  const names = registeredProtocols().map((x) => x.name);
  if (name === undefined) throw new InputError(`fuzz: --protocol is required (registered: ${names.join(', ') || 'none'})`);
  const protocol = findProtocol(name);
  if (protocol === undefined) throw new InputError(`fuzz: --protocol: unknown protocol "${name}"${suggest(name, names)}`);
  const bugs = resolveBugs(protocol, listFlag(p, 'bug'), 'fuzz: --bug');
  const seeds = intFlag('fuzz', p, 'seeds', 1, SEED_MAX) ?? SEEDS_DEFAULT;
  const from = intFlag('fuzz', p, 'from', 0, SEED_MAX) ?? 1;
  if (from + seeds - 1 > SEED_MAX) throw new InputError(`fuzz: --from + --seeds goes past the largest seed ${SEED_MAX}`);
  const jobs = intFlag('fuzz', p, 'jobs', 1, 256) ?? Math.max(1, availableParallelism());
  const poolKind = poolFlag('fuzz', p);
  const budgetUs = durationFlag('fuzz', p, 'time-budget');
  const shardText = stringFlag(p, 'shard');
  const shard = shardText === undefined ? null : parseShard(shardText);
  const isJson = boolFlag(p, 'json');
  const faults = faultsFlag('fuzz', p);
  const req = reportRequest(p, 'fuzz', ['junit']);
  checkOutputDir('fuzz: failure files', FAILURE_DIR);
  // With --json, stdout carries only the results; people read stderr.
  const say = isJson ? err : out;

  const label = `fuzz${boolFlag(p, 'guided') ? ' --guided' : ''} ${protocol.name}${shard ? ` shard ${shard.index}/${shard.count}` : ''}`;
  const nodes = protocol.nodes(protocol.defaultOptions).map((n) => n.id as string);
  let progress: ReturnType<typeof createProgress> | null = null;
  const campaign = startCampaign({
    protocol, bugs, from, seeds, shard, jobs, poolKind, timeBudgetMs: budgetUs === undefined ? null : budgetUs / 1000,
    faults, isKeepGoing: boolFlag(p, 'keep-going'), isCheckingDeterminism: boolFlag(p, 'check-determinism'), isGuided: boolFlag(p, 'guided'),
    onSeedDone: (done, failures) => progress?.update(done, failures),
    onFailure: (f) => {
      const lines = [...(f.divergence ? describeDivergence(f.divergence, (r) => traceLine(r, nodes)) : []),
        ...failureLines({ seed: f.seed, protocol: protocol.name, bugs, verdict: f.verdict, what: `${f.name}: ${firstLine(f.message)}`, failurePath: f.failureFile })];
      for (const l of lines) progress?.log(l);
    },
  });
  progress = createProgress(label, shardSeedCount(from, seeds, shard));
  // SIGINT / SIGTERM arrive as 'replisim:stop' (bin/launch.js): the seeds in flight finish, then the resume line.
  let interrupts = 0;
  let signalExit = 130;
  const onStop = (sig: NodeJS.Signals): void => {
    interrupts++;
    signalExit = sig === 'SIGTERM' ? 143 : 130;
    if (interrupts > 1) process.exit(signalExit);
    progress?.log(`interrupted (${sig}): finishing the seeds in flight (${sig === 'SIGINT' ? 'Ctrl-C' : sig} again to quit at once)`);
    campaign.stop('interrupted');
  };
  process.on('replisim:stop' as 'SIGINT', onStop);
  let r: CampaignResult;
  try {
    r = await campaign.done;
  } finally {
    process.off('replisim:stop' as 'SIGINT', onStop);
    progress.stop();
  }
  printSummary(say, r, { protocol: protocol.name, bugs, from, seeds, shardText, jobs, isGuided: boolFlag(p, 'guided'), faults });
  writeJunitCases(req, [...r.seedsRun.map((seed): JunitCase => {
    const f = r.failures.find((x) => x.seed === seed);
    const verdict = f === undefined ? 'pass' as const : f.verdict === 'nondeterminism' ? 'crash' as const : f.verdict;
    return {
      name: `seed ${seed}`, classname: `replisim.fuzz.${protocol.name}`,
      result: { protocol: protocol.name, seed, bugs, verdict, violation: f === undefined ? null : { kind: verdict, name: f.name, message: f.message, eventIndex: f.divergence?.eventIndex ?? -1, atUs: 0, node: null } },
      ...(f !== undefined ? { replayCommand: replayCommand(f.failureFile), isPassed: false } : {}),
    };
  }), ...markJunitCases(r.coverage, protocol.name, bugs)], `replisim fuzz ${protocol.name}`);
  if (isJson) out(JSON.stringify(toResults(r, { protocol: protocol.name, bugs, from, seeds, shard, codeVersion: codeVersion() }), null, 2));
  const code = worstExitCode(r.failures.map((f) => f.exitCode));
  return code === EXIT.pass && r.stopReason === 'interrupted' ? signalExit : code;
}

function printSummary(say: (l: string) => void, r: CampaignResult, a: { protocol: string; bugs: readonly string[]; from: number; seeds: number; shardText: string | undefined; jobs: number; isGuided: boolean; faults: string }): void {
  const perMin = Math.round((r.seedsRun.length * 60_000) / Math.max(1, r.elapsedMs));
  const c = r.counts;
  say(`${a.protocol}: ${r.seedsRun.length}/${r.total} seeds in ${(r.elapsedMs / 1000).toFixed(1)}s (${perMin} seeds/min, ${a.jobs} jobs): ` +
    `${c.pass} pass, ${c.violation} violation, ${c.liveness} liveness, ${c.crash} crash, ${c.nondeterminism} nondeterminism`);
  if (r.coverage.marks.length > 0 || r.coverage.keyCount > 0) for (const l of campaignCoverageLines(r.coverage)) say(l);
  for (const l of anomalyLines(r.anomalies, r.seedsRun.length)) say(l);
  // A plain clean seed is its own plan, so `shrink --protocol/--seed` rebuilds it; a guided seed ran a mutant.
  const first = r.anomalies[0];
  if (first !== undefined && !a.isGuided && a.bugs.length === 0) {
    say(`  one as a small scenario: npx replisim shrink --protocol ${a.protocol} --seed ${first.firstSeed}${a.faults !== 'aimed' ? ` --faults ${a.faults}` : ''} --anomaly ${first.name}`);
  }
  for (const f of r.failures) for (const l of failureLines({ seed: f.seed, protocol: a.protocol, bugs: a.bugs, verdict: f.verdict, what: `${f.name}: ${firstLine(f.message)}`, failurePath: f.failureFile })) say(l);
  if (r.resumeFrom !== null) {
    const end = a.from + a.seeds;
    const flags = [`--protocol ${a.protocol}`, ...a.bugs.map((b) => `--bug ${b}`), `--from ${r.resumeFrom}`, `--seeds ${end - r.resumeFrom}`, ...(a.shardText ? [`--shard ${a.shardText}`] : []), ...(a.faults !== 'aimed' ? [`--faults ${a.faults}`] : []), ...(a.isGuided ? ['--guided'] : [])];
    const why = { failure: 'stopped at the first failure (--keep-going runs on)', 'time-budget': 'time budget used up', interrupted: 'interrupted', done: '' }[r.stopReason];
    say(chalk.yellow(`${why}; resume with: npx replisim fuzz ${flags.join(' ')}`));
  }
  if (r.failures.length === 0 && r.stopReason === 'done') say(chalk.green(`PASS no failures in ${r.seedsRun.length} seeds`));
}
