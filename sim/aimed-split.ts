// The aimed burst split: a node is cut off from everyone the moment it has handled the head of a burst (a message its
// sender followed, in the same instant, with more: a sync announcing the data that comes next), so it keeps what the
// head told it but never gets the rest, and rejoins later from that state (ZOOKEEPER-2355's shape, in no protocol's
// terms: a learner that took a sync's position before the data arrived). A partition, not a crash: what the node holds
// in memory is the point. Drawn per plan from its own stream ("fuzz-aimed-split") by aimed-plan.ts, so plans without it
// are the ones they were; aimed at a burst the recording saw after its first fault (a node that fell behind resyncing).
import { Prng } from './prng.ts';
import type { FaultStep } from './types.ts';
import { TRIGGER_TARGET } from './trigger-types.ts';
import type { MessagePoint } from './catalog.ts';
import { messageTypes, pickWeighted } from './aimed-cuts.ts';

/** One plan in this many gets the split (when the recording saw a late burst of at least SPLIT_TAIL_MIN + 1 messages). */
export const SPLIT_ONE_IN = 3;
/** The head must be followed by at least this many messages: a lone reply pair (a proposal and its commit) is no sync. */
export const SPLIT_TAIL_MIN = 2;

/** The plan kind naming the split in a plan's kinds. */
export const SPLIT_KIND = 'split-burst-at-receive';

/**
 * The split for seed `seed`, or none. A message type uniformly among those that opened a late burst long enough (a rare
 * type weighs as much as a busy one), then one of its receivers with weight the length of its longest late burst; armed at
 * that burst's head (nth 1, after the handler ran), cut off for a window like the timed swarm's (phase/20 to phase/3).
 */
export function drawSplit(seed: number, received: readonly MessagePoint[], phaseUs: number): FaultStep[] {
  const prng = new Prng(seed, 'fuzz-aimed-split');
  if (prng.int(SPLIT_ONE_IN) !== 0) return [];
  // Loops, not closures made per call: V8 holds a closure's optimised code weakly (recompiled after each full GC).
  const fit: MessagePoint[] = [];
  for (const r of received) if (r.burst !== undefined && r.burstLateUs !== undefined && r.burst >= SPLIT_TAIL_MIN) fit.push(r);
  if (fit.length === 0) return [];
  const type = prng.pick(messageTypes(fit));
  const of: MessagePoint[] = [];
  const bursts: number[] = [];
  for (const r of fit) if (r.type === type) { of.push(r); bursts.push(r.burst!); }
  const r = of[pickWeighted(prng, bursts)]!;
  const forUs = prng.range(Math.max(1, Math.floor(phaseUs / 20)), Math.max(1, Math.floor(phaseUs / 3)));
  return [{
    atUs: r.burstLateUs!, kind: 'partition', groups: [[TRIGGER_TARGET], ['rest']], forUs,
    when: { receive: type, node: r.node, nth: 1, edge: 'after' },
  }];
}
