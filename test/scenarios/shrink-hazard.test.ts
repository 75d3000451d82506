// `replisim shrink <scenario> --anomaly NAME`: shrinks a passing run that shows a permitted anomaly, keeping candidates
// that still pass and still show it; the written scenario expects both and runs to the shrunk trace.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir } from './cli-harness.ts';
import { acceptCandidate, controlFor, isSameFailure } from '../../scenarios/shrink-accept.ts';

const HAZARD = join(import.meta.dirname, '../../scenarios/zab/hazard-follower-ahead-of-leader.json');
const ANOMALY = 'follower-ahead-of-leader';

describe('shrink --anomaly: the target', () => {
  const target = { verdict: 'pass' as const, name: null, anomaly: ANOMALY };
  it('holds only while the run passes and counts the anomaly', () => {
    expect(isSameFailure({ verdict: 'pass', violation: null, anomalies: { [ANOMALY]: 1 } }, target)).toBe(true);
    expect(isSameFailure({ verdict: 'pass', violation: null, anomalies: {} }, target)).toBe(false);
    expect(isSameFailure({ verdict: 'liveness', violation: null, anomalies: { [ANOMALY]: 2 } } as never, target)).toBe(false);
  });
  it('has no control run (the anomaly is the real design\'s)', () => {
    expect(controlFor(target, [])).toBeNull();
    expect(acceptCandidate(() => ({ verdict: 'pass', violation: null, anomalies: { [ANOMALY]: 1 } }), target, null)).toBe(true);
  });
});

describe('replisim shrink --anomaly', () => {
  it('writes a smaller scenario that passes and shows the anomaly, from a longer run that does', async () => {
    const dir = scratchDir();
    // A longer variant of the hazard: the same two triggered crashes, plus a late harmless pause and a longer phase.
    const s = JSON.parse(readFileSync(HAZARD, 'utf8')) as Record<string, any>;
    s['steps'] = [...s['steps'], { at: '7s', kind: 'pause', target: 'n1', for: '50ms' }];
    s['duration'] = '8s';
    writeFileSync(join(dir, 'long.json'), JSON.stringify(s));
    const r = await cli(['shrink', 'long.json', '--anomaly', ANOMALY, '--out', 'small.json'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/still passing with follower-ahead-of-leader/);
    const small = JSON.parse(readFileSync(join(dir, 'small.json'), 'utf8')) as Record<string, any>;
    expect(small['steps'].length).toBeLessThan(s['steps'].length);
    expect(small['expect']).toEqual([{ verdict: 'pass' }, { anomaly: ANOMALY, atLeast: 1 }]);
    const run = await cli(['run', 'small.json'], dir);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/anomaly follower-ahead-of-leader at least 1 — seen [1-9]/);
  });

  it('starts from a clean fuzz seed (--protocol/--seed, as fuzz drew it), the command a fuzz summary prints', async () => {
    const dir = scratchDir();
    const fuzz = await cli(['fuzz', '--protocol', 'paxosstore', '--seeds', '2', '--jobs', '1'], dir);
    expect(fuzz.stdout + fuzz.stderr).toMatch(/one as a small scenario: npx replisim shrink --protocol paxosstore --seed 2 --anomaly write-failed-maybe-chosen/);
    // A tiny budget: whatever it keeps must still pass and show the anomaly, and it says the budget ran out.
    const r = await cli(['shrink', '--protocol', 'paxosstore', '--seed', '2', '--anomaly', 'write-failed-maybe-chosen', '--runs', '6'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/shrunk paxosstore-seed2, still passing with write-failed-maybe-chosen, in \d+ runs \(budget used up/);
    expect(r.stdout).toMatch(/checked: it passes with write-failed-maybe-chosen/);
    const run = await cli(['run', 'paxosstore-seed2-write-failed-maybe-chosen.json'], dir);
    expect(run.code, run.stdout).toBe(0);
  });

  it('refuses an anomaly the protocol cannot count (exit 2, closest name)', async () => {
    const r = await cli(['shrink', HAZARD, '--anomaly', 'follower-ahead-of-leadr'], scratchDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--anomaly: "follower-ahead-of-leadr" is not an anomaly zab can count \(did you mean "follower-ahead-of-leader"\?\)/);
  });

  it('refuses a scenario whose run does not show it (exit 2), writing nothing', async () => {
    const dir = scratchDir();
    const r = await cli(['shrink', HAZARD, '--anomaly', 'commit-out-of-order', '--out', 'x.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not pass showing commit-out-of-order \(got pass, 0 sightings\)/);
    expect(() => readFileSync(join(dir, 'x.json'))).toThrow();
  });
});
