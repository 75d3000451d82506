// The zab coverage key sees a server not started yet, one started late that no leader has synced, FLE's back-off, a
// snapshot held only in memory, the last txn's epoch against currentEpoch, a leader's learners mid-sync, and (twelfth
// session) the election connections, a zxid counter near its rollover and a committedLog holding txns, presence only.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';
import { nodeId } from '../../../sim/index.ts';
import type { NodeView, View } from '../../../sim/index.ts';
import { zabProtocol } from '../../../protocols/zab/index.ts';
import type { ZabNode } from '../../../protocols/zab/state.ts';

const keysOf = (name: string): readonly string[] => runScenario(loadScenario(name)).result.coverage!.keys;
/** The key's election and late-start fields (4th and 5th). */
const fleAndLate = (k: string): string => k.split('|').slice(3, 5).join('|');

/** The distinct values of the live servers' key field that starts with `prefix`. */
function fieldOf(name: string, prefix: string): Set<string> {
  const keys = runScenario(loadScenario(name)).result.coverage!.keys;
  return new Set(keys.map((k) => k.split('|').find((f) => f.startsWith(prefix))).filter((f) => f !== undefined));
}

/** n1's key with its state replaced by `s`, in a view of the run's final states (disks empty). */
function n1KeyWith(states: Record<string, ZabNode>, s: ZabNode): string {
  const nodes: NodeView<ZabNode>[] = Object.entries({ ...states, n1: s }).map(([nid, state]) => ({
    id: nodeId(nid), kind: 'participant', isUp: true, isPaused: false, state, disk: new Map(), incarnation: 1,
  }));
  const view: View<ZabNode> = { nowUs: 0, phase: 'faults', nodes, isNetworkHealed: true, node: (nid) => nodes.find((n) => n.id === nid)!, aliasHolder: () => null, canConnect: () => true };
  return zabProtocol.coverageKey!(view.node(nodeId('n1')), view)!;
}

describe('zab coverage key', () => {
  it('keys a late server by its disk until it starts, then as joining until its first sync completes', () => {
    const keys = keysOf('zab/late-start-joins-by-snap');
    expect(keys.some((k) => k.startsWith('not-started|disk:'))).toBe(true);
    // n1 joins: LOOKING, then FOLLOWING through its SNAP sync, all marked joining; the others never are.
    expect(keys.map((k) => k.split('|').slice(0, 14).join('|'))).toContain('LOOKING|ELECTION|none|fle:fin:b0|late:joining|mem:eq|disk:eq|memVsDisk:eq|durable|applied|-|last:none|snap:disk|zxidEpoch:eq');
    expect(keys.some((k) => k.startsWith('FOLLOWING|SYNCHRONIZATION|F:sync:snap:') && k.includes('|late:joining|'))).toBe(true);
    expect(keys.some((k) => k.includes('|late:joining|') && !k.includes('|last:none|'))).toBe(false);
  });

  it('keys a SNAP held only in memory (the ZOOKEEPER-3642 window), and no server in a run without a SNAP', () => {
    const memKeys = (keys: readonly string[]) => keys.filter((k) => k.includes('|snap:mem|'));
    const bugKeys = runScenario(loadScenario('zab/bug-zk-3642-snap-not-persisted')).result.coverage!.keys;
    // The learner that took the SNAP and never wrote it: synced by SNAP, a snapshot only in memory.
    expect(memKeys(bugKeys).some((k) => k.startsWith('FOLLOWING|SYNCHRONIZATION|F:sync:snap:'))).toBe(true);
    expect(memKeys(keysOf('zab/start-together'))).toEqual([]);
  });

  it('keys the last txn\'s epoch against currentEpoch, and a leader with learners still syncing or all synced', () => {
    const keys = keysOf('zab/sync-snap-cross-epoch');
    const epochs = new Set(keys.map((k) => k.split('|').find((f) => f.startsWith('zxidEpoch:'))).filter((f) => f !== undefined));
    expect(epochs.has('zxidEpoch:eq') && epochs.has('zxidEpoch:lt')).toBe(true);
    const leader = new Set(keys.filter((k) => k.startsWith('LEADING|')).map((k) => k.split('|')[2]!.split(':').at(-1)));
    expect(leader.has('syncing') && leader.has('synced')).toBe(true);
  });

  it('buckets a LOOKING server\'s notification back-off, and drops the election fields once it is not LOOKING', () => {
    const keys = keysOf('zab/lone-server-looking');
    expect(new Set(keys.filter((k) => k.startsWith('LOOKING|')).map(fleAndLate))).toEqual(new Set(['fle:poll:b0|-', 'fle:poll:b1-2|-', 'fle:poll:b3-5|-', 'fle:poll:b6+|-']));
    expect(keysOf('zab/start-together').filter((k) => !k.startsWith('LOOKING|')).every((k) => fleAndLate(k).startsWith('-|'))).toBe(true);
  });

  it('sees the port scanner\'s open dials only in a run with a port scanner, and dials, queued notifications and pending accepts in any election', () => {
    const scanned = fieldOf('zab/election-port-scanned', 'cnx:');
    expect([...scanned].some((f) => f.includes('s'))).toBe(true);
    expect([...scanned].some((f) => f.includes('x'))).toBe(true);
    const plain = fieldOf('zab/observer-never-votes', 'cnx:');
    expect([...plain].some((f) => f.includes('s'))).toBe(false);
    expect([...plain].some((f) => f.includes('q'))).toBe(true);
    expect([...fieldOf('zab/late-start-joins-by-snap', 'cnx:')].some((f) => f.includes('d'))).toBe(true);
  });

  it('sees a zxid counter near its rollover only when the initial counter puts it there', () => {
    expect(fieldOf('zab/bug-zk-1277-counter-overflow', 'ctr:')).toContain('ctr:near-rollover');
    expect(fieldOf('zab/late-start-joins-by-snap', 'ctr:')).toEqual(new Set(['ctr:-']));
  });

  it('sees the committedLog holding txns once a server has committed some, and empty before', () => {
    expect(fieldOf('zab/late-start-joins-by-snap', 'clog:')).toEqual(new Set(['clog:-', 'clog:txns']));
    // No workload: nothing is ever committed.
    expect(fieldOf('zab/election-port-scanned', 'clog:')).toEqual(new Set(['clog:-']));
  });

  it('names presence only: one queued notification or two, which peer is dialled, give the same key', () => {
    const states = runScenario(loadScenario('zab/observer-never-votes')).result.finalStates as Record<string, ZabNode>;
    const n1 = states['n1']!;
    const withCnx = (dialing: Record<string, number>, queued: Record<string, unknown>): ZabNode =>
      ({ ...n1, cnx: { ...n1.cnx, dialing, queued } }) as unknown as ZabNode;
    const note = Object.values(n1.cnx.lastSent)[0] ?? { type: 'notification' };
    const none = n1KeyWith(states, withCnx({}, {}));
    const one = n1KeyWith(states, withCnx({ n2: 7 }, { n2: note }));
    expect(none).toContain('|cnx:|');
    expect(one).toContain('|cnx:dq|');
    expect(n1KeyWith(states, withCnx({ n3: 9 }, { n2: note, n3: note }))).toBe(one);
  });
});
