// Hidden classes of tair's states and the records checks read (twenty-fifth session, tairbody): a read site that sees
// more than four classes goes megamorphic in V8, and every `{ ...s, x }` clones its source's class, so a census tells
// whether the state-copy.ts literals still hold. Runs fuzz seeds with one more 'states' check that sorts each state
// (and its table, links, peer, conf, DS map and DsInfo) it sees by %HaveSameMap; prints per part the classes and how
// many sightings each had. `node --allow-natives-syntax --import tsx bench/tair-shapes.ts [seeds] [from]`.
import { tairProtocol } from '../protocols/tair/index.ts';
import { fuzzRunConfig } from '../scenarios/fuzz-run.ts';
import { runSimulation, type Invariant, type ProtocolModule, type View } from '../sim/index.ts';
import type { TairState } from '../protocols/tair/state.ts';

const seeds = Number(process.argv[2] ?? 30);
const from = Number(process.argv[3] ?? 1000);
const isSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
const reps = new Map<string, { readonly objects: object[]; readonly counts: number[] }>();

function note(part: string, o: unknown): void {
  if (o === null || typeof o !== 'object') return;
  let r = reps.get(part);
  if (r === undefined) reps.set(part, (r = { objects: [], counts: [] }));
  const i = r.objects.findIndex((x) => isSameMap(x, o));
  if (i >= 0) r.counts[i]!++;
  else { r.objects.push(o); r.counts.push(1); }
}

const census: Invariant<TairState> = {
  name: 'shape-census', description: '', scope: 'states', kinds: ['configserver', 'dataserver', 'client'],
  check(view: View<TairState>) {
    for (const n of view.nodes) {
      const s = n.state;
      if (!n.isUp || s === undefined) continue;
      note(s.kind, s);
      note(`${s.kind}.table`, s.table);
      note(`${s.kind}.links`, s.links);
      if (s.kind !== 'configserver') continue;
      note('configserver.peer', s.peer);
      note('configserver.conf', s.conf);
      note('configserver.ds', s.ds);
      for (const ds in s.ds) note('configserver.ds[]', s.ds[ds]);
    }
    return null;
  },
};
const p = tairProtocol as ProtocolModule;
const withCensus = { ...p, invariants: [...p.invariants, census as ProtocolModule['invariants'][number]] };
for (let i = 0; i < seeds; i++) runSimulation({ ...fuzzRunConfig({ protocol: p, seed: from + i }).config, protocol: withCensus });
console.log(`tair: hidden classes seen after each event, ${seeds} fuzz seeds from ${from} (sightings per class, most first)`);
for (const [part, r] of [...reps].sort((a, b) => a[0].localeCompare(b[0]))) {
  console.log(`  ${part.padEnd(22)} ${String(r.objects.length).padStart(3)}  ${[...r.counts].sort((a, b) => b - a).slice(0, 10).join(' ')}`);
}
