// `npm start`: every scripted scenario of every registered protocol, then a short fuzz of each, and one table.
// Exits non-zero when a scripted scenario misses its expectations.
import { availableParallelism } from 'node:os';
import { paint as chalk } from './commands/output.ts';
import { registeredProtocols, loadTestProtocolsFromEnv } from './registry.ts';
import { listScenarioNames, SCENARIO_ROOT } from './load.ts';
import { WorkerPool } from './pool.ts';
import { startCampaign, type CampaignResult } from './fuzz-campaign.ts';
import { InputError } from './errors.ts';
import { durationFlag, intFlag, parseFlags } from './commands/args.ts';
import { err, escapeControl, failureLines, firstLine, out } from './commands/output.ts';
import { writeFailureFile } from './failure-file.ts';
import { loadScenario } from './load.ts';
import type { JobOutcome } from './run-job.ts';
import { join } from 'node:path';

const FUZZ_TOTAL_US_DEFAULT = 30_000_000;
const FUZZ_SEEDS_MAX = 1_000_000;

interface Row { protocol: string; scripted: number; scriptedPassed: number; fuzz: CampaignResult | null }

export async function startMain(argv: readonly string[]): Promise<number> {
  const p = parseFlags('start', argv, { 'fuzz-time': { type: 'string' }, jobs: { type: 'string' } }, 0);
  const fuzzTotalUs = durationFlag('start', p, 'fuzz-time') ?? FUZZ_TOTAL_US_DEFAULT;
  const jobs = intFlag('start', p, 'jobs', 1, 256) ?? Math.max(1, availableParallelism());
  const protocols = registeredProtocols();
  if (protocols.length === 0) { out('no protocols registered'); return 0; }
  const names = listScenarioNames();
  const rows: Row[] = protocols.map((x) => ({ protocol: x.name, scripted: 0, scriptedPassed: 0, fuzz: null }));
  let isAllMet = true;

  out(chalk.bold(`scripted scenarios (${names.length})`));
  // One pool for everything: a worker's start-up (tsx, every protocol module) is paid once.
  const pool = new WorkerPool(jobs);
  try {
    const outcomes = await Promise.all(names.map(async (name) => ({ name, o: (await pool.run({ kind: 'scenario', path: join(SCENARIO_ROOT, `${name}.json`) })).outcome })));
    for (const { name, o } of outcomes) {
      const row = rows.find((r) => name.startsWith(`${r.protocol}/`))!;
      row.scripted++;
      if (o.isPassed) row.scriptedPassed++;
      else isAllMet = false;
      out(`  ${o.isPassed ? chalk.green('PASS') : chalk.red('FAIL')} ${name.padEnd(44)} ${o.verdict}${o.violation ? ` (${o.violation.name})` : ''}  ${o.elapsedMs}ms`);
      if (!o.isPassed) reportScenarioFailure(name, o);
    }

    const perProtocolMs = Math.max(1000, fuzzTotalUs / 1000 / protocols.length);
    out(chalk.bold(`\nfuzz: ${(perProtocolMs / 1000).toFixed(0)}s per protocol, ${jobs} jobs`));
    for (const [i, protocol] of protocols.entries()) {
      const c = startCampaign({
        protocol, bugs: [], from: 1, seeds: FUZZ_SEEDS_MAX, shard: null, jobs, timeBudgetMs: perProtocolMs, isKeepGoing: true, isCheckingDeterminism: false, pool,
        onFailure: (f) => { for (const l of failureLines({ seed: f.seed, protocol: protocol.name, bugs: [], verdict: f.verdict, what: `${f.name}: ${firstLine(f.message)}`, failurePath: f.failureFile })) out(`  ${l}`); },
      });
      const r = await c.done;
      rows[i]!.fuzz = r;
      out(`  ${protocol.name}: ${r.seedsRun.length} seeds, ${r.failures.length} failures`);
    }
  } finally {
    await pool.close();
  }

  out(chalk.bold('\nsummary'));
  out(`  ${'protocol'.padEnd(12)} ${'scripted'.padEnd(10)} ${'fuzz seeds'.padEnd(11)} ${'seeds/min'.padEnd(10)} fuzz failures`);
  for (const r of rows) {
    const f = r.fuzz;
    const perMin = f ? Math.round((f.seedsRun.length * 60_000) / Math.max(1, f.elapsedMs)) : 0;
    const scripted = `${r.scriptedPassed}/${r.scripted}`;
    out(`  ${r.protocol.padEnd(12)} ${(r.scriptedPassed === r.scripted ? chalk.green : chalk.red)(scripted.padEnd(10))} ${String(f?.seedsRun.length ?? 0).padEnd(11)} ${String(perMin).padEnd(10)} ${f && f.failures.length > 0 ? chalk.red(f.failures.map((x) => `seed ${x.seed} ${x.name}`).join(', ')) : '0'}`);
  }
  out(isAllMet ? chalk.green('\nevery scripted scenario met its expectations') : chalk.red('\nsome scripted scenarios missed their expectations (see FAIL lines)'));
  return isAllMet ? 0 : 1;
}

function reportScenarioFailure(name: string, o: JobOutcome): void {
  const s = loadScenario(name);
  const path = writeFailureFile({
    origin: 'scenario', source: s.name, protocol: s.protocol, seed: o.seed, bugs: [...o.bugs], scenario: { ...s.raw },
    verdict: o.verdict, violation: o.violation && { name: o.violation.name, message: o.violation.message, eventIndex: o.violation.eventIndex },
    traceHash: o.traceHash, exitCode: o.exitCode,
  });
  for (const e of o.expectations) if (!e.isMet) out(`       ${chalk.red('✗')} ${escapeControl(e.text)} — ${escapeControl(e.detail)}`);
  for (const l of failureLines({ seed: o.seed, protocol: o.protocol, bugs: o.bugs, verdict: o.verdict, what: o.violation ? `${o.violation.name}: ${firstLine(o.violation.message)}` : 'unmet expectations', failurePath: path })) out(`       ${l}`);
}

try {
  await loadTestProtocolsFromEnv();
  process.exitCode = await startMain(process.argv.slice(2));
} catch (e) {
  err(`replisim: ${e instanceof InputError ? escapeControl(e.message) : (e as Error).stack}`);
  process.exitCode = e instanceof InputError ? 2 : 4;
}
