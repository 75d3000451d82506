// election-round-keeps-votes: within one lookForLeader run a round never goes back and, within a round, recvset never
// loses a voter; it fails on what the surviving mutants of election.ts:103 did (`>=`, `if (true)`), and holds on the
// legal moves (a higher round clears recvset, a new lookForLeader starts over, FLE adopting an older round on deciding).
import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView, View } from '../../../sim/index.ts';
import { electionRoundKeepsVotes } from '../../../protocols/zab/election-invariant.ts';
import type { Vote, ZabNode } from '../../../protocols/zab/state.ts';

const vote: Vote = { leader: 1, zxid: 0, electionEpoch: 1, peerEpoch: 0, state: 'LOOKING' };

/** One run's view (the invariant keeps its memory per view object); step() shows n1 in a new state. */
function run() {
  let nodes: NodeView<ZabNode>[] = [];
  const view: View<ZabNode> = {
    nowUs: 0, phase: 'faults', get nodes() { return nodes; }, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    node: (id) => nodes.find((n) => n.id === id)!,
  };
  return (o: { clock: number; voters: string[]; gen?: number; state?: string; incarnation?: number }): string | null => {
    const recvset = Object.fromEntries(o.voters.map((v) => [v, vote]));
    // The invariant reads only these fields.
    const state = { state: o.state ?? 'LOOKING', gen: o.gen ?? 1, logicalclock: o.clock, election: { recvset } } as unknown as ZabNode;
    nodes = [{ id: 'n1' as NodeId, kind: 'node', isUp: true, isPaused: false, disk: new Map(), incarnation: o.incarnation ?? 1, state }];
    return electionRoundKeepsVotes.check(view);
  };
}

describe('zab: election-round-keeps-votes', () => {
  it('holds while votes arrive, when a higher round clears recvset, and across a new lookForLeader or a restart', () => {
    const step = run();
    expect(step({ clock: 1, voters: ['n1'] })).toBeNull();
    expect(step({ clock: 1, voters: ['n1', 'n2'] })).toBeNull();
    expect(step({ clock: 1, voters: ['n1', 'n2', 'n3'] })).toBeNull();
    expect(step({ clock: 3, voters: ['n1', 'n3'] })).toBeNull();
    // Deciding may adopt an ensemble's older round (ZOOKEEPER-1732); the next lookForLeader is a new gen.
    expect(step({ clock: 2, voters: ['n1'], state: 'FOLLOWING' })).toBeNull();
    expect(step({ clock: 3, voters: ['n1'], gen: 2 })).toBeNull();
    expect(step({ clock: 1, voters: ['n1'], gen: 0, incarnation: 2 })).toBeNull();
  });

  it('fails when a same-round notification wipes the votes already counted (mutant `>` → `>=`)', () => {
    const step = run();
    expect(step({ clock: 1, voters: ['n1', 'n2', 'n3'] })).toBeNull();
    expect(step({ clock: 1, voters: ['n1', 'n3'] })).toMatch(/n1 in round 1 dropped the vote\(s\) of n2 from recvset/);
  });

  it('fails when an older round sets the clock back while LOOKING (mutant `if (true)`)', () => {
    const step = run();
    expect(step({ clock: 4, voters: ['n1', 'n2'] })).toBeNull();
    expect(step({ clock: 2, voters: ['n1', 'n3'] })).toMatch(/n1 went from round 4 back to round 2 while LOOKING/);
  });
});
