// The zab coverage key sees a server not started yet, one started late that no leader has synced, FLE's back-off, a
// snapshot held only in memory, the last txn's epoch against currentEpoch, and a leader's learners mid-sync.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';

const keysOf = (name: string): readonly string[] => runScenario(loadScenario(name)).result.coverage!.keys;
/** The key's election and late-start fields (4th and 5th). */
const fleAndLate = (k: string): string => k.split('|').slice(3, 5).join('|');

describe('zab coverage key', () => {
  it('keys a late server by its disk until it starts, then as joining until its first sync completes', () => {
    const keys = keysOf('zab/late-start-joins-by-snap');
    expect(keys.some((k) => k.startsWith('not-started|disk:'))).toBe(true);
    // n1 joins: LOOKING, then FOLLOWING through its SNAP sync, all marked joining; the others never are.
    expect(keys).toContain('LOOKING|ELECTION|none|fle:fin:b0|late:joining|mem:eq|disk:eq|memVsDisk:eq|durable|applied|-|last:none|snap:disk|zxidEpoch:eq');
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
});
