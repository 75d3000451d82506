// The relative-import closure of some modules: which source files a command really runs, so a hash over them misses
// no module the command loads (a hand-kept list went stale once the fuzz runner grew new imports).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT = /(?:import|export)\s[^'"`;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every file reachable from `entries` through relative static or literal dynamic imports, as absolute paths. */
export function importClosure(entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const todo = entries.map((e) => resolve(e));
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), (m[1] ?? m[2])!);
      if (existsSync(target)) todo.push(target);
    }
  }
  return [...seen].sort();
}
