// `check-history <file> --model etcd|kv`: reads a Jepsen etcd or Porcupine kv log and checks linearizability.
import { readInputFile } from './input-file.ts';
import { pathToFileURL } from 'node:url';
import {
  checkOps, formatResult, parseEtcdLog, parseKvLog, registerModel, kvModel, kvNoPartitionModel, DEFAULT_LIMITS,
} from '../sim/checker/index.ts';
import type { CheckLimits, CheckModel, CheckResult, ParseResult } from '../sim/checker/index.ts';
import { InputError } from './errors.ts';
import { escapeControl } from '../reports/colour.ts';
import { intFlag, parseFlags, stringFlag } from './commands/args.ts';

/** Exit codes of issue 4 (0 and 1 match the CLI's pass / safety violation; 2 bad input; 3 undecided). */
export const CHECK_EXIT = { linearizable: 0, notLinearizable: 1, badInput: 2, unknown: 3 } as const;

interface ModelEntry {
  readonly description: string;
  readonly parse: (text: string) => ParseResult<any, any>;
  readonly model: CheckModel<any, any, any>;
}

/** The models `--model` accepts and the log format each reads. */
export const HISTORY_MODELS: Readonly<Record<string, ModelEntry>> = {
  etcd: { description: 'Jepsen etcd log: single register, read / write / cas', parse: parseEtcdLog, model: registerModel },
  kv: { description: 'Porcupine kv log: get / put / append, checked per key', parse: parseKvLog, model: kvModel },
  'kv-no-partition': { description: 'Porcupine kv log, whole history at once (slow cross-check)', parse: parseKvLog, model: kvNoPartitionModel },
};

const USAGE = [
  'usage: check-history <file> --model etcd|kv [--steps-max N] [--memo-entries-max N] [--memo-bytes-max N] [--json]',
  `  --model             ${Object.entries(HISTORY_MODELS).map(([k, m]) => `${k} (${m.description})`).join('; ')}`,
  `  --steps-max         search steps before giving up with "unknown" (default ${DEFAULT_LIMITS.stepsMax})`,
  `  --memo-entries-max  memo entries per partition before giving up (default ${DEFAULT_LIMITS.memoEntriesMax})`,
  `  --memo-bytes-max    bytes of all memo tables before giving up (default ${DEFAULT_LIMITS.memoBytesMax})`,
  '  --json             print the result (verdict, explanation detail with intervals, stats) as one JSON object',
  'exit codes: 0 linearizable, 1 not linearizable, 2 bad input or usage, 3 unknown within the bounds',
].join('\n');

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

/** Prints the verdict (stdout) or the input error (stderr) and returns the exit code. */
export function checkHistoryCommand(argv: readonly string[]): number {
  try {
    const p = parseFlags('check-history', argv, {
      model: { type: 'string' }, 'steps-max': { type: 'string' }, 'memo-entries-max': { type: 'string' }, 'memo-bytes-max': { type: 'string' }, json: { type: 'boolean' },
    }, 1);
    if (p.values['help'] === true) { out(USAGE); return CHECK_EXIT.linearizable; }
    const file = p.positionals[0];
    if (file === undefined) throw new InputError(`check-history: missing <file>\n${USAGE}`);
    const modelName = stringFlag(p, 'model');
    if (modelName === undefined) throw new InputError(`check-history: missing --model (${Object.keys(HISTORY_MODELS).join(', ')})\n${USAGE}`);
    const entry = HISTORY_MODELS[modelName];
    if (entry === undefined) throw new InputError(`check-history: --model: expected one of ${Object.keys(HISTORY_MODELS).join(', ')}, found "${modelName}"`);
    const limits: Partial<CheckLimits> = {
      ...optional('stepsMax', intFlag('check-history', p, 'steps-max', 1, Number.MAX_SAFE_INTEGER)),
      ...optional('memoEntriesMax', intFlag('check-history', p, 'memo-entries-max', 1, 1_000_000_000)),
      ...optional('memoBytesMax', intFlag('check-history', p, 'memo-bytes-max', 1, Number.MAX_SAFE_INTEGER)),
    };
    const text = readInputFile(file, 'history file', `check-history: ${file}`);
    const parsed = entry.parse(text);
    if (!parsed.ok) throw new InputError(`check-history: ${file}:${parsed.line}: ${parsed.message}`);
    // An empty history is trivially linearizable, so answering "linearizable" would hide a wrong path or a truncated file.
    if (parsed.ops.length === 0) throw new InputError(`check-history: ${file}: no operations in the file (expected a ${modelName} history with at least one operation)`);
    const r = checkOps(entry.model, parsed.ops, limits);
    if (p.values['json'] === true) out(JSON.stringify({ file, model: entry.model.name, ...r }));
    else printResult(file, entry.model.name, r);
    return r.verdict === 'ok' ? CHECK_EXIT.linearizable : r.verdict === 'illegal' ? CHECK_EXIT.notLinearizable : CHECK_EXIT.unknown;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    err(escapeControl(e.message));
    return CHECK_EXIT.badInput;
  }
}

function printResult(file: string, modelName: string, r: CheckResult): void {
  out(`${file}: ${r.verdict === 'ok' ? 'linearizable' : r.verdict === 'illegal' ? 'NOT linearizable' : 'unknown'} (model ${modelName})`);
  for (const line of formatResult(r, { positionName: 'line' })) out(`  ${line}`);
}

function optional<K extends string>(key: K, v: number | undefined): { [P in K]?: number } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: number };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = checkHistoryCommand(process.argv.slice(2));
}
