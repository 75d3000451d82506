// Loading a scenario file: JSON syntax (with line and column), schema (zod), then names checked against the registry.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { scenarioSchema, type ScenarioFile } from './schema.ts';
import { InputError, fieldError, lineColumn, suggest } from './errors.ts';
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
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const lc = pos ? lineColumn(text, Number(pos[1])) : null;
    const lcm = /line (\d+) column (\d+)/.exec(msg);
    const where = lc ? `line ${lc.line}, column ${lc.column}` : lcm ? `line ${lcm[1]}, column ${lcm[2]}` : 'somewhere';
    throw new InputError(`${file}: malformed JSON at ${where}: ${msg}`);
  }
}

/** Validate parsed JSON as a scenario; names (protocol, options, bugs, nodes) are checked against the registry. */
export function validateScenario(file: string, raw: unknown, name = file): LoadedScenario {
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const found = issue.path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string | number, unknown>)[k as string] : undefined), raw);
    throw fieldError(file, issue.path as (string | number)[], issue.message.replace(/^Invalid input: /, ''), found);
  }
  const s = r.data;
  const p = findProtocol(s.protocol);
  if (p === undefined) throw fieldError(file, ['protocol'], `a registered protocol${suggest(s.protocol, registeredProtocols().map((x) => x.name))}`, s.protocol);
  const defaults = p.defaultOptions as Record<string, unknown>;
  for (const [k, v] of Object.entries(s.options)) {
    if (!(k in defaults)) throw fieldError(file, ['options', k], `an option of ${p.name}${suggest(k, Object.keys(defaults))}`, k);
    const d = defaults[k];
    const isSameKind = Array.isArray(d) ? Array.isArray(v) : typeof d === typeof v;
    if (!isSameKind) throw fieldError(file, ['options', k], `a ${Array.isArray(d) ? 'list' : typeof d} like the default ${JSON.stringify(d)}`, v);
    if (typeof v === 'number' && (!Number.isFinite(v) || v < 0)) throw fieldError(file, ['options', k], 'a finite number ≥ 0', v);
  }
  s.bugs.forEach((b, i) => {
    if (!p.bugs.some((x) => x.id === b)) throw fieldError(file, ['bugs', i], `a bug flag of ${p.name}${suggest(b, p.bugs.map((x) => x.id))}`, b);
  });
  const nodeIds = p.nodes({ ...defaults, ...s.options }).map((n) => n.id as string);
  s.initiallyDown.forEach((n, i) => {
    if (!nodeIds.includes(n)) throw fieldError(file, ['initiallyDown', i], `a node id${suggest(n, nodeIds)}`, n);
  });
  s.steps.forEach((st, i) => {
    if (st.at > s.duration) throw fieldError(file, ['steps', i, 'at'], `a time within the scenario's duration (${s.duration}us)`, st.at);
  });
  return { ...s, name, file, raw: raw as Record<string, unknown> };
}

export function loadScenarioFile(path: string): LoadedScenario {
  const file = relative(process.cwd(), path) || path;
  if (!existsSync(path)) throw new InputError(`${file}: no such scenario file`);
  const raw = parseJsonText(file, readFileSync(path, 'utf8'));
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
