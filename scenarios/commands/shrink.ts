// `replisim shrink <failure.json> [--out FILE] [--runs N] [--time-budget D]`: the smallest scenario that still breaks the
// same invariant, written as a scenario file `run` accepts (it expects a pass, so it fails until the bug is fixed).
import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, basename, join, relative } from 'node:path';
import { paint as chalk } from './output.ts';
import { formatUs } from '../../sim/index.ts';
import { findProtocol } from '../registry.ts';
import { InputError } from '../errors.ts';
import { checkOutputFile } from '../output-paths.ts';
import { EXIT } from '../scenario.ts';
import { readFailureFile } from '../failure-file.ts';
import { shrinkScenario } from '../shrink.ts';
import { validateScenario } from '../load.ts';
import { boolFlag, durationFlag, intFlag, parseFlags, stringFlag } from './args.ts';
import { out } from './output.ts';

export const SHRINK_USAGE = 'replisim shrink <failure.json> [--out FILE] [--runs N] [--time-budget D]';

export function shrinkCommand(argv: readonly string[]): number {
  const p = parseFlags('shrink', argv, { out: { type: 'string' }, runs: { type: 'string' }, 'time-budget': { type: 'string' } }, 1);
  if (boolFlag(p, 'help')) return out(`usage: ${SHRINK_USAGE}`), EXIT.pass;
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
  if (r.runs > 0 && r.log.length === 0 && r.before.steps + r.before.clientOps > 0 && r.isBudgetExhausted && r.runs < 2) {
    out(chalk.red('shrink: the failure did not reproduce within the budget'));
    return EXIT.nondeterminism;
  }
  const scenario = {
    ...r.scenario,
    description: `shrunk from ${f.source} (${what}); expects a pass, so it fails until the bug is fixed`,
    seed: f.seed,
    expect: [{ verdict: 'pass' }],
  };
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(scenario, null, 2)}\n`);
  renameSync(tmp, outPath);
  out(`shrunk ${f.source}, still ${what}, in ${r.runs} runs${r.isBudgetExhausted ? ' (budget used up; smaller may exist)' : ''}:`);
  for (const l of r.log) out(`  ${l}`);
  out(`  fault steps ${r.before.steps} → ${r.after.steps}, fault phase ${formatUs(r.before.durationUs)} → ${formatUs(r.after.durationUs)}, client operations ${r.before.clientOps} → ${r.after.clientOps}`);
  out(`scenario written: ${relative(process.cwd(), outPath) || outPath}`);
  out(`run it: npx replisim run ${relative(process.cwd(), outPath) || outPath}`);
  return EXIT.pass;
}
