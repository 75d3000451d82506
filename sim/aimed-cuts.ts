// Aimed network-cut chains: one-way cuts fired at successive sends of one node to one peer (drawn from the seed's
// crash-point catalog), so a quorum protocol's round reaches exactly a bare majority and its decision then nobody.
// Also `isolate-then-rejoin` (ordered with `after`): one node cut off alone at its send while two others decide without
// it, the decision lost to one of them, and the isolated node rejoining the decider first and the lagger later.
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
function sample<T>(prng: Prng, xs: readonly T[], count: number): T[] {
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
export const REJOIN_ONE_IN = 4;

/**
 * isolate-then-rejoin, drawn from its own stream ("fuzz-aimed-rejoin", so plans without it are the ones they were):
 * at X's send of a type (armed as the cut chains are), X is cut off from everyone for a window W1 (what it just sent
 * and accepted alone reaches no one). Once that has fired (`after`), Z's 2nd or 3rd send to V (a round of Z's own:
 * V accepts, then the decision) starts a long cut Z->V: V never learns Z's decision. When W1 ends X hears and reaches
 * everyone but V, which it reaches only W2 later: X first repairs itself from Z (which may have discarded the decided
 * record meanwhile), then V repairs from X, with whatever X kept from its lone round. A chain over other nodes' sends
 * in order, which one trigger's nth cannot express: the nodes and message type are any the catalog saw.
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
  const perPeer = Math.max(1, Math.ceil(p.count / (nodes.length - 1)));
  const armed = prng.int(2) === 0 ? { atUs: 0, nth: 1 + prng.int(perPeer) } : { atUs: prng.int(Math.max(1, P)), nth: 1 };
  const alone: Trigger = { send: type, node: x, nth: armed.nth, id: 'rejoin' };
  // W1 long enough for Z to decide and discard (phase/10 to phase/3); X stays cut from V W2 more; Z->V longer still.
  const w1 = span(10, 3);
  const w2 = span(30, 6);
  const decided: Trigger = { send: type, node: z, to: v, nth: 2 + prng.int(2), after: 'rejoin' };
  return [
    { atUs: armed.atUs, kind: 'partition', groups: [[x], ['rest']], forUs: w1, when: alone },
    // 1 µs after the partition lifted the links it blocked, so this cut is not lifted with them.
    { ...cut(armed.atUs, x, v, w2, alone), delayUs: w1 + 1 },
    cut(armed.atUs, z, v, w1 + w2 + span(20, 3), decided),
  ];
}
