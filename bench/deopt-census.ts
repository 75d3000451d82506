// Steady-state JIT census: how much TurboFan still compiles and deoptimises per window of seeds, and where.
// `npx tsx bench/deopt-census.ts [--protocol P] [--seeds N] [--from S] [--window W] [--skip K] [--top T] [--raw]`
// runs N fuzz seeds (default 1000 from 1000) of P (default zab) in a child `node --trace-opt --trace-deopt-verbose`,
// and prints per window of W seeds (default 100) the functions compiled, their compile ms (V8's three phases summed),
// the eager/soft deopts and the lazy invalidations ("marking dependent code", e.g. a field's representation
// generalised); then the deopts of the windows from seed K on (default 300: after warm-up), grouped by reason, function
// and source position (mapped back to the .ts line through the same esbuild transform tsx applies), and the functions
// recompiled there (by name, and by .ts position through --print-opt-source, which also names anonymous functions).
// A campaign worker's steady state is what matters: each deopt there costs a recompile on V8's helper
// threads (which takes cores from --jobs 2) and runs the main thread in slower code until it is re-optimised.
// --raw: also write the child's trace to /tmp/deopt-census-<P>.log (for --trace-deopt-verbose's frames and maps);
// --log <file>: summarise such a kept trace again (e.g. with another --skip or --top) instead of running seeds.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

const protocolName = option('--protocol', 'zab');
const seeds = Number(option('--seeds', '1000'));
const from = Number(option('--from', '1000'));
const window = Number(option('--window', '100'));

interface Window {
  readonly first: number;
  compiles: number;
  compileMs: number;
  eager: number;
  soft: number;
  lazy: number;
  invalidated: number;
}

async function census(): Promise<void> {
  const skip = Number(option('--skip', '300'));
  const top = Number(option('--top', '40'));
  const raw = process.argv.includes('--raw') ? createWriteStream(`/tmp/deopt-census-${protocolName}.log`) : null;
  const childArgs = ['--protocol', protocolName, '--seeds', String(seeds), '--from', String(from), '--window', String(window)];
  // V8 prints its traces through C stdio, block-buffered into a pipe (stdbuf: by line, so a killed child loses little).
  // --no-concurrent-recompilation: TurboFan compiles on the main thread, so fewer other threads' traces land inside a
  // window marker (%GlobalPrint writes a character at a time): concurrent runs lost 1-2 of 10 markers, this one still
  // 0-1. A lost marker merges its window into the one before (the totals from --skip on stay whole, provided that
  // window's own marker survived). The same functions compile and deopt; the compile time moves onto the main thread.
  // --log: summarise a kept --raw trace.
  const log = process.argv.includes('--log') ? option('--log', '') : null;
  const child = log !== null ? null : spawn(
    'stdbuf',
    ['-oL', process.execPath, '--allow-natives-syntax', '--no-concurrent-recompilation', '--trace-opt', '--trace-deopt-verbose', '--print-opt-source', '--import', 'tsx', SELF, '--child', ...childArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const windows: Window[] = [];
  let current: Window | null = null;
  const deopts = new Map<string, number>(); // key: kind | reason | function | position, after `skip`
  const recompiled = new Map<string, { n: number; ms: number }>();
  const invalidations = new Map<string, number>();
  const compiledAt = new Map<string, number>(); // top-level compiles by function and .ts position (--print-opt-source)
  let pending: { kind: string; reason: string; fn: string; offset: string } | null = null;
  const steady = (): boolean => current !== null && current.first >= skip;
  const flushPending = (position: string): void => {
    if (pending === null) return;
    if (steady()) {
      const key = `${pending.kind} | ${pending.reason} | ${pending.fn} @${pending.offset} | ${position}`;
      deopts.set(key, (deopts.get(key) ?? 0) + 1);
    }
    pending = null;
  };
  const lines = createInterface({ input: child !== null ? child.stdout! : createReadStream(log!) });
  for await (const line of lines) {
    raw?.write(line + '\n');
    // A verbose frame dump can be mid-line when the marker is printed; printed sources hold the marker's template.
    const marker = /### WINDOW (\d+)/.exec(line);
    if (marker !== null) {
      flushPending('?');
      current = { first: Number(marker[1]), compiles: 0, compileMs: 0, eager: 0, soft: 0, lazy: 0, invalidated: 0 };
      windows.push(current);
      continue;
    }
    if (current === null) continue;
    const source = /--- FUNCTION SOURCE \((.*)\) id\{\d+,-1\} start\{(\d+)\} ---/.exec(line);
    if (source !== null) {
      if (steady()) {
        const key = functionSource(source[1]!, Number(source[2]));
        compiledAt.set(key, (compiledAt.get(key) ?? 0) + 1);
      }
      continue;
    }
    // Background compile threads and the main thread share stdout: a trace can start mid-line, so search, not prefix.
    if (line.includes('[completed compiling ')) {
      const ms = /\[completed compiling .*?took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line);
      const total = ms === null ? 0 : Number(ms[1]) + Number(ms[2]) + Number(ms[3]);
      current.compiles++;
      current.compileMs += total;
      if (steady()) {
        const fn = functionName(line.slice(line.indexOf('[completed compiling ')));
        const r = recompiled.get(fn) ?? { n: 0, ms: 0 };
        r.n++;
        r.ms += total;
        recompiled.set(fn, r);
      }
    } else if (line.includes('[bailout (kind: ')) {
      flushPending('?');
      const m = /kind: ([\w-]+), reason: (.*?)\): begin\. deoptimizing .*?<JSFunction ([^ >(]*).*bytecode offset (\d+)/.exec(line);
      if (m === null) continue;
      const kind = m[1]!;
      if (kind === 'deopt-lazy') current.lazy++;
      else if (kind === 'deopt-soft') current.soft++;
      else current.eager++;
      pending = { kind, reason: m[2]!, fn: m[3] || '(anonymous)', offset: m[4]! };
    } else if (pending !== null && line.includes(';;; deoptimize at <')) {
      flushPending(mapPositions(line));
    } else if (line.includes('[marking dependent code ')) {
      current.invalidated++;
      if (steady()) {
        const m = /<SharedFunctionInfo ([^>]*)>.*reason: (.*)\]/.exec(line);
        const key = m === null ? line : `${m[1] || '(anonymous)'} | ${m[2]}`;
        invalidations.set(key, (invalidations.get(key) ?? 0) + 1);
      }
    }
  }
  flushPending('?');
  raw?.end();
  const [l1, l5] = loadavg();
  console.log(`deopt census: ${protocolName}, ${seeds} seeds from ${from}, windows of ${window}; load ${l1!.toFixed(2)} ${l5!.toFixed(2)}`);
  console.log('window      compiles  compile-ms  eager  soft  lazy  invalidated');
  for (const w of windows) {
    const label = `${w.first}-${w.first + window - 1}`.padEnd(10);
    console.log(`${label} ${String(w.compiles).padStart(9)} ${w.compileMs.toFixed(0).padStart(11)} ${String(w.eager).padStart(6)} ${String(w.soft).padStart(5)} ${String(w.lazy).padStart(5)} ${String(w.invalidated).padStart(12)}`);
  }
  const after = windows.filter((w) => w.first >= skip);
  const sum = (f: (w: Window) => number): number => after.reduce((a, w) => a + f(w), 0);
  const per = (x: number): string => (after.length === 0 ? '-' : (x / after.length).toFixed(1));
  console.log(`from seed ${skip}, per window: ${per(sum((w) => w.compiles))} compiles, ${per(sum((w) => w.compileMs))} compile ms, ${per(sum((w) => w.eager + w.soft + w.lazy))} deopts, ${per(sum((w) => w.invalidated))} invalidations`);
  console.log(`\ndeopts from seed ${skip} (count | kind | reason | function @bytecode offset | position, innermost first):`);
  for (const [key, n] of [...deopts].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(4)}  ${key}`);
  console.log(`\ninvalidated code from seed ${skip} (count | function | reason):`);
  for (const [key, n] of [...invalidations].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(4)}  ${key}`);
  console.log(`\ncompiled from seed ${skip}, by function and position (count, function (.ts position)):`);
  for (const [key, n] of [...compiledAt].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(n).padStart(4)}  ${key}`);
  console.log(`\ncompiled from seed ${skip} (count, ms, function):`);
  for (const [fn, r] of [...recompiled].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
    console.log(`${String(r.n).padStart(4)} ${r.ms.toFixed(1).padStart(8)}  ${fn}`);
  }
}

function functionName(line: string): string {
  const m = /<JSFunction ([^ >(]*)/.exec(line);
  return m === null ? '?' : m[1] || '(anonymous)';
}

/** `;;; deoptimize at <f:l:c> inlined at <f:l:c> ...` with each project position mapped to its .ts line:column. */
function mapPositions(line: string): string {
  const out: string[] = [];
  for (const m of line.matchAll(/<([^<>]+):(\d+):(\d+)>/g)) {
    const esm = m[1]!.startsWith('file://');
    const file = esm ? fileURLToPath(m[1]!) : m[1]!;
    const ours = file.startsWith(ROOT) && !file.includes('/node_modules/');
    const mapped = ours ? sourcePosition(file, esm, Number(m[2]), Number(m[3])) : null;
    out.push(mapped ?? `${file.startsWith(ROOT) ? file.slice(ROOT.length) : file}:${m[2]}:${m[3]}`);
  }
  return out.join(' < ');
}

interface Transformed { readonly rows: number[][][]; readonly lineStarts: readonly number[] }

const transformed = new Map<string, Transformed | null>();

/**
 * `file` transformed again with the options tsx 4.x uses (whitespace-minified, names kept; for a CommonJS load its
 * `__filename` banner), its source map decoded: what V8's positions in tsx's output refer to.
 */
function transformOf(file: string, esm: boolean): Transformed | null {
  let t = transformed.get(`${esm}:${file}`);
  if (t === undefined) {
    const shared = { target: `node${process.versions.node}`, loader: 'default', sourcemap: true, minifyWhitespace: true, keepNames: true, sourcefile: file } as const;
    const cjs = { format: 'cjs', banner: `__filename=${JSON.stringify(file)};(()=>{`, footer: '})()', platform: 'node' } as const;
    try {
      const result = transformSync(readFileSync(file, 'utf8'), esm ? { ...shared, format: 'esm' } : { ...shared, ...cjs });
      const lineStarts = [0];
      for (let i = 0; i < result.code.length; i++) if (result.code[i] === '\n') lineStarts.push(i + 1);
      t = { rows: decodeMappings(JSON.parse(result.map).mappings), lineStarts };
    } catch {
      t = null;
    }
    transformed.set(`${esm}:${file}`, t);
  }
  return t;
}

/** The .ts line:column of a position (1-based line and column) in tsx's output of `file`. */
function sourcePosition(file: string, esm: boolean, line: number, column: number): string | null {
  const row = transformOf(file, esm)?.rows[line - 1];
  if (row === undefined) return null;
  let best: number[] | null = null;
  for (const seg of row) {
    if (seg[0]! <= column - 1 && seg.length >= 4) best = seg;
    else if (seg[0]! > column - 1) break;
  }
  const rel = file.slice(ROOT.length);
  return best === null ? null : `${rel}:${best[2]! + 1}:${best[3]! + 1}`;
}

/** `--print-opt-source`'s `(file:name) ... start{offset}` as the .ts position of the function. */
function functionSource(fileAndName: string, start: number): string {
  const colon = fileAndName.lastIndexOf(':');
  const where = fileAndName.slice(0, colon);
  const name = fileAndName.slice(colon + 1) || '(anonymous)';
  const esm = where.startsWith('file://');
  const file = esm ? fileURLToPath(where) : where;
  if (!file.startsWith(ROOT) || file.includes('/node_modules/')) return `${name} (${file.replace(/.*node_modules\//, '')})`;
  const t = transformOf(file, esm);
  if (t === null) return `${name} (${file.slice(ROOT.length)})`;
  let line = 0;
  while (line + 1 < t.lineStarts.length && t.lineStarts[line + 1]! <= start) line++;
  return `${name} (${sourcePosition(file, esm, line + 1, start - t.lineStarts[line]! + 1) ?? file.slice(ROOT.length)})`;
}

/** Source map v3 `mappings`: per generated line, segments [genColumn, source, origLine, origColumn] (absolute). */
function decodeMappings(mappings: string): number[][][] {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const rows: number[][][] = [];
  const state = [0, 0, 0, 0];
  for (const lineText of mappings.split(';')) {
    const row: number[][] = [];
    state[0] = 0;
    for (const segText of lineText.split(',')) {
      if (segText === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segText) {
        const digit = chars.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      for (let i = 0; i < values.length && i < 4; i++) state[i]! += values[i]!;
      row.push(state.slice(0, Math.min(values.length, 4)));
    }
    rows.push(row);
  }
  return rows;
}

if (process.argv.includes('--child')) {
  const { findProtocol } = await import('../scenarios/registry.ts');
  const { runFuzzSeed } = await import('../scenarios/fuzz-run.ts');
  // The markers go through V8's own stdout stream (%GlobalPrint), as its traces do, so they stay in order with them
  // (console.log writes the fd directly, beside C stdio's buffer).
  const print = new Function('s', 'return %GlobalPrint(s)') as (s: string) => void;
  const protocol = findProtocol(protocolName);
  if (protocol === undefined) throw new Error(`unknown protocol ${protocolName}`);
  for (let s = 0; s < seeds; s++) {
    if (s % window === 0) print(`### WINDOW ${s}\n`);
    runFuzzSeed({ protocol, seed: from + s });
  }
  // Padding past any stdio buffer: the process exits without flushing it, and the last window's traces are in it.
  print(`### END\n${' '.repeat(1 << 16)}\n`);
} else {
  await census();
}
