// Checker-side anomalies (ProtocolModule.anomalyProbes): hazards of the real design that no node can see, counted by
// the kernel once per rising edge into RunResult.anomalies, after the events that changed node states.
//
// DESIGN
// - Why: ctx.anomaly counts a hazard only when some node notices it. Some hazards are facts about several nodes at
//   once (Tair: a dataserver and a configserver hold one table version with different content) that no single
//   node can observe; without this hook they go uncounted and a campaign under-reports the real design's hazards.
// - Counting: once per rising edge (absent -> present). A hazard that stays present over a thousand events is one
//   sighting; it counts again only after it was absent after some event. Each sighting writes an `anomaly` trace
//   record (node null: the checker saw it, not a node) with the detail `present()` returned, in the event that made
//   it present, before the kernel's per-event trace checkpoint, as a ctx.anomaly record would be.
// - Cost: nothing for protocols without anomaly probes (no watcher). Otherwise the watcher compares each node's
//   state object (states are immutable, so identity means unchanged), isUp, isPaused, incarnation and disk version
//   with what it saw last, and evaluates the probes only when one of them changed. Skipping is exact, not an
//   approximation: a probe that reads only those (the AnomalyProbe contract) cannot change value on such an event.
// - Determinism: evaluation does not depend on the invariant-check mode (scoped or full), so scoped and full runs of
//   one seed keep one trace. Probes run in declaration order; they must not write to the view.
// - Checker-side: they run with the invariants. A run with checkInvariants: false (the catalog's recording run, the
//   shrinker's checks-off replay, kernel benchmarks) counts none, and its trace has no such records.
// - Names: a checker-side name must differ from every name the protocol's nodes pass to ctx.anomaly (one hazard,
//   one name, counted once); two anomaly probes with one name are a protocol error, reported at run start.
import type { World } from './world.ts';
import type { AnomalyProbe } from './protocol-module.ts';
import type { View } from './types.ts';
import { NodeChangeTracker } from './node-change.ts';
import { countAnomaly } from './anomaly-names.ts';

interface Watched {
  readonly name: string;
  present(view: View<unknown>, opts: unknown): string | null;
  wasPresent: boolean;
}

export class AnomalyWatcher {
  /**
   * What a probe may read of each node, as last seen: the run's tracker, shared with the invariant checks and coverage,
   * which look after the same events (sim/node-change.ts lookAt).
   */
  constructor(private readonly w: World, private readonly probes: readonly Watched[], private readonly changes: NodeChangeTracker) {}

  /** After an event that did something: count every probe that turned present, if any node changed. */
  afterEvent(): void {
    if (this.changes.lookAt(this.w.eventIndex) === 0) return;
    const w = this.w;
    for (const p of this.probes) {
      const detail = p.present(w.view, w.opts);
      if (detail !== null && !p.wasPresent) {
        countAnomaly(w, p.name);
        w.record('anomaly', null, `${p.name}: ${detail}`);
      }
      p.wasPresent = detail !== null;
    }
  }
}

/** The run's watcher, or null when the protocol declares no anomaly probes. Throws on a bad declaration. */
export function watchAnomalies(w: World, changes: NodeChangeTracker = new NodeChangeTracker(w.nodes)): AnomalyWatcher | null {
  const p = w.protocol;
  const list = p.anomalyProbes ?? [];
  if (list.length === 0) return null;
  const watched: Watched[] = [];
  for (const entry of list as readonly (string | AnomalyProbe<unknown>)[]) {
    const probe = typeof entry === 'string' ? fromNamedProbe(w, entry) : entry;
    if (watched.some((x) => x.name === probe.name)) throw new Error(`protocol ${p.name}: anomalyProbes lists "${probe.name}" twice`);
    watched.push({ name: probe.name, present: (view, opts) => probe.present(view, opts), wasPresent: false });
  }
  return new AnomalyWatcher(w, watched, changes);
}

/** A scenario probe used as an anomaly: present while it holds; the detail is its description. */
function fromNamedProbe(w: World, name: string): AnomalyProbe<unknown> {
  const probe = w.protocol.probes?.[name];
  if (probe === undefined) {
    throw new Error(`protocol ${w.protocol.name}: anomalyProbes names no probe "${name}" (probes: ${Object.keys(w.protocol.probes ?? {}).join(', ') || 'none'})`);
  }
  return { name, description: probe.description, present: (view, opts) => (probe.check(view, opts) === null ? probe.description : null) };
}
