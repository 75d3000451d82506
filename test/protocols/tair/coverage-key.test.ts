// The tair configserver key sees the (perturbed) server_down_time: its dataservers and its peer against their windows.
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario } from '../../../scenarios/scenario.ts';

/** The distinct values of the configserver keys' field that starts with `prefix`. */
function fieldOf(name: string, prefix: string): Set<string> {
  const keys = runScenario(loadScenario(name)).result.coverage!.keys.filter((k) => k.startsWith('cs|'));
  return new Set(keys.map((k) => k.split('|').find((f) => f.startsWith(prefix))!));
}

describe('tair coverage key', () => {
  it('sees a dataserver inside its down window only while the connect probe still reaches it', () => {
    // A crashed DS fails the probe: DOWN at the first loop past server_down_time, never seen stale.
    expect(fieldOf('tair/ds-crash', 'ds-win:')).toEqual(new Set(['ds-win:fresh', 'ds-win:quiet']));
    // A hung DS answers the probe: it stays alive past server_down_time until HEAD's 2x rule marks it DOWN.
    expect(fieldOf('tair/hung-dataserver-head-rule', 'ds-win:')).toContain('ds-win:stale');
  });

  it('sees the peer configserver go quiet, DOWN, and heard again across a partition', () => {
    expect(fieldOf('tair/ds-crash', 'peer-win:')).toEqual(new Set(['peer-win:fresh']));
    expect(fieldOf('tair/cs-partition', 'peer-win:')).toEqual(new Set(['peer-win:fresh', 'peer-win:quiet', 'peer-win:heard', 'peer-win:silent']));
  });
});
