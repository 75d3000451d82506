// `replisim run <scenario|file> [--seed N] [--bug ID]... [--check-determinism] [--trace]`: one scripted scenario, its expectations, an exit code.
import { paint as chalk } from './output.ts';
import { loadScenario, validateScenario } from '../load.ts';
import { findProtocol } from '../registry.ts';
import { EXIT, runScenario } from '../scenario.ts';
import { WorkerPool } from '../pool.ts';
import { describeDivergence, runTwice } from '../determinism.ts';
import { FAILURE_DIR, isFailureFile, readFailureFileChecked, writeFailureFile } from '../failure-file.ts';
import { checkOutputDir } from '../output-paths.ts';
import { InputError } from '../errors.ts';
import { boolFlag, intFlag, listFlag, parseFlags } from './args.ts';
import { err, escapeControl, failureLines, firstLine, out, replayCommand, resolveBugs, traceLine } from './output.ts';
import { printSummary, recorderFor, recorderOverrides, reportRequest, writeRunReport, REPORT_FLAGS } from './report.ts';

export const RUN_USAGE = 'replisim run <scenario name | file.json> [--seed N] [--bug ID]... [--check-determinism] [--trace] [--report html|json|junit --out FILE]';

export async function runCommand(argv: readonly string[]): Promise<number> {
  const p = parseFlags('run', argv, {
    seed: { type: 'string' }, bug: { type: 'string', multiple: true }, 'check-determinism': { type: 'boolean' }, trace: { type: 'boolean' }, ...REPORT_FLAGS,
  }, 1);
  if (boolFlag(p, 'help')) return out(`usage: ${RUN_USAGE}`), EXIT.pass;
  const name = p.positionals[0];
  if (name === undefined) throw new InputError(`run: missing scenario (usage: ${RUN_USAGE})`);
  // A failure file runs its embedded scenario (the exact failing run).
  const s = isFailureFile(name) ? (() => {
    // run accepts an edited failure file (it runs the scenario as it now is, with no recorded outcome to match); it says so.
    const { file: f, editNote } = readFailureFileChecked(name);
    if (editNote !== null) err(`replisim: note: ${name}: ${editNote}; running its scenario as it is now`);
    return validateScenario(`${name} (scenario)`, f.scenario, f.source);
  })() : loadScenario(name);
  const protocol = findProtocol(s.protocol)!;
  const seed = intFlag('run', p, 'seed', 0, 2 ** 31 - 1) ?? s.seed;
  const bugs = [...new Set([...s.bugs, ...resolveBugs(protocol, listFlag(p, 'bug'), 'run: --bug')])];
  const req = reportRequest(p, 'run');
  checkOutputDir('run: failure files', FAILURE_DIR);

  if (boolFlag(p, 'check-determinism')) {
    const pool = new WorkerPool(2);
    try {
      const { divergence } = await runTwice(pool, { kind: 'scenario', raw: s.raw, file: s.file, seed, bugs });
      if (divergence !== null) {
        const nodes = protocol.nodes({ ...protocol.defaultOptions, ...s.options }).map((n) => n.id as string);
        for (const line of describeDivergence(divergence, (r) => traceLine(r, nodes))) out(line);
        const path = writeFailureFile({
          origin: 'scenario', source: s.name, protocol: s.protocol, seed, bugs, scenario: { ...s.raw, seed, bugs },
          verdict: 'pass', violation: { name: 'nondeterminism', message: `trace hashes differ: ${divergence.hashA} vs ${divergence.hashB}`, eventIndex: divergence.eventIndex },
          traceHash: divergence.hashA, exitCode: EXIT.nondeterminism,
        });
        for (const line of failureLines({ seed, protocol: s.protocol, bugs, verdict: 'nondeterminism', what: `first differing event #${divergence.eventIndex}`, failurePath: path })) out(line);
        return EXIT.nondeterminism;
      }
      out(chalk.green('deterministic: two runs in different workers gave the same trace hash'));
    } finally {
      await pool.close();
    }
  }

  const recorder = recorderFor(req, protocol, s.options);
  const started = Date.now();
  const o = runScenario(s, { seed, bugs, run: { ...(boolFlag(p, 'trace') ? { traceFull: true } : {}), ...recorderOverrides(recorder) } });
  const r = o.result;
  const recording = recorder?.finish(r) ?? null;
  if (boolFlag(p, 'trace')) {
    const nodes = Object.keys(r.finalStates);
    for (const rec of r.trace) out(traceLine(rec, nodes));
  }
  const unmet = o.expectations.filter((e) => !e.isMet).map((e) => e.text);
  const failurePath = o.isPassed ? null : writeFailureFile({
    origin: 'scenario', source: s.name, protocol: s.protocol, seed, bugs, scenario: { ...s.raw, seed, bugs },
    verdict: r.verdict, violation: r.violation && { name: r.violation.name, message: r.violation.message, eventIndex: r.violation.eventIndex },
    traceHash: r.traceHash, exitCode: o.exitCode,
  });
  const ctx = { title: `${s.name}: ${s.description}`, isPassed: o.isPassed, failures: unmet, timeSeconds: (Date.now() - started) / 1000, ...(failurePath !== null ? { replayCommand: replayCommand(failurePath) } : {}) };
  // The replay command is printed once, in the FAIL block below; the report files carry it too.
  printSummary(r, recording, { ...ctx, replayCommand: undefined });
  out('expectations:');
  for (const e of o.expectations) out(`  ${e.isMet ? chalk.green('✓') : chalk.red('✗')} ${escapeControl(e.text)} — ${escapeControl(e.detail)}`);
  writeRunReport(req, r, recording, ctx);
  if (failurePath === null) {
    out(chalk.green(`PASS ${escapeControl(s.name)}`));
    return EXIT.pass;
  }
  for (const line of failureLines({ seed, protocol: s.protocol, bugs, verdict: r.verdict, what: `${r.violation ? `${r.violation.name}: ${firstLine(r.violation.message)}; ` : ''}unmet: ${unmet.join('; ')}`, failurePath })) out(line);
  return o.exitCode;
}
