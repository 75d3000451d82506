// Aimed network-cut chains: one-way cuts fired at successive sends of one node to one peer (drawn from the seed's
// crash-point catalog), so a quorum protocol's round reaches exactly a bare majority and its decision then nobody.
// Also `isolate-then-rejoin` (ordered with `after`): one node cut off alone in its own round while two others decide
// without it, the decision lost to one of them, and the isolated node rejoining the decider first and the lagger later.
// The draw lives in aimed-plan.ts; this file holds the shapes.
import { Prng } from './prng.ts';
import type { FaultStep, Trigger } from './types.ts';
import type { CrashPointCatalog, MessagePoint } from './catalog.ts';

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

const cut = (atUs: number, from: string, to: string, forUs: number, when: Trigger): FaultStep => ({ atUs, kind: 'partition-one-way', from, to, forUs, when });

/**
 * The steps of one cut chain. Every step fires on the same trigger (node X's sends of one message type to one peer Y,
 * armed at the same time), at increasing `nth`, so the chain holds its order whatever the timing: the kernel counts
 * each step's matches from the same arm time. A cut applied at a send also loses what X sent just before it and is
 * still in flight (datagrams are checked when they arrive), so "at X's k-th send to Y" means "from X's k-th message
 * to Y on, only Y hears X" for the links it cuts.
 */
export function cutSteps(kind: CutKind, prng: Prng, catalog: CrashPointCatalog, s: CutSettings): FaultStep[] {
  const window = (): number => prng.range(Math.floor(s.phaseUs / 20), Math.floor(s.phaseUs / 3));
  const nodes = talkers(catalog);
  // Aim at rare message types as often as at busy ones: a type uniformly, then one of its senders.
  const types = [...new Set(catalog.sent.map((p) => p.type))];
  const type = prng.pick(types);
  const p: MessagePoint = prng.pick(catalog.sent.filter((x) => x.type === type && nodes.includes(x.node)));
  const x = p.node;
  const peers = nodes.filter((n) => n !== x);
  const y = prng.pick(peers);
  const others = peers.filter((n) => n !== y);
  // X's sends of this type to Y: about its count over its peers. Armed from the start at one of them, or (half the
  // time) at a random time, at the first one after it: X is then most often idle, so that send opens a round (its own
  // proposal, or its answer to another's) rather than falling in the middle of one.
  const perPeer = Math.max(1, Math.ceil(p.count / peers.length));
  const armed = prng.int(2) === 0 ? { atUs: 0, nth: 1 + prng.int(perPeer) } : { atUs: prng.int(Math.max(1, s.phaseUs)), nth: 1 };
  const at = (k: number): Trigger => ({ send: p.type, node: x, to: y, nth: armed.nth + k });
  // A bare majority of all the talkers is X, Y and (n+1)/2 - 2 more: the rest of X's peers are the minority cut off.
  const majority = Math.floor(nodes.length / 2) + 1;
  const minority = sample(prng, others, Math.max(1, others.length - (majority - 2)));
  const w = window();
  // The step after the first comes two or three sends later: in a two-phase round the decision is the sender's third
  // message to a peer (prepare, accept, commit), or its fourth when it answered that peer once in between.
  const later = 2 + prng.int(2);
  switch (kind) {
    case 'quorum-then-mute': {
      // X's proposal reaches Y and a bare majority only (the minority never hears of it); a few sends later X goes
      // mute one way: it still hears everyone, but no peer hears X's decision. The majority holds an accepted,
      // undecided record; the minority lags with nothing, and a read there is answered by those who do not know.
      const first = minority.map((m) => cut(armed.atUs, x, m, w + Math.floor(s.phaseUs / 50), at(0)));
      const mute = peers.filter((n) => !minority.includes(n)).map((n) => cut(armed.atUs, x, n, w, at(later)));
      return [...first, ...mute];
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
  const span = (lo: number, hi: number): number => prng.range(Math.max(1, Math.floor(P / lo)), Math.max(1, Math.floor(P / hi)));
  const nodes = talkers(catalog);
  const types = [...new Set(catalog.sent.map((p) => p.type))];
  const type = prng.pick(types);
  const p: MessagePoint = prng.pick(catalog.sent.filter((x) => x.type === type && nodes.includes(x.node)));
  const x = p.node;
  const [z, v] = sample(prng, nodes.filter((n) => n !== x), 2) as [string, string];
  const armAtUs = prng.int(Math.max(1, Math.floor(P / 4)));
  // W1 long enough for Z to decide and discard (phase/10 to phase/3); X and V stay apart W2 more; Z->V longer still.
  const w1 = span(10, 4);
  const w2 = span(30, 10);
  const tail = span(20, 4);
  // X's own round: a log append X issues after an idle moment is most often its own proposal or its answer to one
  // (a read that writes nothing does not count, as it would for a send). Starting there, X's 2nd send to Z is its
  // second phase (prepare, accept): X is cut off alone the moment it has accepted its own value and sent it, so what
  // it accepted reaches no one. Without appended logs: X's first send of the type after a random time.
  const logs = [...new Set(catalog.disk.filter((d) => d.node === x && d.op === 'append').map((d) => d.file))];
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
