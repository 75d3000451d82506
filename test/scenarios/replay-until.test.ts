// replay --until-event past the last event says where the run ended instead of claiming it stopped there.
import { describe, expect, it } from 'vitest';
import { cli, scratchDir } from './cli-harness.ts';

describe('replisim replay --until-event', () => {
  it('past the end of the run says the run ended at its last event', async () => {
    const r = await cli(['replay', '--protocol', 'flaky', '--seed', '4', '--until-event', '99999999'], scratchDir());
    const m = /the run ended at event #(\d+) \(.*, verdict \w+\), before event #99999999/.exec(r.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(99_999_999);
    expect(r.stdout).not.toContain('stopped after event #99999999');
    expect(r.code).toBe(0);
  });
});
