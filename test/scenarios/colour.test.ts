// One colour policy for every terminal line (NO_COLOR, FORCE_COLOR, a terminal, chalk's level) and user text escaped.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir, FIXTURES } from './cli-harness.ts';
import { colorLevel, escapeControl } from '../../reports/index.ts';

const ESC = '\u001b';

describe('colour policy', () => {
  it('follows NO_COLOR over FORCE_COLOR, FORCE_COLOR levels, and colours a terminal only', () => {
    expect(colorLevel({ NO_COLOR: '1', FORCE_COLOR: '3' }, true, 3)).toBe(0);
    expect(colorLevel({ FORCE_COLOR: '0' }, true, 3)).toBe(0);
    expect(colorLevel({ FORCE_COLOR: '1' }, false, 0)).toBe(1);
    expect(colorLevel({ FORCE_COLOR: '3' }, false, 0)).toBe(3);
    expect(colorLevel({}, false, 3)).toBe(0);
    expect(colorLevel({ TERM: 'dumb' }, true, 2)).toBe(0);
    // On a terminal, chalk's detected depth is kept.
    expect(colorLevel({}, true, 2)).toBe(2);
  });

  it('escapes control characters of user text but keeps newlines and tabs', () => {
    expect(escapeControl(`a${ESC}[2Jb\u0007c\rd\n\te\u009b`)).toBe('a\\x1b[2Jb\\x07c\\x0dd\n\te\\x9b');
  });

  it('colours ✓/✗, PASS and the summary with FORCE_COLOR, and none of them with NO_COLOR (even with FORCE_COLOR)', async () => {
    const file = join(FIXTURES, 'one-crash.json');
    const [forced, none] = await Promise.all([
      cli(['run', file], scratchDir(), undefined, { NO_COLOR: '', FORCE_COLOR: '1' }),
      cli(['run', file], scratchDir(), undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }),
    ]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(new RegExp(`${ESC}\\[\\d+m✓`));
    expect(forced.stdout).toMatch(new RegExp(`${ESC}\\[\\d+mPASS `));
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('✓');
    expect(none.stdout + none.stderr).not.toContain(ESC);
  });

  it('prints a description with terminal control sequences as visible escapes', async () => {
    const dir = scratchDir();
    const scenario = { protocol: 'flaky', description: `clears the screen ${ESC}[2J and rings ${'\u0007'}`, duration: '1s', steps: [], expect: [{ verdict: 'pass' }] };
    writeFileSync(join(dir, 'evil.json'), JSON.stringify(scenario));
    const r = await cli(['run', 'evil.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('clears the screen \\x1b[2J and rings \\x07');
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain('\u0007');
  });
});
