// The vote tracker (protocols/paxosstore/forgotten-votes.ts) adds a node's own votes only for the entries that changed
// since it last looked, skipping an entry whose own record is the object the last list held at that number. Its votes
// (entity/entry -> value -> ballot -> acceptor -> the step that first showed the vote) must be those of a plain walk
// that adds every own vote of every entry of every node state it sees, at the same steps, over fuzz runs.
import { describe, expect, it } from 'vitest';
import type { View } from '../../../sim/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import type { VoteTracker } from '../../../protocols/paxosstore/forgotten-votes.ts';
import { observeVotes } from '../../../protocols/paxosstore/forgotten-votes.ts';
import { afterEachFuzzEvent } from './run-fixture.ts';

type Votes = VoteTracker['votes'];

interface Plain { step: number; readonly states: (NodeState | undefined)[]; readonly incarnations: number[]; readonly votes: Votes }

/** Every own vote of every entry of the node states `view` shows that the plain walk has not seen, at its steps. */
function walkAll(p: Plain, view: View<NodeState>): void {
  view.nodes.forEach((n, i) => {
    const s = n.state;
    if (s === undefined || (p.states[i] === s && p.incarnations[i] === n.incarnation)) return;
    p.step++;
    p.states[i] = s;
    p.incarnations[i] = n.incarnation;
    for (const entity of Object.keys(s.entities)) {
      const entries = s.entities[entity]!.entries;
      for (const k of Object.keys(entries)) {
        const own = entries[Number(k)]!.records[s.idx];
        if (own === undefined || own.accepted <= 0 || own.value === null) continue;
        const byValue = p.votes.get(`${entity}/${k}`) ?? new Map();
        p.votes.set(`${entity}/${k}`, byValue);
        const byBallot = byValue.get(own.value.id) ?? new Map();
        byValue.set(own.value.id, byBallot);
        const voters = byBallot.get(own.accepted) ?? new Map();
        byBallot.set(own.accepted, voters);
        if (!voters.has(s.idx)) voters.set(s.idx, p.step);
      }
    }
  });
}

/** The votes as sorted text (map orders differ between the two). */
const text = (votes: Votes): string[] =>
  [...votes].flatMap(([key, byValue]) => [...byValue].flatMap(([value, byBallot]) => [...byBallot].flatMap(([ballot, voters]) =>
    [...voters].map(([idx, step]) => `${key} ${value} ${ballot} a${idx + 1} @${step}`)))).sort();

describe('paxosstore: the vote tracker\'s votes', () => {
  it('are a plain walk\'s of every entry of every state seen, after every event of fuzz runs', () => {
    let view: View<NodeState> | null = null;
    let plain: Plain | null = null;
    let tracker: VoteTracker | null = null;
    let runs = 0;
    let votes = 0;
    const compare = (): void => {
      if (plain === null || tracker === null) return;
      expect(tracker.step).toBe(plain.step);
      const want = text(plain.votes);
      expect(text(tracker.votes)).toEqual(want);
      votes += want.length;
      runs++;
    };
    afterEachFuzzEvent(1000, 1012, (v) => {
      if (v !== view) {
        compare();
        view = v;
        plain = { step: 0, states: [], incarnations: [], votes: new Map() };
      }
      tracker = observeVotes(v);
      walkAll(plain!, v);
    });
    compare();
    expect(runs).toBe(12);
    expect(votes).toBeGreaterThan(500);
  });
});
