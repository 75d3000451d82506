// Hidden classes of a protocol's node states and the records inside them (twenty-fifth session; tairbody's census made
// general). A read site that meets more than four classes goes megamorphic in V8 (its slowest property reads), and
// every `{ ...s, x }` gives its copy a class cloned from its source's, so states copied by spreads pile up classes
// that every handler, check, coverage key and probe then reads slowly (tair: 33 configserver-state classes in 30
// seeds before state-copy.ts, 1 after; its seeds 1.2x cheaper). Runs fuzz seeds with one more 'states' check that sorts
// every object it has not seen before by %HaveSameMap, by path: `<node kind>` for a state, `.field` below it, `[]` for
// a record's entries keyed by a number or a node id. Arrays are walked, not counted (their classes are few).
// `node --allow-natives-syntax --import tsx bench/state-shapes.ts <protocol> [seeds] [from] [depth]`
import { fuzzRunConfig } from '../scenarios/fuzz-run.ts';
import { findProtocol } from '../scenarios/registry.ts';
import { runSimulation, type Invariant, type ProtocolModule, type View } from '../sim/index.ts';

const [name, seedsArg, fromArg, depthArg] = process.argv.slice(2);
const p = name === undefined ? undefined : findProtocol(name);
if (p === undefined) {
  console.error(`usage: node --allow-natives-syntax --import tsx bench/state-shapes.ts <protocol> [seeds] [from] [depth]${name === undefined ? '' : ` (unknown protocol ${name})`}`);
  process.exit(2);
}
const seeds = Number(seedsArg ?? 20);
const from = Number(fromArg ?? 1000);
const depthMax = Number(depthArg ?? 3);
const isSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** Per path: one object of each class seen, and how many distinct objects had it. */
const reps = new Map<string, { readonly objects: object[]; readonly counts: number[] }>();
const seen = new WeakSet<object>();
let nodeIds = new Set<string>();

function note(path: string, o: object): void {
  let r = reps.get(path);
  if (r === undefined) reps.set(path, (r = { objects: [], counts: [] }));
  const i = r.objects.findIndex((x) => isSameMap(x, o));
  if (i >= 0) r.counts[i]!++;
  else { r.objects.push(o); r.counts.push(1); }
}

function walk(path: string, v: unknown, depth: number): void {
  if (v === null || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    if (depth < depthMax) for (const x of v) walk(`${path}[]`, x, depth + 1);
    return;
  }
  note(path, v);
  if (depth >= depthMax) return;
  for (const key of Object.keys(v)) {
    const isEntry = /^\d+$/.test(key) || nodeIds.has(key);
    walk(isEntry ? `${path}[]` : `${path}.${key}`, (v as Record<string, unknown>)[key], depth + 1);
  }
}

const census: Invariant<unknown> = {
  name: 'shape-census', description: '', scope: 'states',
  check(view: View<unknown>) {
    for (const n of view.nodes) if (n.isUp && n.state !== undefined) walk(n.kind, n.state, 0);
    return null;
  },
};
const withCensus = { ...p, invariants: [...p.invariants, census as ProtocolModule['invariants'][number]] } as ProtocolModule;
for (let i = 0; i < seeds; i++) {
  const { config } = fuzzRunConfig({ protocol: p, seed: from + i });
  nodeIds = new Set(p.nodes({ ...p.defaultOptions, ...config.options }).map((n) => n.id as string));
  runSimulation({ ...config, protocol: withCensus });
}
console.log(`${p.name}: hidden classes of the objects in node states, ${seeds} fuzz seeds from ${from}, depth ${depthMax} (paths with more than one class; distinct objects per class, most first)`);
const rows = [...reps].filter(([, r]) => r.objects.length > 1).sort((a, b) => b[1].objects.length - a[1].objects.length || a[0].localeCompare(b[0]));
for (const [path, r] of rows) {
  console.log(`  ${String(r.objects.length).padStart(3)}  ${path.padEnd(40)} ${[...r.counts].sort((a, b) => b - a).slice(0, 8).join(' ')}`);
}
console.log(`  (${reps.size - rows.length} paths with one class)`);
