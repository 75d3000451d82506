// Fuzz-seed trace hashes and verdicts per protocol: the byte-identity baseline every kernel optimisation is checked against.
// `tsx bench/trace-hashes.ts [--seeds N] [--from S] [--protocol P]... [--faults timed|aimed] [--write FILE] [--check FILE]`
// prints one line per seed; --write stores them (JSON; with --protocol only those protocols' blocks are replaced);
// --check compares with a stored file and exits 1 on any difference. `--faults aimed` runs the fuzzer's default plans
// (catalog recording, triggered steps, perturbed options), which the timed baseline does not reach: use it, against a
// file written from the code before, for a change to the aimed machinery (sim/catalog.ts, sim/aimed-*.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registeredProtocols } from '../scenarios/registry.ts';
import { runFuzzSeed } from '../scenarios/fuzz-run.ts';
import type { ProtocolModule, RunConfig } from '../sim/index.ts';

export interface SeedHash { readonly seed: number; readonly traceHash: string; readonly verdict: string; readonly events: number; readonly violation?: string }
export type HashFile = {
  readonly from: number;
  readonly seeds: number;
  /** Seeds per bug flag (from the same first seed), kept under "<protocol>+<bug>". */
  readonly bugSeeds: number;
  /** The plans the seeds ran: absent = 'timed' (the committed baseline). */
  readonly faults?: 'timed' | 'aimed';
  /** Per protocol, a hash of its source folder when the file was written: a deliberate protocol change explains a difference. */
  readonly sources: Record<string, string>;
  readonly protocols: Record<string, SeedHash[]>;
};

export const BASELINE_FILE = fileURLToPath(new URL('./baseline/trace-hashes.json', import.meta.url));

/** Every .ts file under `dir` (absolute paths). */
export function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

/** A hash of files' contents and their paths relative to `base`, sorted by path: what the code is, not when it was written. */
export function hashFiles(base: string, files: readonly string[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort()) h.update(f.slice(base.length)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** A hash of protocols/<name>/ code (every .ts file, sorted by path): a README edit does not change how a protocol runs. */
export function protocolSourceHash(name: string): string {
  const dir = fileURLToPath(new URL(`../protocols/${name}/`, import.meta.url));
  return hashFiles(dir, tsFilesUnder(dir));
}

/** One seed per line, so a diff of the file names the seeds that changed. */
function formatHashFile(f: HashFile): string {
  const blocks = Object.entries(f.protocols).map(([p, hs]) => `${JSON.stringify(p)}: [\n${hs.map((h) => `  ${JSON.stringify(h)}`).join(',\n')}\n]`);
  return `{"from": ${f.from}, "seeds": ${f.seeds}, "bugSeeds": ${f.bugSeeds}, ${f.faults === undefined ? '' : `"faults": ${JSON.stringify(f.faults)}, `}"sources": ${JSON.stringify(f.sources)}, "protocols": {\n${blocks.join(',\n')}\n}}\n`;
}

export function seedHashes(protocol: ProtocolModule, seeds: readonly number[], bugs: readonly string[] = [], run: Partial<RunConfig> = {}, faults: 'timed' | 'aimed' = 'timed'): SeedHash[] {
  return seeds.map((seed) => {
    // Timed plans by default: the baseline predates aimed faults, and guards the kernel, which timed runs exercise unchanged.
    const r = runFuzzSeed({ protocol, seed, bugs, run, faults });
    const v = r.violation;
    return { seed, traceHash: r.traceHash, verdict: r.verdict, events: r.events, ...(v === null ? {} : { violation: `${v.name}@${v.eventIndex}` }) };
  });
}

/** The campaigns a hash file holds: each protocol clean ("zab") and with each of its bug flags ("zab+zab/x"). */
export function campaigns(protocols: readonly ProtocolModule[]): { key: string; protocol: ProtocolModule; bugs: readonly string[] }[] {
  return protocols.flatMap((p) => [{ key: p.name, protocol: p, bugs: [] as string[] }, ...p.bugs.map((b) => ({ key: `${p.name}+${b.id}`, protocol: p, bugs: [b.id] }))]);
}

/** Lines naming every seed whose hash, verdict or event count differs from the stored one. */
export function diffHashes(stored: readonly SeedHash[], now: readonly SeedHash[], protocol: string): string[] {
  const byseed = new Map(stored.map((s) => [s.seed, s]));
  const out: string[] = [];
  for (const n of now) {
    const s = byseed.get(n.seed);
    if (s === undefined) continue;
    const text = (h: SeedHash): string => `${h.traceHash} ${h.verdict}${h.violation === undefined ? '' : ` ${h.violation}`} ${h.events} events`;
    if (text(s) !== text(n)) out.push(`${protocol} seed ${n.seed}: stored ${text(s)}, now ${text(n)}`);
  }
  return out;
}

function main(argv: readonly string[]): number {
  const flag = (name: string): string | undefined => { const i = argv.indexOf(`--${name}`); return i < 0 ? undefined : argv[i + 1]; };
  const names = argv.flatMap((a, i) => (a === '--protocol' ? [argv[i + 1]!] : []));
  const seedsN = Number(flag('seeds') ?? 300);
  const from = Number(flag('from') ?? 1);
  const bugSeeds = Number(flag('bug-seeds') ?? 15);
  const check = flag('check');
  const faults = flag('faults') ?? 'timed';
  if (faults !== 'timed' && faults !== 'aimed') { console.error(`--faults: expected timed or aimed, got ${faults}`); return 2; }
  const stored = check === undefined ? null : (JSON.parse(readFileSync(check, 'utf8')) as HashFile);
  if (stored !== null && (stored.faults ?? 'timed') !== faults) { console.error(`--check ${check}: holds ${stored.faults ?? 'timed'} plans, this run uses --faults ${faults}`); return 2; }
  const protocols = registeredProtocols().filter((p) => names.length === 0 || names.includes(p.name));
  const file: HashFile = { from, seeds: seedsN, bugSeeds, ...(faults === 'aimed' ? { faults } : {}), sources: Object.fromEntries(protocols.map((p) => [p.name, protocolSourceHash(p.name)])), protocols: {} };
  let diffs = 0;
  for (const { key, protocol, bugs } of campaigns(protocols)) {
    const seeds = Array.from({ length: bugs.length === 0 ? seedsN : bugSeeds }, (_, i) => from + i);
    const t0 = performance.now();
    const hs = seedHashes(protocol, seeds, bugs, {}, faults);
    file.protocols[key] = hs;
    const p = { name: key };
    const ms = performance.now() - t0;
    if (stored !== null) {
      const d = diffHashes(stored.protocols[p.name] ?? [], hs, p.name);
      // A seed the baseline does not hold is not compared: say so and fail, so `--seeds 2000` against a 300-seed
      // baseline cannot pass as a 2,000-seed check.
      const held = new Set((stored.protocols[p.name] ?? []).map((h) => h.seed));
      const unchecked = hs.filter((h) => !held.has(h.seed)).length;
      diffs += d.length + unchecked;
      for (const l of d) console.log(l);
      console.log(`${p.name}: ${hs.length} seeds, ${hs.length - unchecked} compared, ${d.length} differ from ${check}${unchecked > 0 ? `, ${unchecked} NOT in the baseline (not compared)` : ''} (${ms.toFixed(0)} ms)`);
    } else if (flag('write') === undefined) {
      for (const h of hs) console.log(`${p.name} ${h.seed} ${h.traceHash} ${h.verdict} ${h.events}`);
    } else {
      console.log(`${p.name}: ${hs.length} seeds (${ms.toFixed(0)} ms), ${hs.filter((h) => h.verdict !== 'pass').length} failing`);
    }
  }
  const out = flag('write');
  if (out !== undefined) {
    // With --protocol, only those protocols are rewritten: the others keep their stored blocks and source hashes, so a
    // change to one protocol does not re-baseline (and hide changes in) the rest.
    const kept = names.length > 0 && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as HashFile) : null;
    const merged: HashFile = kept === null || kept.from !== from || kept.seeds !== seedsN || kept.bugSeeds !== bugSeeds || kept.faults !== file.faults ? file : {
      ...file,
      sources: { ...kept.sources, ...file.sources },
      protocols: Object.fromEntries(Object.entries({ ...kept.protocols, ...file.protocols })),
    };
    writeFileSync(out, formatHashFile(merged));
  }
  return diffs === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) process.exitCode = main(process.argv.slice(2));
