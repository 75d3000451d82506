// End-to-end (issue 18): a bug flag's fuzz failure, shrunk and written, runs with `replisim run` to the SAME violation name
// (and its clean variant passes); a `fuzz --faults timed` failure replays by --protocol/--seed/--faults to the same
// verdict and trace hash.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir } from './cli-harness.ts';
import { validateScenario } from '../../scenarios/load.ts';
import { cleanVariant, runScenario } from '../../scenarios/scenario.ts';

interface Failure { readonly seed: number; readonly verdict: string; readonly traceHash: string; readonly violation: { readonly name: string } }

/** Fuzz until the first failure (zab's commit-without-quorum fails on an early seed); returns its file (relative) and content. */
async function firstFailure(dir: string, extra: readonly string[]): Promise<{ path: string; failure: Failure }> {
  const fuzz = await cli(['fuzz', '--protocol', 'zab', '--bug', 'zab/commit-without-quorum', '--seeds', '50', '--jobs', '1', ...extra], dir);
  expect(fuzz.code).toBe(1);
  const file = readdirSync(join(dir, '.replisim', 'failures')).find((f) => f.endsWith('.json'))!;
  const path = join('.replisim', 'failures', file);
  return { path, failure: JSON.parse(readFileSync(join(dir, path), 'utf8')) as Failure };
}

describe('shrink → run: the same violation', () => {
  it('a bug flag failure shrinks to a scenario that `run` fails with the same violation name, and passes without the flag', async () => {
    const dir = scratchDir();
    const { path, failure } = await firstFailure(dir, []);
    expect(failure.violation.name).toBe('committed-durable-on-quorum');

    const shrink = await cli(['shrink', path, '--out', 'small.json'], dir);
    expect(shrink.code).toBe(0);
    expect(shrink.stdout).toContain('every kept candidate failed the same way and passed with the bug flags off');
    expect(shrink.stdout).toContain(`checked: it runs to violation (${failure.violation.name})`);
    const small = JSON.parse(readFileSync(join(dir, 'small.json'), 'utf8')) as Record<string, unknown>;
    expect(small['expect']).toEqual([{ verdict: 'violation', name: failure.violation.name }]);

    // `run` meets the written expectation only if the violation has the recorded name.
    const rerun = await cli(['run', 'small.json'], dir);
    expect(rerun.stdout).toContain(`violation:      ${failure.violation.name}`);
    expect(rerun.stdout).toContain(`✓ verdict violation (${failure.violation.name})`);
    expect(rerun.code).toBe(0);
    expect(runScenario(cleanVariant(validateScenario('small.json', small))).result.verdict).toBe('pass');
  });
});

describe('replay --faults', () => {
  it('replays a --faults timed fuzz failure by seed to the same verdict and trace hash (aimed is another plan)', async () => {
    const dir = scratchDir();
    const { path, failure } = await firstFailure(dir, ['--faults', 'timed']);
    const seedArgs = ['replay', '--protocol', 'zab', '--seed', String(failure.seed), '--bug', 'commit-without-quorum'];
    const [timed, aimed, byFile] = await Promise.all([cli([...seedArgs, '--faults', 'timed'], dir), cli(seedArgs, dir), cli(['replay', path], dir)]);
    expect(timed.stdout).toContain(`trace hash ${failure.traceHash})`);
    expect(timed.stdout).toContain(`violation:      ${failure.violation.name}`);
    expect(timed.stdout).toContain(`--seed ${failure.seed} --bug zab/commit-without-quorum --faults timed`);
    expect(timed.code).toBe(1);
    // Aimed is another run config (perturbed options, triggered steps); its trace may still coincide when the violation
    // comes before anything it changes matters (seed 1: initLimit differs, the violation is at 0.6 s), so compare configs.
    const optionsLine = (out: string): string | undefined => out.split('\n').find((l) => l.startsWith('options:'));
    expect(optionsLine(aimed.stdout)).toBeDefined();
    expect(optionsLine(aimed.stdout)).not.toBe(optionsLine(timed.stdout));
    expect(aimed.stdout).not.toContain('--faults timed');
    expect(byFile.stdout).toContain(`reproduced: same verdict and trace hash ${failure.traceHash}`);
  });

  it('refuses a bad --faults value, and --faults beside a failure file, naming the flag (exit 2)', async () => {
    const dir = scratchDir();
    const [bad, withFile] = await Promise.all([
      cli(['replay', '--protocol', 'zab', '--seed', '1', '--faults', 'timd'], dir),
      cli(['replay', 'f.json', '--faults', 'timed'], dir),
    ]);
    expect(bad.stderr).toContain('replay: --faults: expected aimed or timed, found "timd"');
    expect(bad.code).toBe(2);
    expect(withFile.stderr).toContain('replay: --faults chooses a fuzz seed\'s plan; a failure file carries its own');
    expect(withFile.code).toBe(2);
  });
});
