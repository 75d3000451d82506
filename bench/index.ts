// `npm run bench`: every benchmark, each printing its figures and ratios measured side by side in this one run.
import { existsSync } from 'node:fs';
import { benchKernel } from './kernel.ts';
import { benchMemory } from './memory.ts';

type Bench = () => string[] | Promise<string[]>;

/** Optional benchmarks owned by other areas, loaded when their file exists. */
async function optional(file: string, exportName: string): Promise<Bench | null> {
  const url = new URL(file, import.meta.url);
  if (!existsSync(url)) return null;
  const mod = (await import(url.href)) as Record<string, unknown>;
  return typeof mod[exportName] === 'function' ? (mod[exportName] as Bench) : null;
}

const sections: [string, Bench | null][] = [
  ['kernel throughput', () => benchKernel()],
  ['kernel memory', () => benchMemory()],
  ['linearizability checker', await optional('./checker.ts', 'benchChecker')],
  ['fuzz seed cost per protocol (npm run bench -- --baseline <git-ref> runs that build beside this one)', await optional('./fuzz-seeds.ts', 'benchFuzzSeeds')],
  ['fuzz throughput by jobs', await optional('./fuzz-jobs.ts', 'benchFuzzJobs')],
  ['HTML report size and time to interactive', await optional('./html.ts', 'benchHtml')],
];

for (const [title, run] of sections) {
  console.log(`\n== ${title}`);
  if (run === null) { console.log('(not available)'); continue; }
  for (const line of await run()) console.log(line);
}
