// Perturbed options (FoundationDB's BUGGIFY): per fuzz seed, options the protocol declares in faultBudget.perturb are
// drawn within their ranges from a dedicated stream ("fuzz-perturb"), so the timed plan of a seed does not shift.
import { Prng } from './prng.ts';
import type { PerturbRange } from './protocol-module.ts';

/** Each declared option is perturbed with probability 1/2: uniformly in [min, max] (integers) or one of `oneOf`. */
export function drawPerturbedOptions(seed: number, perturb: Readonly<Record<string, PerturbRange>> | undefined): Record<string, unknown> {
  if (perturb === undefined) return {};
  const prng = new Prng(seed, 'fuzz-perturb');
  const out: Record<string, unknown> = {};
  // Declared order is the protocol's; sort so the draw does not depend on how the object was built.
  for (const name of Object.keys(perturb).sort()) {
    const r = perturb[name]!;
    if (prng.int(2) === 1) continue;
    out[name] = drawInRange(r, prng);
  }
  return out;
}

/** A value drawn within a perturb range: integers uniformly in [min, max], or one of `oneOf`. */
export function drawInRange(r: PerturbRange, prng: Prng): unknown {
  return 'oneOf' in r ? prng.pick(r.oneOf) : prng.range(Math.ceil(r.min), Math.floor(r.max));
}
