// The zab coverage key sees a server not started yet, one started late that no leader has synced, and FLE's back-off.
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
    expect(keys).toContain('LOOKING|ELECTION|none|fle:fin:b0|late:joining|mem:eq|disk:eq|memVsDisk:eq|durable|applied|-|last:none');
    expect(keys.some((k) => k.startsWith('FOLLOWING|SYNCHRONIZATION|F:sync:snap:') && k.includes('|late:joining|'))).toBe(true);
    expect(keys.some((k) => k.includes('|late:joining|') && !k.endsWith('|last:none'))).toBe(false);
  });

  it('buckets a LOOKING server\'s notification back-off, and drops the election fields once it is not LOOKING', () => {
    const keys = keysOf('zab/lone-server-looking');
    expect(new Set(keys.filter((k) => k.startsWith('LOOKING|')).map(fleAndLate))).toEqual(new Set(['fle:poll:b0|-', 'fle:poll:b1-2|-', 'fle:poll:b3-5|-', 'fle:poll:b6+|-']));
    expect(keysOf('zab/start-together').filter((k) => !k.startsWith('LOOKING|')).every((k) => fleAndLate(k).startsWith('-|'))).toBe(true);
  });
});
