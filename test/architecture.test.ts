// The architecture rules of DESIGN.md §1 and §5: the dependency direction, and no nondeterminism in sim/ or protocols/.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  let out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(relative(ROOT, p)));
    else if (/\.(ts|mts)$/.test(name)) out.push(relative(ROOT, p));
  }
  return out;
}

/** Source with comments and string/template contents blanked, so only code is scanned. */
export function codeOnly(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (m) => m[0] + ' '.repeat(Math.max(0, m.length - 2)) + m[m.length - 1]);
}

interface Import { readonly spec: string; readonly isTypeOnly: boolean; readonly line: number }

function imports(src: string): Import[] {
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (let m = re.exec(src); m !== null; m = re.exec(src)) {
    out.push({ spec: m[3]!, isTypeOnly: m[2] !== undefined, line: src.slice(0, m.index).split('\n').length });
  }
  return out;
}

/** Each banned API with what to use instead. */
export const BANNED: readonly { readonly re: RegExp; readonly name: string; readonly instead: string }[] = [
  { re: /\bDate\b/, name: 'Date', instead: 'ctx.nowUs (the node clock) or view.nowUs' },
  { re: /\bMath\.random\b/, name: 'Math.random', instead: 'ctx.prng or a named PrngStreams stream' },
  { re: /\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/, name: 'timers', instead: 'ctx.setTimer (a timer effect in virtual time)' },
  { re: /\bperformance\b/, name: 'performance', instead: 'virtual time (ctx.nowUs); measure speed in bench/' },
  { re: /\bprocess\.hrtime\b/, name: 'process.hrtime', instead: 'virtual time (ctx.nowUs)' },
  { re: /\bcrypto\b/, name: 'crypto', instead: 'ctx.prng for randomness, crc32/crcOf from sim for checksums' },
  { re: /\basync\b/, name: 'async', instead: 'a pure handler returning the next state; effects through ctx' },
  { re: /\bawait\b/, name: 'await', instead: 'a pure handler; completion arrives as a later input (disk-done, message)' },
  { re: /\bPromise\b/, name: 'Promise', instead: 'an effect through ctx whose completion is a later input' },
];

const within = (file: string, dir: string) => file === dir || file.startsWith(`${dir}/`);

describe('architecture: nondeterministic APIs', () => {
  const files = [...tsFiles('sim'), ...tsFiles('protocols')];
  it.each(files)('%s uses no banned API', (file) => {
    const lines = codeOnly(readFileSync(join(ROOT, file), 'utf8')).split('\n');
    const hits: string[] = [];
    lines.forEach((l, i) => {
      for (const b of BANNED) if (b.re.test(l)) hits.push(`${file}:${i + 1}: ${b.name} is banned in sim/ and protocols/ — use ${b.instead}`);
    });
    expect(hits, hits.join('\n')).toEqual([]);
  });

  it('catches a banned API in a sample (the scanner itself works)', () => {
    const sample = codeOnly("const t = Date.now(); // Math.random in a comment is fine\nconst s = 'Promise in a string is fine';");
    expect(BANNED.filter((b) => b.re.test(sample)).map((b) => b.name)).toEqual(['Date']);
  });
});

describe('architecture: dependency rule', () => {
  const check = (file: string): string[] => {
    const problems: string[] = [];
    for (const imp of imports(codeOnlyKeepStrings(readFileSync(join(ROOT, file), 'utf8')))) {
      if (!imp.spec.startsWith('.')) continue;
      const target = relative(ROOT, resolve(ROOT, dirname(file), imp.spec));
      const at = `${file}:${imp.line} imports ${imp.spec}`;
      if (within(file, 'sim') && !within(target, 'sim')) problems.push(`${at}: sim/ imports nothing of ours outside sim/`);
      if (within(file, 'protocols') && file !== 'protocols/index.ts') {
        const own = file.split('/').slice(0, 2).join('/');
        if (!within(target, own) && target !== 'sim/index.ts') problems.push(`${at}: a protocol imports only sim/index.ts and its own folder`);
      }
      if (file === 'protocols/index.ts' && !within(target, 'protocols') && target !== 'sim/index.ts') problems.push(`${at}: the registry imports protocols and sim/index.ts only`);
      if (within(file, 'reports')) {
        if (within(target, 'sim') && !imp.isTypeOnly) problems.push(`${at}: reports/ imports only types from sim/ (use import type)`);
        if (!within(target, 'sim') && !within(target, 'reports')) problems.push(`${at}: reports/ imports only reports/ and types from sim/`);
      }
    }
    return problems;
  };
  const files = [...tsFiles('sim'), ...tsFiles('protocols'), ...(existsDir('reports') ? tsFiles('reports') : [])];
  it.each(files)('%s follows the dependency rule', (file) => {
    const problems = check(file);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

function existsDir(d: string): boolean {
  try { return statSync(join(ROOT, d)).isDirectory(); } catch { return false; }
}

/** Comments blanked but strings kept (import specifiers are strings). */
function codeOnlyKeepStrings(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:\\'"])\/\/.*$/gm, '$1');
}
