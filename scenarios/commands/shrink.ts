// `replisim shrink <failure.json> [--out FILE] [--runs N] [--time-budget D]`: the smallest scenario that still breaks the
// same invariant, written as a scenario file `run` accepts, then run once more the way `run` runs it to prove it does.
// A clean protocol's failure expects a pass (a regression test: it fails until the bug is fixed); a bug flag's failure
// expects its violation by name (a bug scenario: it passes while the flag is caught, and its clean variant passes).
import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, basename, join, relative } from 'node:path';
import { paint as chalk } from './output.ts';
import { formatUs } from '../../sim/index.ts';
import { findProtocol } from '../registry.ts';
import { InputError } from '../errors.ts';
import { checkOutputFile } from '../output-paths.ts';
import { EXIT, runScenario } from '../scenario.ts';
import { readFailureFile } from '../failure-file.ts';
import { shrinkScenario } from '../shrink.ts';
import { isSameFailure, outcomeText } from '../shrink-accept.ts';
import { validateScenario } from '../load.ts';
import { boolFlag, durationFlag, intFlag, parseFlags, stringFlag } from './args.ts';
import { out } from './output.ts';

export const SHRINK_USAGE = 'replisim shrink <failure.json> [--out FILE] [--runs N] [--time-budget D]';
const SHRINK_NOTE = '  keeps a candidate only if it fails with the same verdict and violation name and its control run passes (bug flags\n' +
  '  off; for a clean safety violation, safety checks off). --runs N: at most N simulations (default 2000; a candidate that\n' +
  '  fails the same way costs two). --time-budget D: default 2m.';

export function shrinkCommand(argv: readonly string[]): number {
  const p = parseFlags('shrink', argv, { out: { type: 'string' }, runs: { type: 'string' }, 'time-budget': { type: 'string' } }, 1);
  if (boolFlag(p, 'help')) return out(`usage: ${SHRINK_USAGE}\n${SHRINK_NOTE}`), EXIT.pass;
  const file = p.positionals[0];
  if (file === undefined) throw new InputError(`shrink: missing failure file (usage: ${SHRINK_USAGE})`);
  const runsMax = intFlag('shrink', p, 'runs', 1, 1_000_000) ?? 2_000;
  const timeBudgetMs = (durationFlag('shrink', p, 'time-budget') ?? 120_000_000) / 1000;
  const f = readFailureFile(file);
  if (f.verdict === 'pass') throw new InputError(`shrink: ${file}: the recorded run passed (${f.violation?.name ?? 'an unmet expectation'}); only a failing verdict can be shrunk`);
  const protocol = findProtocol(f.protocol);
  if (protocol === undefined) throw new InputError(`shrink: ${file}: protocol "${f.protocol}" is not registered`);
  validateScenario(`${file} (scenario)`, f.scenario);
  const target = { verdict: f.verdict, name: f.violation?.name ?? null };
  const what = `${target.verdict}${target.name ? ` (${target.name})` : ''}`;
  const outPath = stringFlag(p, 'out') ?? join(dirname(file), basename(file).replace(/\.json$/, '') + '.shrunk.json');
  checkOutputFile('shrink: --out', outPath);

  const r = shrinkScenario(f.scenario, protocol, target, { runsMax, timeBudgetMs });
  if (!r.isReproduced) {
    out(chalk.red(`shrink: ${file} no longer fails the same way: recorded ${what}, got ${outcomeText(r.final)}`));
    out(`  check with: npx replisim replay ${file}`);
    return EXIT.nondeterminism;
  }
  const isBugFlag = f.bugs.length > 0;
  const scenario = {
    ...r.scenario,
    description: `shrunk from ${f.source} (${what}); ${isBugFlag ? `expects that ${what}; its clean variant (no bug flags) passes` : 'expects a pass, so it fails until the bug is fixed'}`,
    seed: f.seed,
    expect: [isBugFlag ? { verdict: target.verdict, ...(target.name !== null ? { name: target.name } : {}) } : { verdict: 'pass' }],
  };
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(scenario, null, 2)}\n`);
  renameSync(tmp, outPath);
  out(`shrunk ${f.source}, still ${what}, in ${r.runs} runs${r.isBudgetExhausted ? ' (budget used up; smaller may exist)' : ''}:`);
  for (const l of r.log) out(`  ${l}`);
  out(`  fault steps ${r.before.steps} → ${r.after.steps}, fault phase ${formatUs(r.before.durationUs)} → ${formatUs(r.after.durationUs)}, client operations ${r.before.clientOps} → ${r.after.clientOps}`);
  out(`scenario written: ${relative(process.cwd(), outPath) || outPath}`);
  out(r.control !== null ? `  every kept candidate failed the same way and passed ${r.control.label}` : `  ${r.controlNote ?? 'no control run'}`);
  // The file as `replisim run` reads it must be the run the shrinker kept: same failure, same trace hash.
  const rerun = runScenario(validateScenario(outPath, JSON.parse(JSON.stringify(scenario)))).result;
  if (!isSameFailure(rerun, target) || rerun.traceHash !== r.final.traceHash) {
    out(chalk.red(`shrink: the written scenario does not run as shrunk: got ${outcomeText(rerun)} / trace ${rerun.traceHash}, shrunk ${outcomeText(r.final)} / trace ${r.final.traceHash}`));
    return EXIT.nondeterminism;
  }
  out(`  checked: it runs to ${outcomeText(rerun)}, trace hash ${rerun.traceHash}`);
  out(`run it: npx replisim run ${relative(process.cwd(), outPath) || outPath}`);
  return EXIT.pass;
}
