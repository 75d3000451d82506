// Reading a file the user named on the command line: every way the read can fail (missing, a directory, no permission)
// is bad input (exit 2) naming the file and what it should be, never an internal error.
import { readFileSync, statSync } from 'node:fs';
import { InputError } from './errors.ts';

/** The file's text; `what` names the kind of file expected ("scenario file", "failure file", ...). */
export function readInputFile(path: string, what: string, shownAs: string = path): string {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError(`${shownAs}: no such ${what}`);
  }
  if (!isFile) throw new InputError(`${shownAs}: not a ${what} (a directory or special file)`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${shownAs}: cannot read the ${what}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
