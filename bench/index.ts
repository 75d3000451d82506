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

// `npm run bench -- hunt --seeds 200 --protocol zab`: one section by name, the remaining arguments passed to it.
// Flags first (`npm run bench -- --baseline main`) run every section; fuzz-seeds reads --baseline from the arguments.
const args = process.argv.slice(2);
const isFlagsOnly = args[0] === undefined || args[0].startsWith('--');
const only: string | undefined = isFlagsOnly ? undefined : args[0];
const rest: readonly string[] = isFlagsOnly ? args : args.slice(1);
const hunt = await optional('./hunt.ts', 'benchHunt');

const sections: [string, Bench | null][] = [
  ['kernel throughput', () => benchKernel()],
  ['kernel memory', () => benchMemory()],
  ['linearizability checker', await optional('./checker.ts', 'benchChecker')],
  ['fuzz seed cost per protocol', await optional('./fuzz-seeds.ts', 'benchFuzzSeeds')],
  ['fuzz throughput by jobs', await optional('./fuzz-jobs.ts', 'benchFuzzJobs')],
  ['HTML report size and time to interactive', await optional('./html.ts', 'benchHtml')],
  ['hunt', hunt && (() => (hunt as (argv: readonly string[]) => Promise<string[]>)(only === 'hunt' ? rest : []))],
  ['CLI start-up', await optional('./startup.ts', 'benchStartup')],
  ['coverage-guided fuzzing', await optional('./coverage.ts', 'benchCoverage')],
  ['clean campaigns', await optional('./clean-campaigns.ts', 'benchCleanCampaigns')],
];

const names: Record<string, string> = { kernel: 'kernel throughput', memory: 'kernel memory', checker: 'linearizability checker', 'fuzz-seeds': 'fuzz seed cost per protocol', 'fuzz-jobs': 'fuzz throughput by jobs', html: 'HTML report size and time to interactive', hunt: 'hunt', startup: 'CLI start-up', coverage: 'coverage-guided fuzzing', campaigns: 'clean campaigns' };
if (only !== undefined && names[only] === undefined) {
  console.error(`bench: unknown section "${only}" (known: ${Object.keys(names).join(', ')})`);
  process.exit(2);
}

for (const [title, run] of sections.filter(([t]) => only === undefined || t === names[only])) {
  console.log(`\n== ${title}`);
  if (run === null) { console.log('(not available)'); continue; }
  for (const line of await run()) console.log(line);
}
