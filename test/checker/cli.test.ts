// `npx tsx scenarios/check-history.ts`: exit 0 on a linearizable log, 1 on an illegal one, 2 on bad input, 3 over budget.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { checkHistoryCommand } from '../../scenarios/check-history.ts';
import { DATA_DIR } from './data.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function checkHistory(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'scenarios/check-history.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check-history command', () => {
  it('exits 0 and says linearizable for a linearizable etcd log', () => {
    const r = checkHistory(join(DATA_DIR, 'jepsen/etcd_005.log'), '--model', 'etcd');
    expect(r.stdout).toContain('linearizable');
    expect(r.code).toBe(0);
  });

  it('exits 1 with the explanation for an illegal kv log', () => {
    const r = checkHistory(join(DATA_DIR, 'kv/c10-bad.txt'), '--model', 'kv');
    expect(r.stdout).toContain('NOT linearizable');
    expect(r.stdout).toContain('longest linearizable prefix');
    expect(r.code).toBe(1);
  });

  it('exits 2 naming the line of a malformed log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-history-'));
    const lines = readFileSync(join(DATA_DIR, 'jepsen/etcd_005.log'), 'utf8').split('\n');
    lines[2] = 'INFO  jepsen.util - 2\t:invoke\t:write\tmany';
    const file = join(dir, 'broken.log');
    writeFileSync(file, lines.join('\n'));
    const r = checkHistory(file, '--model', 'etcd');
    expect(r.stderr).toContain(`${file}:3: a :write carries an integer`);
    expect(r.code).toBe(2);
  });

  it('exits 3 when the search budget runs out', () => {
    const r = checkHistory(join(DATA_DIR, 'jepsen/etcd_002.log'), '--model', 'etcd', '--steps-max', '1000');
    expect(r.stdout).toContain('unknown');
    expect(r.code).toBe(3);
  });

  it('prints the result as JSON with --json (in process)', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { written.push(String(chunk)); return true; });
    let code: number;
    try {
      code = checkHistoryCommand([join(DATA_DIR, 'kv/c01-bad.txt'), '--model', 'kv', '--json']);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(1);
    const result = JSON.parse(written.join('')) as { verdict: string; detail: { stuckAt: { call: number; ret: number } } };
    expect(result.verdict).toBe('illegal');
    expect(result.detail.stuckAt.ret).toBeGreaterThan(result.detail.stuckAt.call);
  });
});
