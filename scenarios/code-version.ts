// Which code produced a run: the git commit when the tree is a checkout, else the package version.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
let cached: string | null = null;

export function codeVersion(): string {
  if (cached !== null) return cached;
  try {
    const git = (args: string[]): string => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git(['rev-parse', 'HEAD']);
    // Uncommitted changes to the simulated code make a commit hash alone misleading when a replay differs.
    const isDirty = git(['status', '--porcelain', '--', 'sim', 'protocols', 'scenarios']).length > 0;
    cached = `git:${commit}${isDirty ? '+dirty' : ''}`;
  } catch {
    const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version?: string };
    cached = `package:${pkg.version ?? 'unknown'}`;
  }
  return cached;
}
