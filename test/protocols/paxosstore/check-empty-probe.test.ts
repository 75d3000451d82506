// steps-taken's read half: a pending check-empty read's marks answer its own probe. Holds on a clean run's states;
// fails when another acceptor's mark was set by an answer to an earlier probe (the paxos.ts `cmd.uuid !== m.uuid`
// → false slip, which fuzz seed 19 of 40 catches with it).
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import { FUZZ_OPTIONS, paxosstoreProtocol } from '../../../protocols/paxosstore/index.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';
import { stepsTaken } from '../../../protocols/paxosstore/invariants-steps.ts';
import { viewOf } from './view-fixture.ts';

describe('paxosstore: steps-taken, check-empty marks answer the pending read\'s probe', () => {
  const r = runSimulation({ protocol: paxosstoreProtocol, seed: 1, options: { ...FUZZ_OPTIONS }, faultPhaseUs: 2_000_000, faults: [] });
  const states = r.finalStates as Record<string, NodeState>;
  const [id, s] = Object.entries(states)[0]!;
  const ent = s.entities['e0']!;
  const entry = ent.maxChosen + 1;
  const base = Object.values(ent.entries)[0]!;
  /** A pending check-empty read of e0's next entry (probe 7) whose marks were set by the probes in `by`. */
  const withRead = (by: readonly number[]): Record<string, NodeState> => {
    const info = { ...base, records: base.records.map(() => base.records[s.idx]!), checkedEmpty: by.map((u, j) => j === s.idx || u > 0), checkedEmptyUuid: 7, checkedEmptyBy: by };
    const cmd = { kind: 'read' as const, reqId: 1 as never, entry, key: 'k0', uuid: 7, timerId: 0 as never, valueId: null };
    return { ...states, [id]: { ...s, cmds: { e0: cmd }, entities: { ...s.entities, e0: { ...ent, entries: { ...ent.entries, [entry]: info } } } } };
  };

  it('holds on the clean states and on a read whose marks answer its own probe', () => {
    expect(r.verdict).toBe('pass');
    expect(stepsTaken.check(viewOf(states))).toBeNull();
    expect(stepsTaken.check(viewOf(withRead(s.entities['e0'] === undefined ? [] : base.records.map((_, j) => (j === s.idx ? 0 : 7)))))).toBeNull();
  });

  it('fails when a mark answers an earlier probe of the same entry', () => {
    const by = base.records.map((_, j) => (j === s.idx ? 0 : j === (s.idx + 1) % base.records.length ? 6 : 7));
    expect(stepsTaken.check(viewOf(withRead(by)))).toMatch(/check-empty mark answers probe 6, the pending read's probe is 7/);
  });
});
