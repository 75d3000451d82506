// End-to-end: bad input exits 2, names the file / field / flag with the closest known name, and writes nothing.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir, FIXTURES } from './cli-harness.ts';

const cases: [string, string[], RegExp][] = [
  ['an unknown command', ['fuz'], /unknown command "fuz" \(did you mean "fuzz"\?\)/],
  ['an unknown flag', ['fuzz', '--protocol', 'flaky', '--seedz', '3'], /unknown flag --seedz \(did you mean "--seeds"\?\)/],
  ['an unknown protocol', ['fuzz', '--protocol', 'flakey'], /unknown protocol "flakey" \(did you mean "flaky"\?\)/],
  ['an unknown bug flag', ['fuzz', '--protocol', 'flaky', '--bug', 'fragile-restrat'], /unknown bug flag "fragile-restrat" for flaky \(did you mean "flaky\/fragile-restart"\?\)/],
  ['a value out of range', ['fuzz', '--protocol', 'flaky', '--seeds', '0'], /--seeds: expected an integer from 1 to \d+, found "0"/],
  ['a malformed shard', ['fuzz', '--protocol', 'flaky', '--shard', '4/3'], /--shard: expected K\/N with 1 ≤ K ≤ N/],
  ['an unknown scenario', ['run', 'flaky/no-such-thing'], /unknown scenario "flaky\/no-such-thing"/],
  ['malformed JSON', ['run', join(FIXTURES, 'malformed.json')], /malformed\.json: malformed JSON at line 5, column 3/],
  ['a bad field', ['run', join(FIXTURES, 'bad-field.json')], /bad-field\.json: steps\[0\]\.at: expected a duration with a unit.*found "200"/],
  ['a missing failure file', ['replay', 'nope.json'], /nope\.json: no such failure file/],
  ['a bad --report kind', ['run', join(FIXTURES, 'one-crash.json'), '--report', 'pdf'], /--report: expected one of html, json, junit, found "pdf"/],
  ['check-history without a file (dispatched to check-history.ts)', ['check-history', '--model', 'etcd'], /check-history: missing <file>/],
  ['an unknown node for --node', ['replay', '--protocol', 'flaky', '--seed', '1', '--trace', '--node', 'n9'], /--node: unknown node "n9"/],
];

describe.concurrent('replisim: bad input', () => {
  for (const [what, args, message] of cases) {
    it(`rejects ${what} with exit 2 and writes nothing`, async () => {
      const dir = scratchDir();
      const r = await cli(args, dir);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
      expect(readdirSync(dir)).toEqual([]);
    });
  }
});
