// The one colour policy of every terminal line (summaries, ✓/✗ lines, FAIL blocks, progress, trace) and the escaping
// of user text (descriptions, names, paths) so its control characters cannot drive the terminal.
import chalk, { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * NO_COLOR (https://no-color.org) set and non-empty: none. FORCE_COLOR: 0/false none, 1/true/empty basic, 2 256 colours,
 * 3 truecolor. Otherwise colour only on a terminal (not TERM=dumb), at the depth chalk detected for it.
 */
export function colorLevel(env: Env = process.env, isTTY: boolean = process.stdout.isTTY === true, detected: number = chalk.level): ColorSupportLevel {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2' || force === '3') return Number(force) as ColorSupportLevel;
    return Math.max(1, detected) as ColorSupportLevel;
  }
  if (!isTTY || env['TERM'] === 'dumb') return 0;
  return Math.max(1, detected) as ColorSupportLevel;
}

export function shouldColor(env: Env = process.env, isTTY: boolean = process.stdout.isTTY === true): boolean {
  return colorLevel(env, isTTY) > 0;
}

/** A chalk whose level follows the policy above (decided once per process). */
export function paintFor(env: Env = process.env, isTTY: boolean = process.stdout.isTTY === true): ChalkInstance {
  return new Chalk({ level: colorLevel(env, isTTY) });
}

/**
 * User text for a terminal: C0/C1 control characters other than newline and tab (ESC, BEL, CR, backspace, ...)
 * written as visible escapes (`\x1b`), so a description cannot clear the screen or forge a ✓.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
