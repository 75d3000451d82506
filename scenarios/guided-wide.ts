// The wide option space of guided mutants (knob `wideOptionsOneIn`, guided-tuning.ts; off by default): per protocol,
// ranges a real operator may set beyond the BUGGIFY ranges of `faultBudget.perturb` that plain seeds draw from, so a
// mutant can reach states no plain seed can (a five-server ensemble, a 3 s tick, a 10 s supervisor restart), and a
// `fit` that makes a drawn configuration consistent (server lists naming only servers that exist). A protocol without
// an entry has no wide space: the knob then changes nothing for it.
import type { PerturbRange } from '../sim/index.ts';
import { ZAB_WIDE, ZAB_WIDE_XL } from './guided-wide-zab.ts';
import { TFS_WIDE } from './guided-wide-tfs.ts';

export interface WideOptionSpace {
  /** Option name -> the range a wide redraw draws from (replacing its perturb range, if it has one). */
  readonly ranges: Readonly<Record<string, PerturbRange>>;
  /** A full override set (every perturbed and every wide option) made consistent; pure. */
  fit(options: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** Per protocol, its wide spaces by name (knob `wideSpace`; 'wide' unless the schedule names another). */
const WIDE_BY_PROTOCOL: Readonly<Record<string, Readonly<Record<string, WideOptionSpace>>>> = {
  zab: { wide: ZAB_WIDE, xl: ZAB_WIDE_XL },
  // Fourteenth session (tfswide): dataserver and replica counts, HA agent and NS timers, oplog buffer and flush, reports.
  tfs: { wide: TFS_WIDE },
};

/** The protocol's wide space of that name; undefined when it has none (an unknown name of a protocol that has some is an error). */
export function wideOptionsOf(protocol: string, name = 'wide'): WideOptionSpace | undefined {
  const spaces = WIDE_BY_PROTOCOL[protocol];
  if (spaces === undefined) return undefined;
  const space = spaces[name];
  if (space === undefined) throw new Error(`guided tuning: wideSpace: ${protocol} has no wide option space "${name}" (known: ${Object.keys(spaces).join(', ')})`);
  return space;
}
