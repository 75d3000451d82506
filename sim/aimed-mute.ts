// The mute burst: several quorum-then-mute shapes (aimed-cuts.ts) in one plan, each in its own slice of the fault
// phase, each aimed at the start of one node's round and muting that node at its decision. One such shape matters only
// when the round is the node's own (most rounds a node takes part in are other nodes'), so one is a few-percent shot;
// several in one plan multiply the tries without lengthening any. Drawn from its own stream ("fuzz-aimed-mute"), so
// plans without a burst are the ones they were. No protocol names: nodes, logs and message types from the catalog.
import { Prng } from './prng.ts';
import type { FaultStep, Trigger } from './types.ts';
import type { CrashPointCatalog, MessagePoint } from './catalog.ts';
import { appendedLogs, cut, isCutAvailable, messageTypes, sample, sendsOf, talkers, without, type CutSettings } from './aimed-cuts.ts';

/** One plan in this many (of protocols allowing one-way cuts, with three talkers) gets a mute burst. */
export const MUTE_ONE_IN = 3;
/** Shapes per burst. */
export const MUTE_SHAPES_MIN = 3;
export const MUTE_SHAPES_MAX = 5;
/** The plan kind naming a burst in a plan's kinds. */
export const MUTE_KIND = 'mute-burst';

/**
 * The burst's steps. Shape i picks a sender X of a message type, a peer Y and a minority (all but a bare majority
 * holding X and Y), and is armed at a random time in slice i of the fault phase. It starts when X next issues an append
 * to one of the logs it appends to (`edge: before`: X is about to persist a vote, most often for a round just opened,
 * and a read that writes nothing does not count; without such logs, at X's next send to Y): X's links to the minority
 * are cut from there, so the minority never hears the round. X's links to the majority are cut at X's 3rd send to Y
 * after that (the first phase, the second, then the decision): the majority holds an accepted value nobody told it was
 * decided, the minority holds nothing, and a read at the minority is answered by nodes that do not know. Windows
 * phase/30-phase/10 (the minority's a little longer), so the shapes of one burst seldom overlap.
 */
export function drawMuteBurst(seed: number, catalog: CrashPointCatalog, s: CutSettings): FaultStep[] {
  const prng = new Prng(seed, 'fuzz-aimed-mute');
  if (prng.int(MUTE_ONE_IN) !== 0 || !isCutAvailable(catalog)) return [];
  const P = Math.max(1, s.phaseUs);
  const nodes = talkers(catalog);
  const types = messageTypes(catalog.sent);
  const count = MUTE_SHAPES_MIN + prng.int(MUTE_SHAPES_MAX - MUTE_SHAPES_MIN + 1);
  const slice = Math.max(1, Math.floor(P / count));
  const majority = Math.floor(nodes.length / 2) + 1;
  const steps: FaultStep[] = [];
  for (let i = 0; i < count; i++) {
    const type = prng.pick(types);
    const p: MessagePoint = prng.pick(sendsOf(catalog.sent, type, nodes));
    const x = p.node;
    const peers = without(nodes, x);
    const y = prng.pick(peers);
    const minority = sample(prng, without(peers, y), Math.max(1, peers.length - 1 - (majority - 2)));
    const atUs = i * slice + prng.int(slice);
    const w = prng.range(Math.max(1, Math.floor(P / 30)), Math.max(1, Math.floor(P / 10)));
    const logs = appendedLogs(catalog.disk, x);
    const id = `mute-${i + 1}`;
    // The round's start: a log append, then X's sends to Y are its first phase, its second, its decision (3rd);
    // from a send to Y (the first phase itself), the decision is the 2nd after it.
    const opens: Trigger = logs.length > 0 ? { disk: 'append', node: x, file: prng.pick(logs), edge: 'before', id } : { send: type, node: x, to: y, nth: 1, id };
    const decision: Trigger = { send: type, node: x, to: y, nth: logs.length > 0 ? 3 : 2, after: id };
    for (const m of minority) steps.push(cut(atUs, x, m, w + Math.floor(P / 50), opens));
    for (const n of peers) if (!minority.includes(n)) steps.push(cut(atUs, x, n, w, decision));
  }
  return steps;
}
