// Linearizability checker time on Porcupine's reference histories, next to Porcupine's own times from expected.json.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkOps, kvModel, parseEtcdLog, parseKvLog, registerModel } from '../sim/checker/index.ts';
import type { CheckModel, Op } from '../sim/checker/index.ts';

const DATA_DIR = fileURLToPath(new URL('../test/fixtures/porcupine/', import.meta.url));

/** Samples per file (median taken), and the least time one sample runs (short checks loop, like Go's b.N). */
const SAMPLES = 5;
const SAMPLE_MS_MIN = 5;
const ITERATIONS_MAX = 2000;

interface FileEntry {
  readonly file: string;
  readonly model: 'etcd' | 'kv';
  readonly expected: 'ok' | 'illegal';
  readonly porcupine_check_ms: number;
  readonly porcupine_check_ms_gomaxprocs1: number;
}

interface Loaded extends FileEntry { readonly ops: readonly Op<any, any>[]; readonly checkModel: CheckModel<any, any, any> }

function load(): Loaded[] {
  const files = (JSON.parse(readFileSync(join(DATA_DIR, 'expected.json'), 'utf8')) as { files: FileEntry[] }).files;
  return files.map((f) => {
    const text = readFileSync(join(DATA_DIR, f.file), 'utf8');
    const parsed = f.model === 'etcd' ? parseEtcdLog(text) : parseKvLog(text);
    if (!parsed.ok) throw new Error(`${f.file}:${parsed.line}: ${parsed.message}`);
    return { ...f, ops: parsed.ops, checkModel: f.model === 'etcd' ? registerModel : kvModel };
  });
}

/**
 * Median wall-clock and CPU milliseconds of one check (parsing excluded, as Porcupine's figures).
 * CPU time (this process, GC threads included) is steadier than wall time on a shared machine.
 */
function timeCheck(f: Loaded): { ms: number; cpuMs: number; verdict: string } {
  let verdict = '';
  const t0 = performance.now();
  verdict = checkOps(f.checkModel, f.ops).verdict;
  const firstMs = performance.now() - t0;
  const iterations = Math.min(ITERATIONS_MAX, Math.max(1, Math.ceil(SAMPLE_MS_MIN / Math.max(firstMs, 1e-3))));
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (let i = 0; i < iterations; i++) verdict = checkOps(f.checkModel, f.ops).verdict;
    const cpu = process.cpuUsage(c);
    samples.push((performance.now() - t) / iterations);
    cpuSamples.push((cpu.user + cpu.system) / 1000 / iterations);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(samples), cpuMs: median(cpuSamples), verdict };
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1));
const ratio = (ours: number, theirs: number): string => `${(ours / theirs).toFixed(2)}x`;

export function benchChecker(): string[] {
  const files = load();
  for (const f of files) checkOps(f.checkModel, f.ops); // warm up the JIT on every shape
  const lines: string[] = [];
  const wrong: string[] = [];
  const timed = files.map((f) => {
    const r = timeCheck(f);
    if (r.verdict !== f.expected) wrong.push(`${f.file}: ${r.verdict}, expected ${f.expected}`);
    return { ...f, ms: r.ms, cpuMs: r.cpuMs };
  });
  const etcd = timed.filter((f) => f.model === 'etcd');
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const ours = sum(etcd.map((f) => f.ms));
  const oursCpu = sum(etcd.map((f) => f.cpuMs));
  const p1 = sum(etcd.map((f) => f.porcupine_check_ms_gomaxprocs1));
  const p2 = sum(etcd.map((f) => f.porcupine_check_ms));
  lines.push('times: median per check in ms (wall clock; cpu = this process incl. GC threads), parsing excluded; ratio = ours / Porcupine (lower is better)');
  const loadAvg = loadavg()[0]!;
  const cores = availableParallelism();
  lines.push(`machine load average ${loadAvg.toFixed(1)} on ${cores} cores${loadAvg > cores * 0.75 ? ' -- BUSY: the figures below are inflated, rerun on an idle machine' : ''}`);
  lines.push(`etcd, all ${etcd.length} logs: ${fmt(ours)} ms  vs Porcupine ${fmt(p1)} ms single-thread (${ratio(ours, p1)}), ${fmt(p2)} ms GOMAXPROCS=2 (${ratio(ours, p2)})  target <= 1x: ${ours <= p1 ? 'met' : 'NOT met'}; cpu ${fmt(oursCpu)} ms (${ratio(oursCpu, p1)})`);
  for (const f of [...etcd].sort((a, b) => b.porcupine_check_ms_gomaxprocs1 - a.porcupine_check_ms_gomaxprocs1).slice(0, 5)) {
    lines.push(`  ${f.file.padEnd(22)} ${fmt(f.ms).padStart(8)} ms  vs ${fmt(f.porcupine_check_ms_gomaxprocs1).padStart(8)} ms (${ratio(f.ms, f.porcupine_check_ms_gomaxprocs1)})`);
  }
  for (const f of timed.filter((x) => x.model === 'kv')) {
    const target = f.file.includes('c50') ? `  target <= 2x: ${f.ms <= 2 * f.porcupine_check_ms_gomaxprocs1 ? 'met' : 'NOT met'}` : '';
    lines.push(`kv ${f.file.padEnd(19)} ${fmt(f.ms).padStart(8)} ms  vs ${fmt(f.porcupine_check_ms_gomaxprocs1).padStart(8)} ms single-thread (${ratio(f.ms, f.porcupine_check_ms_gomaxprocs1)}), ${fmt(f.porcupine_check_ms)} ms GOMAXPROCS=2 (${ratio(f.ms, f.porcupine_check_ms)}); cpu ${fmt(f.cpuMs)} ms (${ratio(f.cpuMs, f.porcupine_check_ms_gomaxprocs1)})${target}`);
  }
  lines.push(wrong.length === 0 ? `verdicts: all ${files.length} as expected.json` : `verdicts WRONG: ${wrong.join('; ')}`);
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  for (const l of benchChecker()) console.log(l);
}
