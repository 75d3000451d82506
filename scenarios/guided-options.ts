// Mutating a seed's perturbed options for guided fuzzing: a mutant may run with its parent's options (the ones that
// reached its rare keys) or its own seed's, with one perturbed option redrawn within the protocol's faultBudget.perturb
// range. Pure: the same (options, prng draws) gives the same overrides. What a mutant runs with is a full override of
// every perturbed option, so the seed's own BUGGIFY draw is masked and the failure file's options replay it alone.
import { drawInRange, type FaultBudget, type Prng } from '../sim/index.ts';
import type { WideOptionSpace } from './guided-wide.ts';

/** Option overrides: what a fuzz run's `fuzzOptions` holds (fuzzOptions, then perturbed ones, then explicit ones). */
export type Options = Readonly<Record<string, unknown>>;

export interface OptionSpace {
  /** The protocol's defaultOptions (the value of a perturbed option a seed did not draw, unless fuzzOptions sets it). */
  readonly defaults: Options;
  readonly budget: FaultBudget;
  /**
   * Wide mutants (guided-wide.ts; absent = none, and no prng draw, so a campaign without them is unchanged): one option
   * mutant in `oneIn` draws from `space`'s ranges (the perturbed options and the wide ones), with up to `extraRedraws`
   * redraws stacked on its own.
   */
  readonly wide?: { readonly space: WideOptionSpace; readonly oneIn: number; readonly extraRedraws: number; readonly fullOneIn?: number | null };
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
  if (space.wide !== undefined && prng.int(space.wide.oneIn) === 0) return mutateWide(base, space, space.wide, out, prng, redraws);
  // `redraws` > 1 stacks redraws (havoc on the options); the same option may come up twice.
  for (let r = 0; r < redraws; r++) {
    const name = prng.pick(names);
    out[name] = prng.int(4) === 0 ? unset(space, name) : drawInRange(perturb[name]!, prng);
  }
  return out;
}

/**
 * A wide mutant: every perturbed and every wide option overridden (`base`'s value, else the unset one, so the failure
 * file holds the whole configuration), then `redraws` + 0..extraRedraws options redrawn from the wide ranges (or the
 * perturb range of an option with no wide one; back to unset one time in four), then made consistent by `fit`.
 */
function mutateWide(
  base: Options, space: OptionSpace, wide: NonNullable<OptionSpace['wide']>, perturbed: Record<string, unknown>, prng: Prng, redraws: number,
): Record<string, unknown> {
  const perturb = space.budget.perturb ?? {};
  const names = [...new Set([...Object.keys(perturb), ...Object.keys(wide.space.ranges)])].sort();
  const out: Record<string, unknown> = { ...perturbed };
  for (const name of names) if (!(name in out)) out[name] = name in base ? base[name] : unset(space, name);
  // A full wide draw one time in fullOneIn: every option afresh, as BUGGIFY draws a seed's (each one with probability
  // 1/2, from its wide range), so a mutant can land anywhere in the wide space, not only a few redraws from its parent.
  if (wide.fullOneIn != null && prng.int(wide.fullOneIn) === 0) {
    for (const name of names) out[name] = prng.int(2) === 0 ? drawInRange(wide.space.ranges[name] ?? perturb[name]!, prng) : unset(space, name);
    return wide.space.fit(out);
  }
  const n = redraws + (wide.extraRedraws > 0 ? prng.range(0, wide.extraRedraws) : 0);
  for (let r = 0; r < n; r++) {
    const name = prng.pick(names);
    out[name] = prng.int(4) === 0 ? unset(space, name) : drawInRange(wide.space.ranges[name] ?? perturb[name]!, prng);
  }
  return wide.space.fit(out);
}
