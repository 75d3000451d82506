// `npm run mutate`: StrykerJS over protocols/, one run per protocol whose command runner is `replisim fuzz` with a
// fixed seed budget (a mutant is killed when the campaign fails), on a deterministic sample of source lines so a
// run fits in an hour on two cores. Prints the mutation score per protocol; reports go to .replisim/mutation/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { crc32 } from '../sim/index.ts';
import { registeredProtocols } from '../scenarios/registry.ts';

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
/**
 * The checks themselves (invariants*.ts, *-invariant.ts, invariant-records.ts, liveness*.ts, probes.ts): a clean
 * campaign passes with a weakened check, so their mutants would only count as survivors; only bug-flag runs could kill
 * them. They are left out of the sample rather than judged by the wrong yardstick.
 */
export function isCheckFile(name: string): boolean {
  return /^invariants.*\.ts$|-invariant\.ts$|^invariant-records\.ts$|^liveness.*\.ts$|^probes\.ts$/.test(name);
}

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

function strykerConfig(protocol: string): object {
  return {
    $schema: '../../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    testRunner: 'command',
    // Sources, not dist/: the mutants live in the sandbox's TypeScript files.
    commandRunner: { command: `REPLISIM_FROM_SOURCE=1 node bin/replisim.js fuzz --protocol ${protocol} --seeds ${SEEDS} --jobs 1` },
    coverageAnalysis: 'off',
    // A pinned file may hold several protocols' lines: each run mutates only its own protocol's, never a check file's.
    mutate: env['REPLISIM_MUTATE_SAMPLE'] !== undefined
      ? pinnedLines(env['REPLISIM_MUTATE_SAMPLE']).filter((l) => l.startsWith(`protocols/${protocol}/`) && !isCheckFile(basename(l.replace(/:.*$/, ''))))
      : sampleLines(protocol),
    concurrency: CONCURRENCY,
    reporters: ['clear-text', 'json'],
    jsonReporter: { fileName: `${OUT}/${protocol}.json` },
    tempDirName: '.stryker-tmp',
    ignorePatterns: ['.replisim', 'dist', 'bench/baseline', 'coverage', 'test-results'],
    // Generous: a shared, loaded machine must not turn a slow campaign into a "timeout" (Stryker counts those as killed).
    timeoutFactor: 2,
    timeoutMS: 60_000,
    cleanTempDir: true,
  };
}

interface Score { protocol: string; killed: number; survived: number; timeout: number; noCoverage: number; errors: number; score: number }

function scoreOf(protocol: string): Score {
  const report = JSON.parse(readFileSync(`${OUT}/${protocol}.json`, 'utf8')) as { files: Record<string, { mutants: { status: string }[] }> };
  const c: Record<string, number> = {};
  for (const f of Object.values(report.files)) for (const m of f.mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  const killed = c['Killed'] ?? 0; const timeout = c['Timeout'] ?? 0; const survived = c['Survived'] ?? 0; const noCoverage = c['NoCoverage'] ?? 0;
  const errors = (c['RuntimeError'] ?? 0) + (c['CompileError'] ?? 0);
  const valid = killed + timeout + survived + noCoverage;
  return { protocol, killed, survived, timeout, noCoverage, errors, score: valid === 0 ? 0 : (100 * (killed + timeout)) / valid };
}

const only = (env['REPLISIM_MUTATE_PROTOCOLS'] ?? '').split(',').filter((x) => x !== '');
const protocols = registeredProtocols().map((p) => p.name).filter((p) => only.length === 0 || only.includes(p));
// REPLISIM_MUTATE_PRINT=1: print each protocol's CRC sample (to pin it in mutation/<p>-sample-*.txt) and run nothing.
if (env['REPLISIM_MUTATE_PRINT'] === '1') {
  for (const p of protocols) console.log(`# ${p}: the first ${LINES} lines of the CRC sample\n${sampleLines(p).join('\n')}`);
  process.exit(0);
}
mkdirSync(OUT, { recursive: true });
const scores: Score[] = [];
for (const p of protocols) {
  const file = `${OUT}/${p}.config.json`;
  const config = strykerConfig(p) as { mutate: string[] };
  // An empty list would make Stryker fall back to its own default (every source file): skip the protocol instead.
  if (config.mutate.length === 0) { console.log(`== ${p}: no lines of it in ${env['REPLISIM_MUTATE_SAMPLE']}, skipped`); continue; }
  writeFileSync(file, JSON.stringify(config, null, 2));
  const from = env['REPLISIM_MUTATE_SAMPLE'] ?? 'the CRC sample';
  console.log(`== ${p}: ${config.mutate.length} lines from ${from}, replisim fuzz --seeds ${SEEDS} per mutant`);
  const r = spawnSync('npx', ['stryker', 'run', file], { stdio: 'inherit' });
  if (r.status !== 0) { console.error(`stryker failed for ${p} (exit ${r.status})`); process.exitCode = 1; continue; }
  scores.push(scoreOf(p));
}
// Each survivor with its place and replacement: the list a survivor table (real slip / equivalent) is written from.
for (const s of scores) {
  const report = JSON.parse(readFileSync(`${OUT}/${s.protocol}.json`, 'utf8')) as {
    files: Record<string, { mutants: { status: string; mutatorName: string; replacement?: string; location: { start: { line: number } } }[] }>;
  };
  for (const [file, f] of Object.entries(report.files)) {
    for (const m of f.mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      console.log(`survived ${file}:${m.location.start.line} ${m.mutatorName} → ${JSON.stringify(m.replacement ?? '')}`);
    }
  }
}
for (const s of scores) {
  console.log(`${s.protocol.padEnd(11)} mutation score ${s.score.toFixed(1)}%  (killed ${s.killed}, timeout ${s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage}, errors ${s.errors})`);
}
