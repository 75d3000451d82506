// Loading a scenario file: JSON syntax (with line and column), schema (zod), then names checked against the registry.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { scenarioSchema, type Expectation, type ScenarioFile } from './schema.ts';
import { InputError, fieldError, lineColumn, suggest } from './errors.ts';
import { readInputFile } from './input-file.ts';
import { zodError } from './zod-errors.ts';
import { checkOptions } from './option-ranges.ts';
import { checkScenarioTargets } from './step-targets.ts';
import { declaredAnomalyNames, formatUs } from '../sim/index.ts';
import type { ProtocolModule } from '../sim/index.ts';
import { registeredProtocols, findProtocol } from './registry.ts';

// Through the repository root, so it holds in the compiled bundle too (dist/ is also one level below the root).
export const SCENARIO_ROOT = resolve(import.meta.dirname, '..', 'scenarios');

export interface LoadedScenario extends ScenarioFile {
  /** "<protocol>/<situation>" for files under scenarios/, else the path. */
  readonly name: string;
  readonly file: string;
  /** The JSON as written (input form), so a failure file can embed the scenario as the user wrote it. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export function parseJsonText(file: string, text: string): unknown {
  if (text.trim() === '') throw new InputError(`${file}: the file is empty (expected a JSON object)`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const lc = pos ? lineColumn(text, Number(pos[1])) : null;
    const lcm = /line (\d+) column (\d+)/.exec(msg);
    const where = lc ? `line ${lc.line}, column ${lc.column}` : lcm ? `line ${lcm[1]}, column ${lcm[2]}` : 'the end of the file (it ends before the JSON does)';
    throw new InputError(`${file}: malformed JSON at ${where}: ${msg}`);
  }
}

/** Validate parsed JSON as a scenario; names (protocol, options, bugs, nodes) are checked against the registry. */
export function validateScenario(file: string, raw: unknown, name = file): LoadedScenario {
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) throw zodError(file, r.error.issues, raw);
  const p = findProtocol(r.data.protocol);
  if (p === undefined) throw fieldError(file, ['protocol'], `a registered protocol${suggest(r.data.protocol, registeredProtocols().map((x) => x.name))}`, r.data.protocol);
  const s = { ...r.data, options: checkOptions(file, p, r.data.options) };
  const defaults = p.defaultOptions as Record<string, unknown>;
  s.bugs.forEach((b, i) => {
    if (!p.bugs.some((x) => x.id === b)) throw fieldError(file, ['bugs', i], `a bug flag of ${p.name}${suggest(b, p.bugs.map((x) => x.id))}`, b);
  });
  const nodeIds = p.nodes({ ...defaults, ...s.options }).map((n) => n.id as string);
  s.initiallyDown.forEach((n, i) => {
    if (!nodeIds.includes(n)) throw fieldError(file, ['initiallyDown', i], `a node id${suggest(n, nodeIds)}`, n);
  });
  s.steps.forEach((st, i) => {
    if (st.at > s.duration) throw fieldError(file, ['steps', i, 'at'], `a time within the scenario's duration (${formatUs(s.duration)})`, formatUs(st.at));
  });
  checkScenarioTargets(file, raw as Record<string, unknown>, p, { ...defaults, ...s.options });
  checkExpectedNames(file, s.expect, p);
  return { ...s, name, file, raw: raw as Record<string, unknown> };
}

/**
 * Anomaly and probe names in `expect` must be the protocol's: an unknown anomaly would read "seen 0 times" (a typo
 * passing for "never happened"), an unknown probe would fail only once the run reached it.
 */
function checkExpectedNames(file: string, expect: readonly Expectation[], p: ProtocolModule): void {
  const anomalies = declaredAnomalyNames(p);
  const probes = Object.keys(p.probes ?? {});
  expect.forEach((e, i) => {
    if ('anomaly' in e && anomalies !== null && !anomalies.has(e.anomaly)) {
      throw fieldError(file, ['expect', i, 'anomaly'], `an anomaly ${p.name} can count${suggest(e.anomaly, [...anomalies])} (replisim list --json lists them)`, e.anomaly);
    }
    if ('probe' in e && !probes.includes(e.probe)) throw fieldError(file, ['expect', i, 'probe'], `a probe of ${p.name}${suggest(e.probe, probes)}`, e.probe);
  });
}

export function loadScenarioFile(path: string): LoadedScenario {
  const file = relative(process.cwd(), path) || path;
  const raw = parseJsonText(file, readInputFile(path, 'scenario file', file));
  const rel = relative(SCENARIO_ROOT, resolve(path)).replace(/\\/g, '/');
  const name = /^[^./][^/]*\/[^/]+\.json$/.test(rel) ? rel.replace(/\.json$/, '') : file;
  return validateScenario(file, raw, name);
}

/** Every scenario file under scenarios/<protocol>/, as "<protocol>/<situation>" names, sorted. */
export function listScenarioNames(): string[] {
  const names: string[] = [];
  for (const p of registeredProtocols()) {
    const dir = join(SCENARIO_ROOT, p.name);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.json')) names.push(`${p.name}/${f.replace(/\.json$/, '')}`);
  }
  return names;
}

/** A scenario by name ("zab/leader-crash") or by path. */
export function loadScenario(nameOrPath: string): LoadedScenario {
  if (nameOrPath.endsWith('.json') || nameOrPath.includes('/') && existsSync(nameOrPath)) return loadScenarioFile(nameOrPath);
  const path = join(SCENARIO_ROOT, `${nameOrPath}.json`);
  if (existsSync(path)) return loadScenarioFile(path);
  throw new InputError(`unknown scenario "${nameOrPath}"${suggest(nameOrPath, listScenarioNames())}`);
}
