// Where a warm worker's fuzz seeds allocate: V8's sampling heap profiler over N seeds of one protocol, counting every
// sampled allocation (collected by scavenges and mark-compacts included), printed per seed by allocating function and
// by .ts file. The `--jobs 2` remainder (issue 17) is V8's concurrent GC and compile work per seed, and GC work scales
// with what a seed allocates: this says where those bytes come from. Sampling: one sample per `--interval` bytes
// (default 4096) on average, so a function's bytes are an estimate (Poisson), good to a few percent at these counts.
//   npx tsx bench/alloc-sites.ts [--protocol P] [--seeds N] [--from S] [--top K] [--interval B]
import { Session } from 'node:inspector';
import { parseArgs } from 'node:util';
import { findProtocol } from '../scenarios/registry.ts';
import { runFuzzSeed } from '../scenarios/fuzz-run.ts';

interface SampleNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly id: number;
  readonly children: readonly SampleNode[];
}
interface Sample { readonly size: number; readonly nodeId: number }
interface SamplingProfile { readonly head: SampleNode; readonly samples: readonly Sample[] }

const { values } = parseArgs({
  options: {
    protocol: { type: 'string', default: 'zab' },
    seeds: { type: 'string', default: '200' },
    from: { type: 'string', default: '1000' },
    top: { type: 'string', default: '30' },
    interval: { type: 'string', default: '4096' },
  },
});
const protocol = findProtocol(values.protocol);
if (protocol === undefined) {
  console.error(`alloc-sites: --protocol: unknown protocol '${values.protocol}'`);
  process.exit(2);
}
const seeds = Number(values.seeds);
const from = Number(values.from);
const top = Number(values.top);
const interval = Number(values.interval);
for (const [flag, v] of [['--seeds', seeds], ['--from', from], ['--top', top], ['--interval', interval]] as const) {
  if (!Number.isInteger(v) || v < (flag === '--from' ? 0 : 1)) {
    console.error(`alloc-sites: ${flag}: expected a positive integer`);
    process.exit(2);
  }
}

/** The inspector's callback API, called synchronously here: a local session dispatches before `post` returns. */
function post<T>(session: Session, method: string, params: object = {}): T {
  let out: T | undefined;
  let failure: Error | null = null;
  session.post(method, params, (err, res) => {
    if (err !== null) failure = err;
    else out = res as T;
  });
  if (failure !== null) throw failure;
  if (out === undefined) throw new Error(`alloc-sites: ${method} did not answer synchronously`);
  return out;
}

// Warm up as profile-seeds does: a fresh process allocates differently (feedback, IC stubs) over its first seeds.
for (let s = 0; s < 40; s++) runFuzzSeed({ protocol, seed: from + seeds + s });
const session = new Session();
session.connect();
post(session, 'HeapProfiler.enable');
post(session, 'HeapProfiler.startSampling', {
  samplingInterval: interval,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
let events = 0;
for (let s = 0; s < seeds; s++) events += runFuzzSeed({ protocol, seed: from + s }).events;
const { profile } = post<{ profile: SamplingProfile }>(session, 'HeapProfiler.stopSampling');
session.disconnect();

// Each sample stands for `interval` bytes on average wherever it fell (V8 scales sizes only in the node totals).
const byNode = new Map<number, number>();
for (const s of profile.samples) byNode.set(s.nodeId, (byNode.get(s.nodeId) ?? 0) + 1);
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
const stack: SampleNode[] = [profile.head];
while (stack.length > 0) {
  const n = stack.pop() as SampleNode;
  stack.push(...n.children);
  const count = byNode.get(n.id) ?? 0;
  if (count === 0) continue;
  const file = n.callFrame.url.replace(/^.*\/(sim|protocols|scenarios|bench)\//, '$1/').replace(/^.*node_modules\//, '') || '(native)';
  // The sampling profiler gives a function's line only when its script has positions (tsx's output often has none).
  const line = n.callFrame.lineNumber > 0 ? `:${n.callFrame.lineNumber + 1}` : '';
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}${line}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  byFile.set(file, (byFile.get(file) ?? 0) + count);
  total += count;
}

const kbPerSeed = (count: number): string => ((count * interval) / 1024 / seeds).toFixed(1).padStart(8);
const share = (count: number): string => ((100 * count) / total).toFixed(1).padStart(5);
console.log(`${values.protocol}: ${seeds} seeds from ${from}, ${events} events; about ${kbPerSeed(total).trim()} KB allocated per seed (${((total * interval) / events).toFixed(0)} B/event), sampled every ${interval} B`);
console.log(`\n    KB/seed     %  allocating function (top ${top})`);
for (const [fn, c] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${kbPerSeed(c)} ${share(c)}  ${fn}`);
console.log(`\n    KB/seed     %  file (top ${top})`);
for (const [f, c] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${kbPerSeed(c)} ${share(c)}  ${f}`);
