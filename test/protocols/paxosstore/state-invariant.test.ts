// stateInvariant (protocols/paxosstore/state-invariant.ts) remembers each node's last verdict per run and node (sim's
// NodeMemory): the answer is always the problem's own for the state now held, `passed` is only ever a state the problem
// passed for that node, and two nodes or runs never share a memory.
import { describe, expect, it } from 'vitest';
import type { NodeView, View } from '../../../sim/index.ts';
import { stateInvariant } from '../../../protocols/paxosstore/state-invariant.ts';
import type { NodeState } from '../../../protocols/paxosstore/state.ts';

describe('paxosstore: stateInvariant\'s memory per node object', () => {
  it('answers the problem for the state held now, hands back only passed states, and keeps nodes apart', () => {
    const calls: { s: object; passed: object | undefined }[] = [];
    const inv = stateInvariant('t', 't', (s, id, passed) => {
      calls.push({ s, passed });
      return (s as unknown as { bad: boolean }).bad ? `${id} bad` : null;
    });
    const st = (bad: boolean): NodeState => ({ bad }) as unknown as NodeState;
    const a = { id: 'a1', state: st(false) } as { id: string; state: NodeState | undefined };
    const b = { id: 'a2', state: st(true) } as { id: string; state: NodeState | undefined };
    const view = { nodes: [a, b] } as unknown as View<NodeState>;
    const check = (n: object): string | null => inv.checkNode!(view, n as NodeView<NodeState>);
    expect(check(a)).toBe(null);
    expect(check(b)).toBe('a2 bad');
    expect(check(a)).toBe(null);
    expect(calls.length).toBe(2); // the same state objects: remembered
    const s1 = a.state!;
    a.state = st(true);
    expect(check(a)).toBe('a1 bad');
    expect(calls[2]!.passed).toBe(s1);
    a.state = st(false);
    expect(check(a)).toBe(null);
    expect(calls[3]!.passed).toBe(undefined); // the last state failed: nothing passed to skip from
    b.state = st(false);
    expect(check(b)).toBe(null);
    expect(calls[4]!.passed).toBe(undefined); // b never passed; a's states are not b's
    // Another run (its own view and node object) with a's id and state: its own memory.
    const a2 = { id: 'a1', state: a.state };
    expect(inv.checkNode!({ nodes: [a2] } as unknown as View<NodeState>, a2 as NodeView<NodeState>)).toBe(null);
    expect(calls.length).toBe(6);
    expect(calls[5]!.passed).toBe(undefined);
  });
});
