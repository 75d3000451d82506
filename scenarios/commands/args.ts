// Flag parsing shared by the commands: node:util parseArgs, with unknown flags and bad values turned into exit-2 errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '../../sim/index.ts';
import { InputError, suggest } from '../errors.ts';
import { FUZZ_FAULTS, type FuzzFaults } from '../fuzz-run.ts';
import { THREADS, type PoolKind } from '../pool.ts';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/**
 * `--seeds -5`: parseArgs would call the value "ambiguous" (it looks like a flag). A negative number after a flag that
 * takes a value is that flag's value, so it reaches the flag's own range check ("expected an integer from 1 to ...").
 */
function joinNegativeValues(argv: readonly string[], options: FlagSpec): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else {
      args.push(a);
    }
  }
  return args;
}

export function parseFlags(command: string, argv: readonly string[], options: FlagSpec, positionalsMax: number): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (unknown) {
      const flag = unknown[1]!.replace(/^-+/, '').split('=')[0]!;
      throw new InputError(`${command}: unknown flag --${flag}${suggest(flag, Object.keys(options)).replace(/"([^"]+)"/g, '"--$1"')}`);
    }
    throw new InputError(`${command}: ${msg.split('\n')[0]}`);
  }
  if (parsed.positionals.length > positionalsMax) {
    throw new InputError(`${command}: unexpected argument "${parsed.positionals[positionalsMax]}"`);
  }
  return parsed;
}

export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listFlag(p: Parsed, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

export function boolFlag(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** An integer flag within [min, max]; undefined when absent. */
export function intFlag(command: string, p: Parsed, name: string, min: number, max: number): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) {
    throw new InputError(`${command}: --${name}: expected an integer from ${min} to ${max}, found "${v}"`);
  }
  return Number(v);
}

export function durationFlag(command: string, p: Parsed, name: string): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  const us = parseDuration(v);
  if (us === null || us === undefined || !(us > 0)) throw new InputError(`${command}: --${name}: expected a duration with a unit such as "30s" or "10m", found "${v}"`);
  return us;
}

/** `--faults aimed|timed` (fuzz and replay share it: the two draw different plans, so a seed replays only under its own). */
export function faultsFlag(command: string, p: Parsed): FuzzFaults {
  const v = stringFlag(p, 'faults') ?? 'aimed';
  if (!(FUZZ_FAULTS as readonly string[]).includes(v)) throw new InputError(`${command}: --faults: expected ${FUZZ_FAULTS.join(' or ')}, found "${v}"`);
  return v as FuzzFaults;
}

/**
 * `--pool threads|processes`: what runs a campaign's workers (scenarios/pool.ts PoolKind); worker threads unless asked.
 * Results never depend on it (test/scenarios/process-pool.test.ts), only speed: see the README's issue-17 blocks.
 */
export function poolFlag(command: string, p: Parsed): PoolKind {
  const v = stringFlag(p, 'pool') ?? 'threads';
  if (v === 'threads') return THREADS;
  if (v === 'processes') return { kind: 'processes', execArgv: [] };
  throw new InputError(`${command}: --pool: expected threads or processes, found "${v}"`);
}
