// End-to-end: bad input exits 2, names the file / field / flag with the closest known name, and writes nothing.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratchDir, FIXTURES } from './cli-harness.ts';
import { writeFailureFile } from '../../scenarios/failure-file.ts';

const fx = (name: string): string => join(FIXTURES, name);

/** A failure file written the way replisim writes them (with its content hash), in `dir`; returns its path. */
function failureFileIn(dir: string): string {
  const scenario = { protocol: 'flaky', description: 'one crash', seed: 7, bugs: [], duration: '2s', steps: [{ at: '500ms', kind: 'crash', target: 'n2' }], expect: [{ verdict: 'pass' }] };
  writeFailureFile({
    origin: 'scenario', source: 'test', protocol: 'flaky', seed: 7, bugs: [], scenario, verdict: 'violation',
    violation: { name: 'x', message: 'x', eventIndex: 3 }, traceHash: '0123456789abcdef', exitCode: 1,
  }, join(dir, 'f'));
  return join(dir, 'f', readdirSync(join(dir, 'f'))[0]!);
}

/** Edit a JSON file in place. */
function edit(path: string, change: (j: Record<string, any>) => void): void {
  const j = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  change(j);
  writeFileSync(path, JSON.stringify(j, null, 2));
}

interface Case {
  readonly what: string;
  /** Prepares the scratch directory; returns the arguments. */
  readonly args: (dir: string) => string[];
  readonly message: RegExp;
  readonly notMessage?: RegExp;
}

const cases: Case[] = [
  { what: 'an unknown command', args: () => ['fuz'], message: /unknown command "fuz" \(did you mean "fuzz"\?\)/ },
  { what: 'a command named like an Object prototype key', args: () => ['constructor'], message: /unknown command "constructor"/ },
  { what: 'an unknown flag', args: () => ['fuzz', '--protocol', 'flaky', '--seedz', '3'], message: /unknown flag --seedz \(did you mean "--seeds"\?\)/ },
  { what: 'an unknown protocol', args: () => ['fuzz', '--protocol', 'flakey'], message: /unknown protocol "flakey" \(did you mean "flaky"\?\)/ },
  { what: 'an unknown bug flag', args: () => ['fuzz', '--protocol', 'flaky', '--bug', 'fragile-restrat'], message: /unknown bug flag "fragile-restrat" for flaky \(did you mean "flaky\/fragile-restart"\?\)/ },
  { what: 'a value out of range', args: () => ['fuzz', '--protocol', 'flaky', '--seeds', '0'], message: /--seeds: expected an integer from 1 to \d+, found "0"/ },
  { what: 'a negative --seeds (not "ambiguous")', args: () => ['fuzz', '--protocol', 'flaky', '--seeds', '-5'], message: /fuzz: --seeds: expected an integer from 1 to \d+, found "-5"/, notMessage: /ambiguous/ },
  { what: 'a malformed shard', args: () => ['fuzz', '--protocol', 'flaky', '--shard', '4/3'], message: /--shard: expected K\/N with 1 ≤ K ≤ N/ },
  { what: 'an unknown scenario', args: () => ['run', 'flaky/no-such-thing'], message: /unknown scenario "flaky\/no-such-thing"/ },
  { what: 'malformed JSON', args: () => ['run', fx('malformed.json')], message: /malformed\.json: malformed JSON at line 5, column 3/ },
  { what: 'an empty scenario file', args: (d) => { writeFileSync(join(d, 'e.json'), ' \n'); return ['run', 'e.json']; }, message: /e\.json: the file is empty \(expected a JSON object\)/ },
  { what: 'a scenario file cut short', args: (d) => { writeFileSync(join(d, 'cut.json'), '{"protocol": "flaky", "steps": ['); return ['run', 'cut.json']; }, message: /cut\.json: malformed JSON at (the end of the file \(it ends before the JSON does\)|line 1, column 3\d)/, notMessage: /somewhere/ },
  { what: 'a bad field', args: () => ['run', fx('bad-field.json')], message: /bad-field\.json: steps\[0\]\.at: expected a duration with a unit.*found "200"/ },
  { what: 'a field of the wrong type, in words', args: () => ['run', fx('wrong-type.json')], message: /wrong-type\.json: description: expected a string, found 5/, notMessage: /expected expected|received/ },
  { what: 'a misspelt field', args: () => ['run', fx('misspelt-field.json')], message: /misspelt-field\.json: steps\[0\]\.target: expected a string, found nothing; this object has an unknown field "targt"/ },
  { what: 'an unknown node in a late step (checked at load, named by file and step)', args: () => ['run', fx('late-unknown-target.json')], message: /late-unknown-target\.json: steps\[1\]\.target: expected a node of this flaky cluster \(n1, n2, n3\), a role \(primary, backups\).*\(did you mean "n1"\?\), found "n7"/ },
  { what: 'an unknown partition group member (reported as written, not "all-n7")', args: () => ['run', fx('unknown-group-member.json')], message: /unknown-group-member\.json: steps\[0\]\.groups\[1\]\[0\]: expected a node of this flaky cluster.*found "n7"/, notMessage: /all-n7/ },
  { what: 'an unknown role in an expectation', args: () => ['run', fx('unknown-expect-role.json')], message: /expect\[0\]\.role: expected a role of flaky \(primary, backups\) \(did you mean "primary"\?\), found "primry"/ },
  { what: 'an option outside its declared range (with units and the closest valid value)', args: () => ['run', fx('option-out-of-range.json')], message: /option-out-of-range\.json: options\.tickTimeUs: expected 1ms to 60s, found 0us; closest valid value: 1ms/ },
  { what: 'a step after the end (durations with units)', args: () => ['run', fx('step-after-end.json')], message: /step-after-end\.json: steps\[0\]\.at: expected a time within the scenario's duration \(2s\), found "5s"/ },
  { what: 'a missing failure file', args: () => ['replay', 'nope.json'], message: /nope\.json: no such failure file/ },
  { what: 'a directory given as a failure file (bad input, not an internal error)', args: (d) => { mkdirSync(join(d, 'ff.json')); return ['replay', 'ff.json']; }, message: /ff\.json: not a failure file \(a directory or special file\)/, notMessage: /internal error|EISDIR/ },
  { what: 'a directory given as a scenario file', args: (d) => { mkdirSync(join(d, 'sc.json')); return ['run', 'sc.json']; }, message: /sc\.json: not a scenario file \(a directory or special file\)/, notMessage: /internal error|EISDIR/ },
  { what: 'a directory given to merge', args: (d) => { mkdirSync(join(d, 'r.json')); return ['merge', 'r.json']; }, message: /r\.json: not a results file/, notMessage: /internal error|EISDIR/ },
  { what: 'a directory given to check-history', args: (d) => { mkdirSync(join(d, 'h.txt')); return ['check-history', 'h.txt', '--model', 'kv']; }, message: /check-history: h\.txt: not a history file/, notMessage: /internal error|EISDIR/ },
  { what: 'a bad --report kind', args: () => ['run', fx('one-crash.json'), '--report', 'pdf'], message: /--report: expected one of html, json, junit, found "pdf"/ },
  {
    what: 'an --out that is a directory (before the run)',
    args: (d) => { mkdirSync(join(d, 'reports')); return ['run', fx('one-crash.json'), '--report', 'json', '--out', 'reports']; },
    message: /run: --out: reports is a directory; give a file path such as reports\/report\.html/,
  },
  {
    what: 'an --out whose parent is a file (before the run)',
    args: (d) => { writeFileSync(join(d, 'afile'), 'x'); return ['run', fx('one-crash.json'), '--report', 'html', '--out', 'afile/run.html']; },
    message: /run: --out: cannot write afile\/run\.html: .*afile is a file, not a folder/,
  },
  {
    what: 'a shrink --out that is a directory',
    args: (d) => { mkdirSync(join(d, 'out')); return ['shrink', failureFileIn(d), '--out', 'out']; },
    message: /shrink: --out: out is a directory/,
  },
  {
    what: 'an edited failure file (reported as edited, not as nondeterminism)',
    args: (d) => { const f = failureFileIn(d); edit(f, (j) => { j['scenario']['steps'][0]['at'] = '900ms'; }); return ['replay', f]; },
    message: /was edited after it was written \(its content hash [0-9a-f]{16} does not match its content\).*Run the edited scenario with: npx replisim run/,
    notMessage: /NOT REPRODUCED|nondetermin/,
  },
  {
    what: 'an edited top-level seed, which the run would ignore',
    args: (d) => { const f = failureFileIn(d); edit(f, (j) => { j['seed'] = 8; }); return ['replay', f]; },
    message: /seed: 8 differs from scenario\.seed 7; the run uses scenario\.seed, so the top-level seed would be ignored/,
  },
  { what: 'check-history without a file (dispatched to check-history.ts)', args: () => ['check-history', '--model', 'etcd'], message: /check-history: missing <file>/ },
  {
    what: 'check-history of an empty history',
    args: (d) => { writeFileSync(join(d, 'empty.log'), ''); return ['check-history', 'empty.log', '--model', 'etcd']; },
    message: /check-history: empty\.log: no operations in the file/,
  },
  { what: 'an unknown node for --node', args: () => ['replay', '--protocol', 'flaky', '--seed', '1', '--trace', '--node', 'n9'], message: /--node: unknown node "n9"/ },
];

describe.concurrent('replisim: bad input', () => {
  for (const c of cases) {
    it(`rejects ${c.what} with exit 2 and writes nothing`, async () => {
      const dir = scratchDir();
      const args = c.args(dir);
      const before = readdirSync(dir, { recursive: true }).sort();
      const r = await cli(args, dir);
      expect(r.stderr).toMatch(c.message);
      if (c.notMessage) expect(r.stderr + r.stdout).not.toMatch(c.notMessage);
      expect(r.code).toBe(2);
      expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    });
  }
});
