// Which fields of a configserver's state its steps change (main runs of fuzz seeds): how many steps change only
// dataserver heartbeat times. `npx tsx bench/tair-cs-steps.ts [seeds] [from]`.
import { tairProtocol } from '../protocols/tair/index.ts';
import { fuzzRunConfig } from '../scenarios/fuzz-run.ts';
import { runSimulation, type ProtocolModule, type Invariant } from '../sim/index.ts';

const seeds = Number(process.argv[2] ?? 30);
const from = Number(process.argv[3] ?? 1000);
const p = tairProtocol as ProtocolModule;
const last = new Map<string, any>();
const sigs = new Map<string, number>();
let steps = 0;
const spy: Invariant<any> = {
  name: 'spy', description: '', scope: 'node', kinds: ['configserver'],
  check: () => null,
  checkNode(_view, n) {
    const key = `${n.id}/${n.incarnation}/${n.isUp}`;
    const prev = last.get(key);
    const s = n.state;
    last.set(key, s);
    if (prev === undefined || s === undefined || prev === s) return null;
    steps++;
    const changed: string[] = [];
    for (const f in s) {
      if (s[f] === prev[f]) continue;
      if (f === 'ds') {
        for (const d in s.ds) {
          if (s.ds[d] === prev.ds[d]) continue;
          for (const g in s.ds[d]) if (s.ds[d][g] !== prev.ds[d]?.[g]) changed.push(`ds.${g}`);
        }
      } else if (f === 'peer') { for (const g in s.peer) if (s.peer[g] !== prev.peer[g]) changed.push(`peer.${g}`); }
      else changed.push(f);
    }
    const sig = [...new Set(changed)].sort().join(',');
    sigs.set(sig, (sigs.get(sig) ?? 0) + 1);
    return null;
  },
};
const m: ProtocolModule = { ...p, invariants: [...p.invariants, spy] };
let events = 0;
for (let i = 0; i < seeds; i++) events += runSimulation({ ...fuzzRunConfig({ protocol: p, seed: from + i }).config, protocol: m }).events;
console.log(`${seeds} seeds, ${events} events, ${steps} configserver steps`);
for (const [s, c] of [...sigs].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(100 * c / steps).toFixed(1)}%  ${s}`);
