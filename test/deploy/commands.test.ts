// The fuzz commands of the GitHub workflow and of the Kubernetes job, run exactly as written (taken from the files),
// with tiny numbers: shards write results and failure files where the next step looks for them, and merge reads them.
import { describe, expect, it, inject } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROTOCOL = 'tfs';

/** The compiled bundle of this test run, so `npx replisim` starts fast and runs the current sources. */
const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, REPLISIM_DIST_DIR: inject('replisimDist'), CI: '1', NO_COLOR: '1', ...extra });

/** A scratch folder inside the repository, so `npx replisim` resolves this checkout's own bin (never the registry). */
function scratch(): string {
  return mkdtempSync(join(ROOT, '.test-dist-deploy-'));
}

/** The `run:` block (a YAML literal block) of the step whose first line matches. */
function runBlock(yaml: string, marker: RegExp): string {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => marker.test(l));
  expect(start, `step ${marker} in the workflow`).toBeGreaterThanOrEqual(0);
  const runAt = lines.findIndex((l, i) => i >= start && /^\s+run: /.test(l));
  const first = lines[runAt]!;
  const indent = first.indexOf('run:');
  const inline = first.slice(indent + 4).trim();
  if (inline !== '|') return inline;
  const body: string[] = [];
  for (let i = runAt + 1; i < lines.length && (lines[i]!.trim() === '' || lines[i]!.search(/\S/) > indent); i++) body.push(lines[i]!.slice(indent + 2));
  return body.join('\n');
}

/** GitHub runs a step's script with `bash -e`; the pod's command is `/bin/sh -c`. */
const bash = (script: string, cwd: string, e: NodeJS.ProcessEnv) => spawnSync('bash', ['-e', '-c', script], { cwd, env: e, encoding: 'utf8', timeout: 300_000 });
function bashAsync(script: string, cwd: string, e: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn('bash', ['-e', '-c', script], { cwd, env: e });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    c.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const sh = (script: string, cwd: string, e: NodeJS.ProcessEnv) => spawnSync('/bin/sh', ['-c', script], { cwd, env: e, encoding: 'utf8', timeout: 300_000 });

describe('deploy: GitHub Actions fuzz workflow', () => {
  it('runs the shard command for every matrix entry and the merge command over their results', async () => {
    const yaml = readFileSync(join(ROOT, '.github/workflows/fuzz.yml'), 'utf8');
    const shardRun = runBlock(yaml, /- name: fuzz shard/);
    const mergeRun = runBlock(yaml, /- name: merged summary/);
    const shards = /shard: \[([\d, ]+)\]/.exec(yaml)![1]!.split(',').map((s) => s.trim());
    expect(shards).toHaveLength(8);
    const dir = scratch();
    try {
      const e = env({ PROTOCOL, SEEDS: '8', FROM: '1', TIME_BUDGET: '2m', GITHUB_STEP_SUMMARY: join(dir, 'summary.md') });
      // The matrix jobs run side by side on GitHub; here too.
      const runs = await Promise.all(shards.map((k) => bashAsync(shardRun.replaceAll('${{ matrix.shard }}', k), dir, e)));
      runs.forEach((r, i) => {
        expect(r.status, r.stderr).toBe(0);
        expect(existsSync(join(dir, 'results', `shard-${shards[i]}.json`))).toBe(true);
      });
      const m = bash(mergeRun, dir, e);
      expect(m.status, m.stderr).toBe(0);
      expect(m.stdout).toContain(`coverage: every seed of 1..8 ran exactly once`);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('PASS no failures');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy: Kubernetes indexed job', () => {
  it('runs the pod command for each completion index, then the merge command from the job file', () => {
    const yaml = readFileSync(join(ROOT, 'deploy/k8s-fuzz-job.yaml'), 'utf8');
    const lines = yaml.split('\n');
    const argsAt = lines.findIndex((l) => /^\s+args:/.test(l));
    const blockAt = argsAt + 1;
    const indent = lines[blockAt]!.indexOf('- |');
    const body: string[] = [];
    for (let i = blockAt + 1; i < lines.length && (lines[i]!.trim() === '' || lines[i]!.search(/\S/) > indent); i++) body.push(lines[i]!.slice(indent + 2));
    const podScript = body.join('\n');
    const merge = /^#\s+(npx replisim merge .*)$/m.exec(yaml)![1]!;
    expect(podScript).toContain('node /app/bin/replisim.js fuzz');
    const dir = scratch();
    try {
      const results = join(dir, 'results');
      mkdirSync(results);
      // The image's paths (/app, /results) point into this checkout and the scratch folder; everything else as written.
      const script = podScript.replaceAll('/app/', `${ROOT}`).replaceAll('/results', results);
      for (const index of [0, 1]) {
        const r = sh(script, dir, env({ PROTOCOL, FROM: '1', SEEDS: '6', SHARDS: '2', TIME_BUDGET: '2m', JOB_COMPLETION_INDEX: String(index) }));
        expect(r.status, r.stderr).toBe(0);
        expect(readFileSync(join(results, `shard-${index + 1}`, 'exit-code'), 'utf8').trim()).toBe('0');
      }
      expect(readdirSync(results).sort()).toEqual(['shard-1', 'shard-2']);
      const m = sh(merge.replace('/results/', `${results}/`), dir, env({}));
      expect(m.stdout, m.stderr).toContain('coverage: every seed of 1..6 ran exactly once');
      expect(m.status).toBe(0);
      // Bad input fails the pod (exit 2) rather than succeeding silently.
      const bad = sh(script, dir, env({ PROTOCOL: 'nope', FROM: '1', SEEDS: '6', SHARDS: '2', TIME_BUDGET: '2m', JOB_COMPLETION_INDEX: '0' }));
      expect(bad.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
