// The anomaly names a protocol may count: what it declares in ProtocolModule.anomalies plus the names of its anomaly
// probes. Why a closed list: a scenario expecting `{"anomaly": "dual-mastr"}` would otherwise read "seen 0 times" and
// a typo would pass for "the hazard never happened"; and a node counting a name the protocol never declared (a renamed
// anomaly, a copy-paste slip) would silently split one hazard's tally in two. So loading refuses an unknown expected
// name (exit 2), and the kernel refuses to count an undeclared one (the run ends as a crash naming it).
import type { ProtocolModule } from './protocol-module.ts';
import type { World } from './world.ts';

const cache = new WeakMap<ProtocolModule, ReadonlySet<string> | null>();

/** Declared names (anomalies + anomaly probes), or null when the protocol declares no list (no checking then). */
export function declaredAnomalyNames(p: ProtocolModule): ReadonlySet<string> | null {
  let names = cache.get(p);
  if (names !== undefined) return names;
  if (p.anomalies === undefined) names = null;
  else {
    const set = new Set(Object.keys(p.anomalies));
    for (const a of p.anomalyProbes ?? []) set.add(typeof a === 'string' ? a : a.name);
    names = set;
  }
  cache.set(p, names);
  return names;
}

/** Counts one sighting of `name`; throws (a protocol bug, reported as the run's crash) when the name is undeclared. */
export function countAnomaly(w: World, name: string): void {
  const names = declaredAnomalyNames(w.protocol);
  if (names !== null && !names.has(name)) {
    throw new Error(`protocol ${w.protocol.name} counted the anomaly "${name}", which it does not declare (ProtocolModule.anomalies or anomalyProbes)`);
  }
  w.anomalies[name] = (w.anomalies[name] ?? 0) + 1;
}
