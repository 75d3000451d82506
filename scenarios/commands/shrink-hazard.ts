// `replisim shrink <scenario.json | failure.json> --anomaly NAME`: shrinks a run that passes and shows a permitted
// anomaly (a hazard of the real design) to the smallest scenario that still passes and still shows it, and writes it
// expecting both. Why: a fuzz seed that reached a hazard carries its whole random plan; the hazard scenarios under
// scenarios/<protocol>/hazard-*.json read better, and break less when unrelated code changes, once only the faults
// that make the hazard are left.
import { dirname, basename, join } from 'node:path';
import { declaredAnomalyNames } from '../../sim/index.ts';
import { findProtocol, registeredProtocols } from '../registry.ts';
import { runJob } from '../run-job.ts';
import { fuzzSeedScenario } from '../plan-to-scenario.ts';
import type { FuzzFaults } from '../fuzz-run.ts';
import { InputError, suggest } from '../errors.ts';
import { checkOutputFile } from '../output-paths.ts';
import { isFailureFile, readFailureFile } from '../failure-file.ts';
import { shrinkScenario } from '../shrink.ts';
import { outcomeText, type ShrinkTarget } from '../shrink-accept.ts';
import { loadScenario } from '../load.ts';
import { writeShrunk } from './shrink-written.ts';

export type HazardSource =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'seed'; readonly protocol: string; readonly seed: number; readonly faults: FuzzFaults };

/** The clean fuzz seed's run as a scenario file would hold it (its plan, options and down budget; default workload). */
function seedScenario(src: Extract<HazardSource, { kind: 'seed' }>): Record<string, unknown> {
  const protocol = findProtocol(src.protocol);
  if (protocol === undefined) throw new InputError(`shrink: --protocol: unknown protocol "${src.protocol}"${suggest(src.protocol, registeredProtocols().map((x) => x.name))}`);
  const o = runJob({ kind: 'fuzz', protocol: src.protocol, seed: src.seed, bugs: [], faults: src.faults });
  return fuzzSeedScenario({ protocol: src.protocol, seed: o.seed, bugs: [], steps: o.steps, kinds: o.kinds, faultPhaseUs: o.faultPhaseUs, options: o.fuzzOptions ?? undefined, downBudget: o.downBudget ?? undefined });
}

/** The scenario to shrink: a failure file's embedded one (a fuzz seed's), or a scenario by path or name. */
function inputScenario(src: HazardSource): { readonly raw: Record<string, unknown>; readonly protocol: string } {
  if (src.kind === 'seed') return { raw: seedScenario(src), protocol: src.protocol };
  const file = src.file;
  if (isFailureFile(file)) { const f = readFailureFile(file); return { raw: f.scenario, protocol: f.protocol }; }
  const s = loadScenario(file);
  return { raw: { ...s.raw }, protocol: s.protocol };
}

export function shrinkHazard(src: HazardSource, anomaly: string, runsMax: number, timeBudgetMs: number, outFlag: string | undefined): number {
  const input = inputScenario(src);
  const file = src.kind === 'file' ? src.file : `${src.protocol}-seed${src.seed}`;
  const protocol = findProtocol(input.protocol);
  if (protocol === undefined) throw new InputError(`shrink: ${file}: protocol "${input.protocol}" is not registered`);
  const names = declaredAnomalyNames(protocol);
  if (names !== null && !names.has(anomaly)) throw new InputError(`shrink: --anomaly: "${anomaly}" is not an anomaly ${protocol.name} can count${suggest(anomaly, [...names])}`);
  const outPath = outFlag ?? (src.kind === 'seed' ? `${file}-${anomaly}.json` : join(dirname(file.endsWith('.json') ? file : '.'), `${basename(file).replace(/\.json$/, '')}.shrunk.json`));
  checkOutputFile('shrink: --out', outPath);
  const target: ShrinkTarget = { verdict: 'pass', name: null, anomaly };
  const r = shrinkScenario(input.raw, protocol, target, { runsMax, timeBudgetMs });
  if (!r.isReproduced) {
    throw new InputError(`shrink: ${file}: its run does not pass showing ${anomaly} (got ${outcomeText(r.final)}, ${r.final.anomalies[anomaly] ?? 0} sightings)`);
  }
  const was = typeof input.raw['description'] === 'string' ? ` It was: ${input.raw['description'] as string}` : '';
  const scenario = {
    ...r.scenario,
    description: `shrunk from ${file} with --anomaly ${anomaly}: passes and shows that permitted anomaly.${was}`,
    expect: [{ verdict: 'pass' }, { anomaly, atLeast: 1 }],
  };
  return writeShrunk({
    outPath, scenario, report: r, target, headline: `shrunk ${file}, still passing with ${anomaly}`, notes: [],
    checked: (rerun) => `it passes with ${anomaly} ×${rerun.anomalies[anomaly]}`,
  });
}
