// The tfs coverage key sees batches replayed before the LOGIN reply; ds-reapplying-for-lease needs a switched master.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';

const coverageOf = (name: string) => runScenario(loadScenario(name)).result.coverage!;

describe('tfs coverage key and marks', () => {
  it('keys a slave that replayed the master\'s first batch before the LOGIN reply granted its lease', () => {
    const keys = coverageOf('tfs/regress-829364-oplog-before-login-reply').keys;
    expect(keys.some((k) => k.startsWith('ns|slave|') && k.includes('|replay:none+pre:nolease|'))).toBe(true);
    expect(coverageOf('tfs/slave-restart-login-renew').keys.some((k) => k.includes('+pre'))).toBe(false);
  });

  it('reaches ds-reapplying-for-lease after a failover (a DS applies into the new master\'s safe window), not without one', () => {
    const hit = coverageOf('tfs/master-crash').marks['ds-reapplying-for-lease'];
    expect(hit).not.toBeNull();
    expect(coverageOf('tfs/slave-restart-login-renew').marks['ds-reapplying-for-lease']).toBeNull();
  });
});
