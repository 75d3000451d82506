// Mutating a seed's perturbed options for guided fuzzing: a mutant may run with its parent's options (the ones that
// reached its rare keys) or its own seed's, with one perturbed option redrawn within the protocol's faultBudget.perturb
// range. Pure: the same (options, prng draws) gives the same overrides. What a mutant runs with is a full override of
// every perturbed option, so the seed's own BUGGIFY draw is masked and the failure file's options replay it alone.
import { drawInRange, type FaultBudget, type Prng } from '../sim/index.ts';

/** Option overrides: what a fuzz run's `fuzzOptions` holds (fuzzOptions, then perturbed ones, then explicit ones). */
export type Options = Readonly<Record<string, unknown>>;

export interface OptionSpace {
  /** The protocol's defaultOptions (the value of a perturbed option a seed did not draw, unless fuzzOptions sets it). */
  readonly defaults: Options;
  readonly budget: FaultBudget;
}

/** The value a perturbed option has when a seed does not draw it: fuzzOptions first, else the default. */
function unset(space: OptionSpace, name: string): unknown {
  const f = space.budget.fuzzOptions ?? {};
  return name in f ? f[name] : space.defaults[name];
}

/**
 * Overrides for every perturbed option: `base`'s value where it has one, else the unset value; then one option (picked
 * uniformly, in sorted name order) redrawn, `redraws` times: within its range, or back to its unset value one time in four.
 */
export function mutateOptions(base: Options, space: OptionSpace, prng: Prng, redraws = 1): Record<string, unknown> {
  const perturb = space.budget.perturb ?? {};
  const names = Object.keys(perturb).sort();
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = name in base ? base[name] : unset(space, name);
  if (names.length === 0) return out;
  // `redraws` > 1 stacks redraws (havoc on the options); the same option may come up twice.
  for (let r = 0; r < redraws; r++) {
    const name = prng.pick(names);
    out[name] = prng.int(4) === 0 ? unset(space, name) : drawInRange(perturb[name]!, prng);
  }
  return out;
}
