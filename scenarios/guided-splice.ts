// Splicing two corpus plans for guided fuzzing (AFL's splice, Mallory's crossover): the parent's faults before a cut
// time, the other plan's from it on. Each window (partition, one-way partition, datagram loss) travels with the heal
// that ends it, so a spliced plan never keeps a window without its end nor a heal without its window. Pure.
import type { FaultStep, Prng } from '../sim/index.ts';

const WINDOWED = new Set(['partition', 'partition-one-way', 'datagram-loss']);

/** A plan's steps as units: a windowed step with the next heal after it, or a lone step (a heal with no window alone). */
export function spliceUnits(steps: readonly FaultStep[]): FaultStep[][] {
  const units: FaultStep[][] = [];
  const used = new Set<number>();
  steps.forEach((s, i) => {
    if (used.has(i)) return;
    used.add(i);
    if (!WINDOWED.has(s.kind)) { units.push([s]); return; }
    const j = steps.findIndex((x, k) => k > i && !used.has(k) && x.kind === 'heal');
    if (j >= 0) used.add(j);
    units.push(j >= 0 ? [s, steps[j]!] : [s]);
  });
  return units;
}

/**
 * The parent's units that start before `cut` and the other plan's units that start at or after it, the cut drawn in
 * [0, phaseUs). The caller sorts, caps triggered crashes and keeps the result within the fault budget.
 */
export function splicePlans(parent: readonly FaultStep[], other: readonly FaultStep[], phaseUs: number, prng: Prng): FaultStep[] {
  const cut = prng.int(Math.max(1, phaseUs));
  const head = spliceUnits(parent).filter((u) => u[0]!.atUs < cut);
  const tail = spliceUnits(other).filter((u) => u[0]!.atUs >= cut);
  return [...head, ...tail].flat();
}
