// A server the operator starts after the others (a rolling start, a replaced server joining a running ensemble): until
// then it has loaded its data directory and does nothing else: no election, connections refused, clients turned away.
import type { Ctx, Input } from '../../sim/index.ts';
import type { ZabMsg } from './messages.ts';
import type { ZabOptions } from './options.ts';
import type { ZabNode } from './state.ts';

const LATE_START_TIMER = 'late-start';

/**
 * At boot: is this server one of `lateStartIds` and is it still before `lateStartUs`? Then it waits for that time
 * (a restart before it waits again: the operator has not started it yet; a restart after it starts at once).
 */
export function deferStart(s: ZabNode, ctx: Ctx<ZabMsg>, opts: ZabOptions): ZabNode {
  if (!opts.lateStartIds.includes(s.id) || ctx.nowUs >= opts.lateStartUs) return s;
  ctx.setTimer(LATE_START_TIMER, opts.lateStartUs - ctx.nowUs);
  return { ...s, startAtUs: opts.lateStartUs };
}

/** Is this input the operator starting a late server (the timer deferStart set)? */
export const isStartTimer = (input: Input<ZabMsg>): boolean => input.type === 'timer' && input.name === LATE_START_TIMER;

/**
 * Any other input to a server not started yet. Nothing listens on its ports, so an incoming connection is closed at
 * once (the dialler sees it fail and retries later), and a client is turned away.
 */
export function handleNotStarted(input: Input<ZabMsg>, ctx: Ctx<ZabMsg>): void {
  if (input.type === 'client') return ctx.reply(input.reqId, { ok: false, err: 'not-serving' });
  if (input.type === 'conn-opened') return ctx.close(input.connId);
}
