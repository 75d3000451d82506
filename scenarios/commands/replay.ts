// `replisim replay <failure.json | --protocol P --seed N [--bug ID] [--faults aimed|timed]>`: the same run again, checked
// against the recorded verdict and trace hash; --until-event E stops there and prints every node's state; --trace prints
// the event log. By seed, the flags that choose a seed's plan are those fuzz took: --bug and --faults (perturbed options
// follow from the seed under aimed faults). A --guided seed ran a mutated plan the seed alone does not give: replay its file.
import { paint as chalk } from './output.ts';
import { formatUs, runSimulation } from '../../sim/index.ts';
import type { RunResult } from '../../sim/index.ts';
import { findProtocol, registeredProtocols } from '../registry.ts';
import { InputError, suggest } from '../errors.ts';
import { EXIT, runScenario, verdictExitCode } from '../scenario.ts';
import { validateScenario } from '../load.ts';
import { readFailureFile, type FailureFile } from '../failure-file.ts';
import { codeVersion } from '../code-version.ts';
import { fuzzRunConfig, type FuzzFaults } from '../fuzz-run.ts';
import { boolFlag, faultsFlag, intFlag, listFlag, parseFlags, stringFlag } from './args.ts';
import { out, resolveBugs, traceLine } from './output.ts';
import { printSummary, recorderFor, recorderOverrides, reportRequest, writeRunReport, REPORT_FLAGS } from './report.ts';
import type { Recorder } from '../record-run.ts';

export const REPLAY_USAGE = 'replisim replay <failure.json | --protocol P --seed N [--bug ID]... [--faults aimed|timed]> [--until-event E] [--trace [--node N]...] [--report html|json|junit --out FILE]';
/** Printed under --help: which fuzz flags a seed needs to be the same run. */
const REPLAY_SEED_NOTE = '  by --seed, give the --bug and --faults flags fuzz ran with: they choose the seed\'s plan (and, under aimed faults, its\n' +
  '  perturbed options). --jobs, --from, --shard, --keep-going, --check-determinism do not change a seed\'s run. A --guided\n' +
  '  failure ran a mutated plan the seed alone does not give: replay its failure file instead.';

export async function replayCommand(argv: readonly string[]): Promise<number> {
  const p = parseFlags('replay', argv, {
    protocol: { type: 'string' }, seed: { type: 'string' }, bug: { type: 'string', multiple: true }, faults: { type: 'string' },
    'until-event': { type: 'string' }, trace: { type: 'boolean' }, node: { type: 'string', multiple: true }, ...REPORT_FLAGS,
  }, 1);
  if (boolFlag(p, 'help')) return out(`usage: ${REPLAY_USAGE}\n${REPLAY_SEED_NOTE}`), EXIT.pass;
  const req = reportRequest(p, 'replay');
  const untilEvent = intFlag('replay', p, 'until-event', 0, Number.MAX_SAFE_INTEGER);
  const isTrace = boolFlag(p, 'trace');
  const nodesWanted = listFlag(p, 'node');
  if (nodesWanted.length > 0 && !isTrace) throw new InputError('replay: --node filters --trace; add --trace');
  const runFor = (rec: Recorder | null) => ({
    ...(isTrace || untilEvent !== undefined ? { traceFull: true } : {}), ...(untilEvent !== undefined ? { stopAfterEvent: untilEvent } : {}), ...recorderOverrides(rec),
  });
  let recorder: Recorder | null = null;
  const started = Date.now();

  const file = p.positionals[0];
  let result: RunResult;
  let expected: FailureFile | null = null;
  let faults: FuzzFaults = 'aimed';
  if (file !== undefined) {
    if (stringFlag(p, 'protocol') !== undefined || stringFlag(p, 'seed') !== undefined) throw new InputError('replay: give a failure file or --protocol/--seed, not both');
    // The file's scenario already is the plan; a flag that chooses another plan would be silently ignored.
    for (const flag of ['bug', 'faults']) if (p.values[flag] !== undefined) throw new InputError(`replay: --${flag} chooses a fuzz seed's plan; a failure file carries its own (give --protocol/--seed instead of the file)`);
    expected = readFailureFile(file);
    const s = validateScenario(`${file} (scenario)`, expected.scenario, expected.source);
    recorder = recorderFor(req, findProtocol(s.protocol)!, s.options);
    result = runScenario(s, { run: runFor(recorder) }).result;
  } else {
    const name = stringFlag(p, 'protocol');
    const seed = intFlag('replay', p, 'seed', 0, 2 ** 31 - 1);
    if (name === undefined || seed === undefined) throw new InputError(`replay: expected a failure file, or --protocol and --seed (usage: ${REPLAY_USAGE})`);
    const protocol = findProtocol(name);
    if (protocol === undefined) throw new InputError(`replay: --protocol: unknown protocol "${name}"${suggest(name, registeredProtocols().map((x) => x.name))}`);
    const bugs = resolveBugs(protocol, listFlag(p, 'bug'), 'replay: --bug');
    faults = faultsFlag('replay', p);
    // The recorder lists the seed's own nodes: its perturbed options may add acceptors or clients.
    const { config } = fuzzRunConfig({ protocol, seed, bugs, faults });
    recorder = recorderFor(req, protocol, config.options ?? {});
    result = runSimulation({ ...config, ...runFor(recorder) });
  }
  const nodes = Object.keys(result.finalStates);
  for (const n of nodesWanted) if (!nodes.includes(n)) throw new InputError(`replay: --node: unknown node "${n}"${suggest(n, nodes)}`);

  if (isTrace) {
    for (const r of result.trace) if (nodesWanted.length === 0 || (r.node !== null && nodesWanted.includes(r.node))) out(traceLine(r, nodes));
  }
  const recording = recorder?.finish(result) ?? null;
  const replayCmd = file !== undefined ? `npx replisim replay ${file}` : `npx replisim replay --protocol ${result.protocol} --seed ${result.seed}${result.bugs.map((b) => ` --bug ${b}`).join('')}${faults !== 'aimed' ? ` --faults ${faults}` : ''}`;
  const ctx = { title: `replay of ${expected?.source ?? `fuzz seed ${result.seed}`}`, isPassed: result.verdict === 'pass', failures: [], timeSeconds: (Date.now() - started) / 1000, replayCommand: replayCmd };
  printSummary(result, recording, ctx);
  writeRunReport(req, result, recording, ctx);

  if (untilEvent !== undefined) {
    const lastEvent = result.events - 1;
    // Events are numbered from 0; a run that ended first is said to have ended, not to have stopped where asked.
    out(lastEvent < untilEvent
      ? `the run ended at event #${lastEvent} (${formatUs(result.virtualDurationUs)}, verdict ${result.verdict}), before event #${untilEvent}; states at its end; roles ${JSON.stringify(result.finalRoles)}`
      : `stopped after event #${untilEvent} at ${formatUs(result.virtualDurationUs)}; roles ${JSON.stringify(result.finalRoles)}`);
    for (const [id, st] of Object.entries(result.finalStates)) out(`--- ${id}${st === null ? ' (down)' : ''}\n${st === null ? '' : JSON.stringify(st, null, 2)}`);
    return EXIT.pass;
  }
  if (expected !== null) {
    const isSame = expected.traceHash === result.traceHash && expected.verdict === result.verdict;
    if (!isSame) {
      out(chalk.red(`NOT REPRODUCED: recorded ${expected.verdict} / trace ${expected.traceHash}, got ${result.verdict} / trace ${result.traceHash}`));
      const now = codeVersion();
      out(expected.codeVersion === now || now.endsWith('+dirty')
        ? `  recorded by ${expected.codeVersion}; this is ${now}${expected.codeVersion === now && !now.endsWith('+dirty') ? ': same code, so the run is nondeterministic' : ''}`
        : `  recorded by ${expected.codeVersion}; this is ${now}: the code changed since`);
      return EXIT.nondeterminism;
    }
    out(chalk.green(`reproduced: same verdict and trace hash ${result.traceHash}`));
    return expected.exitCode;
  }
  return verdictExitCode(result.verdict);
}
