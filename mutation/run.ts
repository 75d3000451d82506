// `npm run mutate`: StrykerJS over protocols/, one run per protocol whose command runner is `replisim fuzz` with a
// fixed seed budget (a mutant is killed when the campaign fails), on a deterministic sample of source lines so a
// run fits in an hour on two cores. Prints the mutation score per protocol; reports go to .replisim/mutation/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { crc32 } from '../sim/index.ts';
import { registeredProtocols } from '../scenarios/registry.ts';
import { loadRegistry, registryPath } from './equivalent.ts';
import type { StrykerReport } from './report.ts';
import { mutantsOf } from './report.ts';
import { printSummary } from './summary.ts';
import { combine, planRerun } from './survivors.ts';
import { isCheckFile } from './check-files.ts';

const env = process.env;
const int = (name: string, fallback: number): number => (Number.isInteger(Number(env[name])) && Number(env[name]) > 0 ? Number(env[name]) : fallback);
/** Seeds `replisim fuzz` runs against each mutant (REPLISIM_MUTATE_SEEDS). */
const SEEDS = int('REPLISIM_MUTATE_SEEDS', 40);
/** Source lines sampled per protocol (REPLISIM_MUTATE_LINES): ~1.5 mutants a line. */
const LINES = int('REPLISIM_MUTATE_LINES', 80);
const CONCURRENCY = int('REPLISIM_MUTATE_CONCURRENCY', 2);
const OUT = '.replisim/mutation';
/** Files a clean fuzz campaign cannot judge: the registry, coverage feedback, bug-flag metadata (ids and docs). */
const SKIPPED = new Set(['coverage.ts', 'index.ts', 'bugs.ts']);

/** Lines worth mutating: code, not comments, imports, type declarations or lone braces. */
function isCodeLine(text: string): boolean {
  const t = text.trim();
  if (t === '' || t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) return false;
  if (/^(import|export type|export interface|interface|type |readonly |\}|\]|\)|[{}()[\];,]+$)/.test(t)) return false;
  return true;
}

/** The same sample on every machine: lines ordered by the CRC of "file:line", the first LINES kept. */
export function sampleLines(protocol: string): string[] {
  const dir = join('protocols', protocol);
  const candidates: { key: number; spec: string }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !SKIPPED.has(x) && !isCheckFile(x)).sort()) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (isCodeLine(text)) candidates.push({ key: crc32(`${f}:${i + 1}`), spec: `${dir}/${f}:${i + 1}-${i + 1}` });
    });
  }
  return candidates.sort((a, b) => a.key - b.key || a.spec.localeCompare(b.spec)).slice(0, LINES).map((c) => c.spec);
}

/**
 * A pinned sample (REPLISIM_MUTATE_SAMPLE=<file>: one `path:line-line` per line, `#` comments) instead of the CRC
 * sample, so a re-run after a code change measures the same mutants (line numbers move; the CRC sample moves too).
 */
function pinnedLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

function strykerConfig(protocol: string, mutate: string[], jsonFile: string): object {
  return {
    $schema: '../../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    testRunner: 'command',
    // Sources, not dist/: the mutants live in the sandbox's TypeScript files.
    commandRunner: { command: `REPLISIM_FROM_SOURCE=1 node bin/replisim.js fuzz --protocol ${protocol} --seeds ${SEEDS} --jobs 1` },
    coverageAnalysis: 'off',
    mutate,
    concurrency: CONCURRENCY,
    reporters: ['clear-text', 'json'],
    jsonReporter: { fileName: jsonFile },
    // One sandbox directory per protocol, and none copied into another's: two protocols' runs may overlap.
    tempDirName: `.stryker-tmp-${protocol}`,
    ignorePatterns: ['.replisim', 'dist', 'bench/baseline', 'coverage', 'test-results', '.stryker-tmp*'],
    // Generous: a shared, loaded machine must not turn a slow campaign into a "timeout" (Stryker counts those as killed).
    timeoutFactor: 2,
    timeoutMS: 60_000,
    cleanTempDir: true,
  };
}

/** The lines to mutate: a pinned file's lines of this protocol (never a check file's), else the CRC sample. */
function sampleFor(protocol: string): string[] {
  const pinned = env['REPLISIM_MUTATE_SAMPLE'];
  if (pinned === undefined) return sampleLines(protocol);
  // A pinned file may hold several protocols' lines: each run mutates only its own protocol's, never a check file's.
  return pinnedLines(pinned).filter((l) => l.startsWith(`protocols/${protocol}/`) && !isCheckFile(basename(l.replace(/:.*$/, ''))));
}

/** One Stryker run over `mutate`, its JSON report written to `jsonFile`; false when Stryker failed. */
function runStryker(protocol: string, mutate: string[], jsonFile: string): boolean {
  const file = `${OUT}/${protocol}.config.json`;
  writeFileSync(file, JSON.stringify(strykerConfig(protocol, mutate, jsonFile), null, 2));
  const r = spawnSync('npx', ['stryker', 'run', file], { stdio: 'inherit' });
  if (r.status !== 0) { console.error(`stryker failed for ${protocol} (exit ${r.status})`); process.exitCode = 1; return false; }
  return true;
}

const readReport = (file: string): StrykerReport => JSON.parse(readFileSync(file, 'utf8')) as StrykerReport;
const readCurrent = (file: string): string | null => (existsSync(file) ? readFileSync(file, 'utf8') : null);

const only = (env['REPLISIM_MUTATE_PROTOCOLS'] ?? '').split(',').filter((x) => x !== '');
const protocols = registeredProtocols().map((p) => p.name).filter((p) => only.length === 0 || only.includes(p));
mkdirSync(OUT, { recursive: true });
const survivorsOf = env['REPLISIM_MUTATE_SURVIVORS_OF'];
if (env['REPLISIM_MUTATE_PRINT'] === '1') {
  // Print each protocol's CRC sample (to pin it in mutation/<p>-sample-*.txt) and run nothing.
  for (const p of protocols) console.log(`# ${p}: the first ${LINES} lines of the CRC sample\n${sampleLines(p).join('\n')}`);
} else if (survivorsOf !== undefined) {
  // The prefix method: re-run only an earlier report's survivors (less the registry's named ones) at SEEDS seeds.
  const previous = readReport(survivorsOf);
  const protocol = /^protocols\/([^/]+)\//.exec(Object.keys(previous.files)[0] ?? '')?.[1];
  if (protocol === undefined) { console.error(`${survivorsOf}: no protocols/<p>/ file in this Stryker report`); process.exit(2); }
  const entries = loadRegistry(protocol);
  const plan = planRerun(previous, entries, readCurrent);
  console.log(`== ${protocol}: survivors of ${survivorsOf}: ${plan.rerun.length} re-run at ${SEEDS} seeds on ${plan.specs.length} lines, ${plan.named.length} named in ${registryPath(protocol)} not re-run, ${plan.gone.length} whose line is gone`);
  for (const m of plan.gone) console.log(`  gone (line text no longer in the file, counted as surviving) ${m.file}:${m.line} ${m.mutator} → ${JSON.stringify(m.replacement)}  ${m.text}`);
  const jsonFile = `${OUT}/${protocol}-survivors-${SEEDS}.json`;
  const ok = plan.specs.length === 0 || runStryker(protocol, plan.specs, jsonFile);
  if (ok) {
    const combined = plan.specs.length === 0 ? mutantsOf(previous) : combine(previous, plan.rerun, readReport(jsonFile));
    printSummary(protocol, combined, entries, `${SEEDS} seeds by the prefix method (${survivorsOf} + its survivors re-run)`);
  }
} else {
  for (const p of protocols) {
    const mutate = sampleFor(p);
    // An empty list would make Stryker fall back to its own default (every source file): skip the protocol instead.
    if (mutate.length === 0) { console.log(`== ${p}: no lines of it in ${env['REPLISIM_MUTATE_SAMPLE']}, skipped`); continue; }
    console.log(`== ${p}: ${mutate.length} lines from ${env['REPLISIM_MUTATE_SAMPLE'] ?? 'the CRC sample'}, replisim fuzz --seeds ${SEEDS} per mutant`);
    if (runStryker(p, mutate, `${OUT}/${p}.json`)) printSummary(p, mutantsOf(readReport(`${OUT}/${p}.json`)), loadRegistry(p), `${SEEDS} seeds`);
  }
}
