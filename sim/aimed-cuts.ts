// Aimed network-cut chains: one-way cuts fired at successive sends of one node to one peer (drawn from the seed's
// crash-point catalog), so a quorum protocol's round reaches exactly a bare majority and its decision then nobody.
// Also `isolate-then-rejoin` (ordered with `after`): one node cut off alone in its own round while two others decide
// without it, the decision lost to one of them, and the isolated node rejoining the decider first and the lagger later.
// The draw lives in aimed-plan.ts; this file holds the shapes.
import { Prng } from './prng.ts';
import type { FaultStep, Trigger } from './types.ts';
import type { CrashPointCatalog, DiskPoint, MessagePoint } from './catalog.ts';

export const CUT_KINDS = ['quorum-then-mute'] as const;
export type CutKind = (typeof CUT_KINDS)[number];

export const isCutKind = (k: string): k is CutKind => (CUT_KINDS as readonly string[]).includes(k);

export interface CutSettings {
  readonly phaseUs: number;
}

/**
 * The nodes that talk on the network (send or receive a message in the recording run), in first-seen order. A cut
 * aims only at them: a node that never talks (a client library outside the network) has no link worth cutting.
 */
export function talkers(catalog: CrashPointCatalog): string[] {
  const out: string[] = [];
  for (const p of [...catalog.sent, ...catalog.received]) if (!out.includes(p.node)) out.push(p.node);
  return out;
}

/** A cut kind needs a send point whose node has at least two peers (one kept, one cut). */
export const isCutAvailable = (catalog: CrashPointCatalog): boolean => catalog.sent.length > 0 && talkers(catalog).length >= 3;

/** `count` distinct items of `xs` in a random order. */
export function sample<T>(prng: Prng, xs: readonly T[], count: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(prng.int(pool.length), 1)[0]!);
  return out;
}

/** A one-way cut from -> to for forUs, armed at atUs, fired by when. */
export const cut = (atUs: number, from: string, to: string, forUs: number, when: Trigger): FaultStep => ({ atUs, kind: 'partition-one-way', from, to, forUs, when });

// The draws below use loops and module-level functions rather than per-call closures: V8 holds a closure's optimised
// code weakly, so a campaign worker recompiled those after every full GC (bench/deopt-census.ts).

/** An index into `weights` (positive integers), with probability proportional to its weight (one prng.int draw). */
export function pickWeighted(prng: Prng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = prng.int(total);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** A duration of phase/lo to phase/hi (at least 1). */
export function span(prng: Prng, phaseUs: number, lo: number, hi: number): number {
  return prng.range(Math.max(1, Math.floor(phaseUs / lo)), Math.max(1, Math.floor(phaseUs / hi)));
}

/** The distinct message types of `sent`, in first-seen order. */
export function messageTypes(sent: readonly MessagePoint[]): string[] {
  const seen = new Set<string>();
  for (const p of sent) seen.add(p.type);
  return [...seen];
}

/** The send points of `type` by one of `nodes`. */
export function sendsOf(sent: readonly MessagePoint[], type: string, nodes: readonly string[]): MessagePoint[] {
  const out: MessagePoint[] = [];
  for (const x of sent) if (x.type === type && nodes.includes(x.node)) out.push(x);
  return out;
}

/** The distinct files `node` appends to (its logs), in first-seen order. */
export function appendedLogs(disk: readonly DiskPoint[], node: string): string[] {
  const seen = new Set<string>();
  for (const d of disk) if (d.node === node && d.op === 'append') seen.add(d.file);
  return [...seen];
}

/** `xs` without `x`. */
export function without(xs: readonly string[], x: string): string[] {
  const out: string[] = [];
  for (const n of xs) if (n !== x) out.push(n);
  return out;
}

/** The trigger of the chain's k-th step: X's (first + k)-th send of `type` to Y. */
const sendTo = (type: string, x: string, y: string, nth: number): Trigger => ({ send: type, node: x, to: y, nth });

/**
 * The steps of one cut chain. Every step fires on the same trigger (node X's sends of one message type to one peer Y,
 * armed at the same time), at increasing `nth`, so the chain holds its order whatever the timing: the kernel counts
 * each step's matches from the same arm time. A cut applied at a send also loses what X sent just before it and is
 * still in flight (datagrams are checked when they arrive), so "at X's k-th send to Y" means "from X's k-th message
 * to Y on, only Y hears X" for the links it cuts.
 */
export function cutSteps(kind: CutKind, prng: Prng, catalog: CrashPointCatalog, s: CutSettings): FaultStep[] {
  const nodes = talkers(catalog);
  // Aim at rare message types as often as at busy ones: a type uniformly, then one of its senders.
  const types = messageTypes(catalog.sent);
  const type = prng.pick(types);
  const p: MessagePoint = prng.pick(sendsOf(catalog.sent, type, nodes));
  const x = p.node;
  const peers = without(nodes, x);
  const y = prng.pick(peers);
  const others = without(peers, y);
  // X's sends of this type to Y: about its count over its peers. Armed from the start at one of them, or (half the
  // time) at a random time, at the first one after it: X is then most often idle, so that send opens a round (its own
  // proposal, or its answer to another's) rather than falling in the middle of one.
  const perPeer = Math.max(1, Math.ceil(p.count / peers.length));
  const armed = prng.int(2) === 0 ? { atUs: 0, nth: 1 + prng.int(perPeer) } : { atUs: prng.int(Math.max(1, s.phaseUs)), nth: 1 };
  // A bare majority of all the talkers is X, Y and (n+1)/2 - 2 more: the rest of X's peers are the minority cut off.
  const majority = Math.floor(nodes.length / 2) + 1;
  const minority = sample(prng, others, Math.max(1, others.length - (majority - 2)));
  const w = prng.range(Math.floor(s.phaseUs / 20), Math.floor(s.phaseUs / 3));
  // The step after the first comes two or three sends later: in a two-phase round the decision is the sender's third
  // message to a peer (prepare, accept, commit), or its fourth when it answered that peer once in between.
  const later = 2 + prng.int(2);
  switch (kind) {
    case 'quorum-then-mute': {
      // X's proposal reaches Y and a bare majority only (the minority never hears of it); a few sends later X goes
      // mute one way: it still hears everyone, but no peer hears X's decision. The majority holds an accepted,
      // undecided record; the minority lags with nothing, and a read there is answered by those who do not know.
      const steps: FaultStep[] = [];
      for (const m of minority) steps.push(cut(armed.atUs, x, m, w + Math.floor(s.phaseUs / 50), sendTo(p.type, x, y, armed.nth)));
      for (const n of peers) if (!minority.includes(n)) steps.push(cut(armed.atUs, x, n, w, sendTo(p.type, x, y, armed.nth + later)));
      return steps;
    }
  }
}

/** One plan in this many (of protocols allowing one-way cuts, with three talkers) gets an isolate-then-rejoin chain. */
export const REJOIN_ONE_IN = 3;

/**
 * isolate-then-rejoin, drawn from its own stream ("fuzz-aimed-rejoin", so plans without it are the ones they were),
 * armed in the first quarter of the fault phase: when X next issues an append to one of its logs (a round of its own,
 * or its vote in another's), X's 2nd send to Z from there (its second phase) cuts X off from everyone for W1: what it
 * accepted alone reaches no one. Once that has fired (`after`), Z's 2nd append to the same log (its accept in the next
 * round there) starts a long cut Z->V: when V proposed that round, V never learns Z's decision. When W1 ends X hears
 * everyone but V, which it is kept apart from (both ways) W2 more: X first repairs itself from Z (which may have
 * discarded the decided record meanwhile), then V repairs from X, with whatever X kept from its lone round. A chain
 * over other nodes' events in order, which one trigger's nth cannot express: nodes, logs and message type are any the
 * catalog saw (without appended logs, sends stand in for the appends).
 */
export function drawRejoinChain(seed: number, catalog: CrashPointCatalog, s: CutSettings): FaultStep[] {
  const prng = new Prng(seed, 'fuzz-aimed-rejoin');
  if (prng.int(REJOIN_ONE_IN) !== 0 || !isCutAvailable(catalog)) return [];
  const P = s.phaseUs;
  const nodes = talkers(catalog);
  const types = messageTypes(catalog.sent);
  const type = prng.pick(types);
  const p: MessagePoint = prng.pick(sendsOf(catalog.sent, type, nodes));
  const x = p.node;
  const [z, v] = sample(prng, without(nodes, x), 2) as [string, string];
  const armAtUs = prng.int(Math.max(1, Math.floor(P / 4)));
  // W1 long enough for Z to decide and discard (phase/10 to phase/3); X and V stay apart W2 more; Z->V longer still.
  const w1 = span(prng, P, 10, 4);
  const w2 = span(prng, P, 30, 10);
  const tail = span(prng, P, 20, 4);
  // X's own round: a log append X issues after an idle moment is most often its own proposal or its answer to one
  // (a read that writes nothing does not count, as it would for a send). Starting there, X's 2nd send to Z is its
  // second phase (prepare, accept): X is cut off alone the moment it has accepted its own value and sent it, so what
  // it accepted reaches no one. Without appended logs: X's first send of the type after a random time.
  const logs = appendedLogs(catalog.disk, x);
  const file = logs.length > 0 ? prng.pick(logs) : null;
  const opens: Trigger = file !== null
    ? { disk: 'append', node: x, file, edge: 'before', id: 'rejoin-round' }
    : { send: type, node: x, to: z, nth: 1, id: 'rejoin-round' };
  const alone: Trigger = { send: type, node: x, to: z, nth: file !== null ? 2 : 1, after: 'rejoin-round', id: 'rejoin' };
  // Then Z's 2nd append to that log (its vote on the next round there: promise, then accept), edge after: Z has
  // accepted, and its answer is cut from V. When V proposed that round, Z knows the value chosen and V never hears it.
  const decided: Trigger = file !== null
    ? { disk: 'append', node: z, file, nth: 2, edge: 'after', after: 'rejoin' }
    : { send: type, node: z, to: v, nth: 2, after: 'rejoin' };
  return [
    // A 1 µs clog changes nothing: it only marks the start of X's round for the isolation's `after`.
    { atUs: armAtUs, kind: 'clog', from: x, to: z, durationUs: 1, when: opens },
    { atUs: armAtUs, kind: 'partition', groups: [[x], ['rest']], forUs: w1, when: alone },
    // X and V stay apart both ways W2 more (1 µs after the isolation lifted its links, so this one is not lifted with
    // them): X first repairs itself from Z, with nothing of V's round reaching it; then V repairs from X.
    { atUs: armAtUs, kind: 'partition', groups: [[x], [v]], forUs: w2, when: alone, delayUs: w1 + 1 },
    cut(armAtUs, z, v, w1 + w2 + tail, decided),
  ];
}
