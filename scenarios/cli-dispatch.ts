// Runs one CLI command and turns its errors into the exit codes of DESIGN.md §4. Loaded by scenarios/cli.ts only once a
// command is named, so `replisim --help` never loads the kernel, the protocols or zod (it starts in ~0.15 s from dist/).
import { InputError, suggest } from './errors.ts';
import { EXIT } from './exit-codes.ts';
import { loadTestProtocolsFromEnv } from './registry.ts';
import { TargetError } from '../sim/index.ts';
import { err, escapeControl } from './commands/output.ts';

export type Command = (argv: readonly string[]) => number | Promise<number>;

export async function dispatch(name: string, rest: readonly string[], load: (() => Promise<Command>) | undefined, names: readonly string[], usage: string): Promise<number> {
  try {
    if (load === undefined) throw new InputError(`unknown command "${name}"${suggest(name, names)}\n${usage}`);
    await loadTestProtocolsFromEnv();
    return await (await load())(rest);
  } catch (e) {
    if (e instanceof InputError || e instanceof TargetError) {
      err(`replisim: ${escapeControl(e.message)}`);
      return EXIT.usage;
    }
    err(`replisim: internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.crash;
  }
}
