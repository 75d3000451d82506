// The --jobs 2 / --jobs 1 figure against the plain-loop ceiling, paired per campaign (bench/fuzz-jobs.ts).
// This host's share of two cores moves within seconds (a ceiling taken once per round, before and after every build's
// campaigns, read 1.37-2.82 over one idle run), so each campaign is priced against the plain loop with as many threads
// run right beside it: the figure of a round is (jobs2 / loop2) / (jobs1 / loop1), i.e. (jobs2 / jobs1) over the
// ceiling loop2 / loop1. A slowdown that hits a campaign and its paired loop alike leaves the figure where it was.
import { spread } from './paired-rounds.ts';

/** One round of one build: seeds/min of each campaign, and the loop's rate (iterations/ms, all threads) beside each. */
export interface PairedRound {
  readonly jobs1: number;
  readonly jobs2: number;
  readonly loop1: number;
  readonly loop2: number;
}

/** The round's ceiling: what two threads of a pure CPU loop got over one, beside the campaigns. */
export const pairedCeiling = (r: PairedRound): number => r.loop2 / r.loop1;

/** The round's figure (goal >= 0.95): --jobs 2 over --jobs 1, over the ceiling paired with them. */
export const ofPairedCeiling = (r: PairedRound): number => r.jobs2 / r.jobs1 / pairedCeiling(r);

/** The per-round figures' median and spread (min-max; paired-rounds.ts's spread), as the bench prints them. */
export function summary(xs: readonly number[]): string {
  const p = spread(xs);
  return `median ${p.median.toFixed(2)} (spread ${p.min.toFixed(2)}-${p.max.toFixed(2)} over ${p.rounds} rounds)`;
}
