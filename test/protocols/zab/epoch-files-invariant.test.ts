// Seed 612848's triage: epochs a process booted with (maybe a page-cache rename a machine crash then drops) are not
// promises, so losing them is no alarm; epochs a running process raised (after their fsync) still may never go back.
import { describe, expect, it } from 'vitest';
import type { NodeId, NodeView, View } from '../../../sim/index.ts';
import { epochFiles } from '../../../protocols/zab/epoch-files-invariant.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';

/** One run's view (the invariant keeps its memory per view object); step() shows n1 in a new state. */
function run() {
  let nodes: NodeView<ZabNode>[] = [];
  const view: View<ZabNode> = {
    nowUs: 0, phase: 'faults', get nodes() { return nodes; }, isNetworkHealed: true, aliasHolder: () => null, canConnect: () => true,
    node: (id) => nodes.find((n) => n.id === id)!,
  };
  return (incarnation: number, acceptedEpoch: number, currentEpoch: number): string | null => {
    const state = { acceptedEpoch, currentEpoch } as unknown as ZabNode; // the invariant reads only these two fields
    nodes = [{ id: 'n1' as NodeId, kind: 'node', isUp: true, isPaused: false, disk: new Map(), incarnation, state }];
    return epochFiles.check(view);
  };
}

describe('zab: epoch-files invariant (seed 612848)', () => {
  it('the shrunk seed passes: acceptedEpoch 1 read from the page cache after a process crash, lost by a machine crash', () => {
    const o = runScenario(loadScenario('zab/accepted-epoch-read-from-page-cache-then-lost'));
    expect(o.result.violation).toBeNull();
    expect(o.result.verdict).toBe('pass');
  });

  it('no alarm when epochs a process only booted with are gone after the next restart', () => {
    const step = run();
    expect(step(1, 1, 0)).toBeNull();
    expect(step(3, 0, 0)).toBeNull();
  });

  it('alarms when epochs a running process raised (promised) are gone after a restart', () => {
    const step = run();
    expect(step(1, 0, 0)).toBeNull();
    expect(step(1, 1, 0)).toBeNull();
    expect(step(1, 1, 1)).toBeNull();
    expect(step(3, 1, 0)).toMatch(/n1: epochs went back to accepted 1\/current 0 below the promised 1\/1/);
  });

  it('alarms when epochs go back within one run, and when currentEpoch passes acceptedEpoch', () => {
    const down = run();
    expect(down(1, 2, 1)).toBeNull();
    expect(down(1, 1, 1)).toMatch(/in one run/);
    expect(run()(1, 1, 2)).toMatch(/currentEpoch 2 > acceptedEpoch 1/);
  });
});
