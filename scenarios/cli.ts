// replisim's command line: dispatch to scenarios/commands/<command>.ts and turn errors into the exit codes of DESIGN.md §4.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, suggest } from './errors.ts';
import { EXIT } from './scenario.ts';
import { loadTestProtocolsFromEnv } from './registry.ts';
import { TargetError } from '../sim/index.ts';
import { err, escapeControl, out } from './commands/output.ts';

type Command = (argv: readonly string[]) => number | Promise<number>;

const COMMANDS: Record<string, { readonly summary: string; readonly load: () => Promise<Command> }> = {
  list: { summary: 'list [--json]                                  protocols, bug flags, scenarios', load: async () => (await import('./commands/list.ts')).listCommand },
  run: { summary: 'run <scenario|file> [--seed N] [--bug ID]...   run one scripted scenario', load: async () => (await import('./commands/run.ts')).runCommand },
  fuzz: { summary: 'fuzz --protocol P [--seeds N] [--from S] [--jobs J] [--shard K/N] [--bug ID] [--time-budget D] [--keep-going] [--json]', load: async () => (await import('./commands/fuzz.ts')).fuzzCommand },
  replay: { summary: 'replay <failure.json | --protocol P --seed N> [--until-event E] [--trace [--node N]]', load: async () => (await import('./commands/replay.ts')).replayCommand },
  shrink: { summary: 'shrink <failure.json> [--out FILE]             smallest fault plan that still fails', load: async () => (await import('./commands/shrink.ts')).shrinkCommand },
  merge: { summary: 'merge <results.json>... [--json]               combine fuzz shards', load: async () => (await import('./commands/merge.ts')).mergeCommand },
  'check-history': { summary: 'check-history <file> --model etcd|kv         linearizability of a recorded history', load: async () => (await import('./check-history.ts')).checkHistoryCommand },
};

export function usage(): string {
  return ['usage: replisim <command> [flags]', '', ...Object.values(COMMANDS).map((c) => `  replisim ${c.summary}`), '',
    'exit codes: 0 pass, 1 safety violation, 2 usage/bad input, 3 liveness timeout, 4 crash, 5 nondeterminism'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return name === undefined ? EXIT.usage : EXIT.pass;
  }
  const cmd = COMMANDS[name];
  try {
    if (cmd === undefined) throw new InputError(`unknown command "${name}"${suggest(name, Object.keys(COMMANDS))}\n${usage()}`);
    await loadTestProtocolsFromEnv();
    return await (await cmd.load())(rest);
  } catch (e) {
    if (e instanceof InputError || e instanceof TargetError) {
      err(`replisim: ${escapeControl(e.message)}`);
      return EXIT.usage;
    }
    err(`replisim: internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.crash;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
