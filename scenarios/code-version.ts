// Which code produced a run: the git commit when the tree is a checkout, else the package version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
let cached: string | null = null;

export function codeVersion(): string {
  if (cached !== null) return cached;
  try {
    cached = `git:${execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}`;
  } catch {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version?: string };
    cached = `package:${pkg.version ?? 'unknown'}`;
  }
  return cached;
}
