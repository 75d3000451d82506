// Output paths (--out, the failure-file folder) checked before a run starts: a path that cannot be written is bad input
// (exit 2) up front, instead of an "internal error" after the run that hides its verdict and replay command.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './errors.ts';

/** The nearest existing ancestor of a path that does not exist (the folder that would receive it). */
function nearestExisting(path: string): string {
  let p = dirname(resolve(path));
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

function checkWritableDir(what: string, path: string, dir: string): void {
  if (!statSync(dir).isDirectory()) throw new InputError(`${what}: cannot write ${path}: ${dir} is a file, not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new InputError(`${what}: cannot write ${path}: the folder ${dir} is not writable`);
  }
}

/** A file the command will write (created with its folders if missing). `what` names the flag ("run: --out"). */
export function checkOutputFile(what: string, path: string): void {
  if (path.trim() === '') throw new InputError(`${what}: expected a file path, found ""`);
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${what}: ${path} is a directory; give a file path such as ${path.replace(/\/+$/, '')}/report.html`);
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new InputError(`${what}: ${path} exists and is not writable`);
    }
    // Written by rename from a temporary file in the same folder, so the folder must be writable too.
    checkWritableDir(what, path, dirname(resolve(path)));
    return;
  }
  checkWritableDir(what, path, nearestExisting(path));
}

/** A folder the command will create files in (created if missing). */
export function checkOutputDir(what: string, path: string): void {
  if (existsSync(path)) {
    checkWritableDir(what, path, resolve(path));
    return;
  }
  checkWritableDir(what, path, nearestExisting(path));
}
