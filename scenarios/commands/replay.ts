// `replisim replay <failure.json | --protocol P --seed N [--bug ID]>`: the same run again, checked against the recorded
// verdict and trace hash; --until-event E stops there and prints every node's state; --trace prints the event log.
import chalk from 'chalk';
import { formatUs } from '../../sim/index.ts';
import type { RunResult } from '../../sim/index.ts';
import { findProtocol, registeredProtocols } from '../registry.ts';
import { InputError, suggest } from '../errors.ts';
import { EXIT, runScenario, verdictExitCode } from '../scenario.ts';
import { validateScenario } from '../load.ts';
import { readFailureFile, type FailureFile } from '../failure-file.ts';
import { runFuzzSeed } from '../fuzz-run.ts';
import { boolFlag, intFlag, listFlag, parseFlags, stringFlag } from './args.ts';
import { firstLine, out, resolveBugs, traceLine } from './output.ts';
import { writeReportIfAsked, reportRequest, REPORT_FLAGS } from './report.ts';

export const REPLAY_USAGE = 'replisim replay <failure.json | --protocol P --seed N [--bug ID]...> [--until-event E] [--trace [--node N]...] [--report html|json|junit --out FILE]';

export async function replayCommand(argv: readonly string[]): Promise<number> {
  const p = parseFlags('replay', argv, {
    protocol: { type: 'string' }, seed: { type: 'string' }, bug: { type: 'string', multiple: true },
    'until-event': { type: 'string' }, trace: { type: 'boolean' }, node: { type: 'string', multiple: true }, ...REPORT_FLAGS,
  }, 1);
  if (boolFlag(p, 'help')) return out(`usage: ${REPLAY_USAGE}`), EXIT.pass;
  reportRequest(p, 'replay');
  const untilEvent = intFlag('replay', p, 'until-event', 0, Number.MAX_SAFE_INTEGER);
  const isTrace = boolFlag(p, 'trace');
  const nodesWanted = listFlag(p, 'node');
  if (nodesWanted.length > 0 && !isTrace) throw new InputError('replay: --node filters --trace; add --trace');
  const run = { ...(isTrace || untilEvent !== undefined ? { traceFull: true } : {}), ...(untilEvent !== undefined ? { stopAfterEvent: untilEvent } : {}) };

  const file = p.positionals[0];
  let result: RunResult;
  let expected: FailureFile | null = null;
  if (file !== undefined) {
    if (stringFlag(p, 'protocol') !== undefined || stringFlag(p, 'seed') !== undefined) throw new InputError('replay: give a failure file or --protocol/--seed, not both');
    expected = readFailureFile(file);
    const s = validateScenario(`${file} (scenario)`, expected.scenario, expected.source);
    result = runScenario(s, { run }).result;
  } else {
    const name = stringFlag(p, 'protocol');
    const seed = intFlag('replay', p, 'seed', 0, 2 ** 31 - 1);
    if (name === undefined || seed === undefined) throw new InputError(`replay: expected a failure file, or --protocol and --seed (usage: ${REPLAY_USAGE})`);
    const protocol = findProtocol(name);
    if (protocol === undefined) throw new InputError(`replay: --protocol: unknown protocol "${name}"${suggest(name, registeredProtocols().map((x) => x.name))}`);
    result = runFuzzSeed({ protocol, seed, bugs: resolveBugs(protocol, listFlag(p, 'bug'), 'replay: --bug'), run });
  }
  const protocol = findProtocol(result.protocol)!;
  const nodes = Object.keys(result.finalStates);
  for (const n of nodesWanted) if (!nodes.includes(n)) throw new InputError(`replay: --node: unknown node "${n}"${suggest(n, nodes)}`);

  if (isTrace) {
    for (const r of result.trace) if (nodesWanted.length === 0 || (r.node !== null && nodesWanted.includes(r.node))) out(traceLine(r, nodes));
  }
  out(`replay ${result.protocol} seed ${result.seed} bugs ${result.bugs.length > 0 ? result.bugs.join(',') : 'none'}: ${result.events} events, virtual ${formatUs(result.virtualDurationUs)}, trace ${result.traceHash}`);
  out(`  verdict ${result.verdict}${result.violation ? `: ${result.violation.name} at event #${result.violation.eventIndex}: ${firstLine(result.violation.message)}` : ''}`);
  await writeReportIfAsked(p, 'replay', result, protocol);

  if (untilEvent !== undefined) {
    out(`stopped after event #${untilEvent} at ${formatUs(result.virtualDurationUs)}; roles ${JSON.stringify(result.finalRoles)}`);
    for (const [id, st] of Object.entries(result.finalStates)) out(`--- ${id}${st === null ? ' (down)' : ''}\n${st === null ? '' : JSON.stringify(st, null, 2)}`);
    return EXIT.pass;
  }
  if (expected !== null) {
    const isSame = expected.traceHash === result.traceHash && expected.verdict === result.verdict;
    if (!isSame) {
      out(chalk.red(`NOT REPRODUCED: recorded ${expected.verdict} / trace ${expected.traceHash}, got ${result.verdict} / trace ${result.traceHash}`));
      if (expected.codeVersion !== undefined) out(`  the failure was recorded by ${expected.codeVersion}`);
      return EXIT.nondeterminism;
    }
    out(chalk.green(`reproduced: same verdict and trace hash ${result.traceHash}`));
    return expected.exitCode;
  }
  return verdictExitCode(result.verdict);
}
