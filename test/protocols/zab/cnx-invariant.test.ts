// election-sends-well-formed: what a server queues or records as last sent to a peer is a whole notification. Holds on
// clean runs (whose records are non-empty, so the check reads something); fails on the record the surviving mutant of
// the seventh session's sample (cnx.ts flush: `if (found === undefined) return` → `if (false)`) leaves: `{ ...undefined }`.
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../sim/index.ts';
import type { NodeId, NodeView, View } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import { electionSendsWellFormed } from '../../../protocols/zab/cnx-invariant.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

const viewOf = (states: Record<string, ZabNode>): View<ZabNode> => {
  const nodes: NodeView<ZabNode>[] = Object.entries(states).map(([id, state]) => ({ id: id as NodeId, kind: 'node', isUp: true, isPaused: false, disk: new Map(), incarnation: 1, state }));
  return { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true, node: (id) => nodes.find((n) => n.id === id)! };
};

describe('zab: election-sends-well-formed', () => {
  const r = runSimulation({ protocol: zabProtocol, seed: 1, faultPhaseUs: 4_000_000, faults: [] });
  const finals = r.finalStates as Record<string, ZabNode>;

  it('holds on a clean run, whose servers did record notifications sent', () => {
    expect(r.verdict, r.violation?.message).toBe('pass');
    expect(zabProtocol.invariants.map((i) => i.name)).toContain('election-sends-well-formed');
    expect(Object.values(finals).some((s) => Object.keys(s.cnx.lastSent).length > 0)).toBe(true);
    expect(electionSendsWellFormed.check(viewOf(finals))).toBeNull();
  });

  it('fails on an empty notification recorded as last sent (flush without its guard)', () => {
    const [id, s] = Object.entries(finals).find(([, x]) => Object.keys(x.cnx.lastSent).length > 0)!;
    const peer = Object.keys(s.cnx.lastSent)[0]!;
    const slipped = { ...s, cnx: { ...s.cnx, lastSent: { ...s.cnx.lastSent, [peer]: {} } } } as unknown as ZabNode;
    expect(electionSendsWellFormed.check(viewOf({ ...finals, [id]: slipped }))).toBe(`${id}'s last sent notification for ${peer} is not a whole notification (type undefined)`);
  });

  it('fails on a queued notification missing its vote', () => {
    const [id, s] = Object.entries(finals)[0]!;
    const partial = { type: 'notification', state: 'LOOKING', version: 2, len: 40 };
    const slipped = { ...s, cnx: { ...s.cnx, queued: { n9: partial } } } as unknown as ZabNode;
    expect(electionSendsWellFormed.check(viewOf({ [id]: slipped }))).toMatch(/queued notification for n9 is not a whole notification \(no leader, zxid, electionEpoch, peerEpoch\)/);
  });
});
