// `check-history` (one spawned process for the real exit code, the rest in process): exit 0 on a linearizable log, 1 on an illegal one, 2 on bad input, 3 over budget.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { checkHistoryCommand } from '../../scenarios/check-history.ts';
import { DATA_DIR } from './data.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function checkHistory(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scenarios/check-history.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the command in this process, collecting what it prints. */
function inProcess(args: string[]): { code: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => { out.push(String(c)); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { err.push(String(c)); return true; });
  try {
    const code = checkHistoryCommand(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('check-history command', () => {
  it('exits 0 and says linearizable for a linearizable etcd log', () => {
    const r = checkHistory(join(DATA_DIR, 'jepsen/etcd_005.log'), '--model', 'etcd');
    expect(r.stdout).toContain('linearizable');
    expect(r.code).toBe(0);
  });

  it('exits 1 with the explanation for an illegal kv log', () => {
    const r = inProcess([join(DATA_DIR, 'kv/c10-bad.txt'), '--model', 'kv']);
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
    const r = inProcess([file, '--model', 'etcd']);
    expect(r.stderr).toContain(`${file}:3: a :write carries an integer`);
    expect(r.code).toBe(2);
  });

  it('exits 3 when the search budget runs out', () => {
    const r = inProcess([join(DATA_DIR, 'jepsen/etcd_002.log'), '--model', 'etcd', '--steps-max', '1000']);
    expect(r.stdout).toContain('unknown');
    expect(r.code).toBe(3);
  });

  it('compares integers beyond 2^53 exactly (2^53 + 1 written, 2^53 read is not linearizable)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-history-'));
    const line = (p: number, type: string, f: string, v: string): string => `INFO  jepsen.util - ${p}\t:${type}\t:${f}\t${v}`;
    const file = join(dir, 'big.log');
    writeFileSync(file, [
      line(0, 'invoke', 'write', '9007199254740993'), line(0, 'ok', 'write', '9007199254740993'),
      line(1, 'invoke', 'read', 'nil'), line(1, 'ok', 'read', '9007199254740992'),
    ].join('\n') + '\n');
    const r = inProcess([file, '--model', 'etcd']);
    expect(r.stdout).toContain('NOT linearizable');
    expect(r.stdout).toContain('9007199254740993');
    expect(r.code).toBe(1);
    // The same read of the exact value written is fine.
    writeFileSync(file, readFileSync(file, 'utf8').replace('ok\t:read\t9007199254740992', 'ok\t:read\t9007199254740993'));
    expect(inProcess([file, '--model', 'etcd']).code).toBe(0);
  });

  it('rejects an empty history as bad input (exit 2), not as "linearizable (0 operations)"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-history-'));
    const file = join(dir, 'empty.log');
    writeFileSync(file, '');
    const r = inProcess([file, '--model', 'etcd']);
    expect(r.stderr).toContain(`${file}: no operations in the file`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['empty.log']);
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
