// Ratios of figures timed side by side, summarised per round. This host's speed drifts between rounds (the kernel's bare
// per-event cost read 0.125-0.188 us across idle runs within 30 minutes, and its second core comes and goes), so a ratio
// of two minima taken at different moments (a protocol's best round over the kernel's best round) carries the drift of
// both: tair read 29x, 75x, 38x and 43x in four idle runs of the same code. A ratio taken within one round (a protocol
// round over the kernel rounds on either side of it; one build's round over the other's of the same seeds) cancels
// what the round's moment did to both, and the median of the rounds' ratios drops a disturbed round.

/** The median and range of per-round ratios. */
export interface Paired { readonly median: number; readonly min: number; readonly max: number; readonly rounds: number }

/** Median (of an even count: the mean of the middle two) and range of per-round figures. */
export function spread(rounds: readonly number[]): Paired {
  if (rounds.length === 0) throw new Error('paired rounds: no rounds');
  const xs = [...rounds].sort((a, b) => a - b);
  const n = xs.length;
  const median = n % 2 === 1 ? xs[n >> 1]! : (xs[n / 2 - 1]! + xs[n / 2]!) / 2;
  return { median, min: xs[0]!, max: xs[n - 1]!, rounds: n };
}

/** num[r] / den[r] for each round r, as median and range. */
export function pairedRatios(num: readonly number[], den: readonly number[]): Paired {
  if (num.length !== den.length) throw new Error(`paired rounds: ${num.length} against ${den.length}`);
  return spread(num.map((x, r) => x / den[r]!));
}

/** "121x (112-130x)" with `digits` decimals. */
export function pairedText(p: Paired, digits: number): string {
  return `${p.median.toFixed(digits)}x (${p.min.toFixed(digits)}-${p.max.toFixed(digits)}x)`;
}
