// What every handler gets: the context, options, bug flags; and the draft type handlers mutate inside immer.
import type { BugSet, Ctx } from '../../sim/index.ts';
import type { Draft } from 'immer';
import type { ZabMsg } from './messages.ts';
import type { ZabOptions } from './options.ts';
import type { ZabNode } from './state.ts';

export interface Env {
  readonly ctx: Ctx<ZabMsg>;
  readonly opts: ZabOptions;
  readonly bugs: BugSet;
}

export type D = Draft<ZabNode>;
