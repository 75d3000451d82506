// replisim's command line: the command table and `--help`; a named command is run by cli-dispatch.ts, loaded only then.
// Why the split: this module's static imports are what every start pays for; keep them tiny (no kernel, protocols, zod).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from './exit-codes.ts';
import type { Command } from './cli-dispatch.ts';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

const COMMANDS: Record<string, { readonly summary: string; readonly load: () => Promise<Command> }> = {
  list: { summary: 'list [--json]                                  protocols, bug flags, scenarios', load: async () => (await import('./commands/list.ts')).listCommand },
  run: { summary: 'run <scenario|file> [--seed N] [--bug ID]...   run one scripted scenario', load: async () => (await import('./commands/run.ts')).runCommand },
  fuzz: { summary: 'fuzz --protocol P [--seeds N] [--from S] [--jobs J] [--pool threads|processes] [--shard K/N] [--bug ID] [--time-budget D] [--keep-going] [--json]', load: async () => (await import('./commands/fuzz.ts')).fuzzCommand },
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
  const { dispatch } = await import('./cli-dispatch.ts');
  return dispatch(name, rest, Object.hasOwn(COMMANDS, name) ? COMMANDS[name]?.load : undefined, Object.keys(COMMANDS), usage());
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
