// `replisim shrink <failure.json> [--out FILE] [--runs N] [--time-budget D]`: the smallest scenario that still breaks the
// same invariant, written as a scenario file `run` accepts, then run once more the way `run` runs it to prove it does.
// A clean protocol's failure expects a pass (a regression test: it fails until the bug is fixed); a bug flag's failure
// expects its violation by name (a bug scenario: it passes while the flag is caught, and its clean variant passes).
// `replisim shrink <scenario.json> --anomaly NAME`: the smallest scenario that still passes and still shows that
// permitted anomaly (a hazard of the real design), expecting both: how a fuzz seed that reached a hazard becomes a
// readable scenario that shows it.
import { dirname, basename, join } from 'node:path';
import { paint as chalk } from './output.ts';
import { findProtocol } from '../registry.ts';
import { InputError } from '../errors.ts';
import { checkOutputFile } from '../output-paths.ts';
import { EXIT } from '../scenario.ts';
import { readFailureFile } from '../failure-file.ts';
import { shrinkScenario } from '../shrink.ts';
import { outcomeText } from '../shrink-accept.ts';
import { validateScenario } from '../load.ts';
import { shrinkHazard, type HazardSource } from './shrink-hazard.ts';
import { writeShrunk } from './shrink-written.ts';
import { boolFlag, durationFlag, faultsFlag, intFlag, parseFlags, stringFlag, type Parsed } from './args.ts';
import { out } from './output.ts';

export const SHRINK_USAGE = 'replisim shrink <failure.json> | <scenario.json | --protocol P --seed N [--faults aimed|timed]> --anomaly NAME [--out FILE] [--runs N] [--time-budget D]';
const SHRINK_NOTE = '  keeps a candidate only if it fails with the same verdict and violation name about the same subject (the node or\n' +
  '  entity the failing check names first) and its control run passes (bug flags off; for a clean safety violation,\n' +
  '  safety checks off); operations after the heal move with a shortened fault phase and are kept when the verdict is\n' +
  '  judged after the heal (liveness). --anomaly NAME: shrink a scenario, a failure file or a clean\n' +
  '  fuzz seed (--protocol/--seed, as fuzz drew it) that passes and shows that permitted anomaly, keeping candidates that\n' +
  '  still pass and still show it (a fuzz summary names each anomaly\'s first seed).\n' +
  '  --runs N: at most N simulations (default 2000; a candidate that fails the same way costs two). --time-budget D: default 2m.';

export function shrinkCommand(argv: readonly string[]): number {
  const p = parseFlags('shrink', argv, {
    out: { type: 'string' }, runs: { type: 'string' }, 'time-budget': { type: 'string' }, anomaly: { type: 'string' },
    protocol: { type: 'string' }, seed: { type: 'string' }, faults: { type: 'string' },
  }, 1);
  if (boolFlag(p, 'help')) return out(`usage: ${SHRINK_USAGE}\n${SHRINK_NOTE}`), EXIT.pass;
  const file = p.positionals[0];
  const runsMax = intFlag('shrink', p, 'runs', 1, 1_000_000) ?? 2_000;
  const timeBudgetMs = (durationFlag('shrink', p, 'time-budget') ?? 120_000_000) / 1000;
  const anomaly = stringFlag(p, 'anomaly');
  const isBySeed = ['protocol', 'seed', 'faults'].some((k) => p.values[k] !== undefined);
  if (isBySeed && anomaly === undefined) throw new InputError('shrink: --protocol/--seed pick a fuzz seed that shows a hazard: give --anomaly NAME (a failing seed shrinks from its failure file)');
  if (anomaly !== undefined) return shrinkHazard(hazardSource(p, file), anomaly, runsMax, timeBudgetMs, stringFlag(p, 'out'));
  if (file === undefined) throw new InputError(`shrink: missing failure file (usage: ${SHRINK_USAGE})`);
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
  return writeShrunk({
    outPath, scenario, report: r, target, headline: `shrunk ${f.source}, still ${what}`,
    notes: [r.control !== null ? `  every kept candidate failed the same way and passed ${r.control.label}` : `  ${r.controlNote ?? 'no control run'}`],
    checked: (rerun) => `it runs to ${outcomeText(rerun)}`,
  });
}

/** Where a hazard shrink starts: a file (scenario or failure file), or a clean fuzz seed picked by --protocol/--seed. */
function hazardSource(p: Parsed, file: string | undefined): HazardSource {
  const protocol = stringFlag(p, 'protocol');
  const seed = intFlag('shrink', p, 'seed', 0, 2 ** 31 - 1);
  if (file !== undefined) {
    if (protocol !== undefined || seed !== undefined) throw new InputError('shrink: give a file or --protocol/--seed, not both');
    return { kind: 'file', file };
  }
  if (protocol === undefined || seed === undefined) throw new InputError(`shrink: --anomaly needs a scenario or failure file, or --protocol and --seed (usage: ${SHRINK_USAGE})`);
  return { kind: 'seed', protocol, seed, faults: faultsFlag('shrink', p) };
}
