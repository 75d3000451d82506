// What each guided-tuning knob may hold, checked where a schedule is put together (a bench variant's spec, a protocol's
// entry, a caller's override), so a bad value fails with the knob's name before a campaign runs rather than deep inside
// one (prng.int(0) asserts without naming the knob; a fraction or a negative count silently skews a draw). One table, typed by the knob names, so a new knob
// cannot be added without saying what it may hold.

import type { GuidedTuning } from './guided-tuning.ts';

type KnobKind = 'int>=1' | 'int>=0' | 'int>=1|null' | 'boolean' | 'word' | readonly string[];

const KNOB_KINDS: { readonly [K in keyof GuidedTuning]-?: KnobKind } = {
  optionsOneIn: 'int>=1', optionRedrawsMax: 'int>=1', parentOptionsOneIn: 'int>=1', roundsMax: 'int>=1',
  freshOneIn: 'int>=1', plainGenerations: 'int>=0', energy: ['sum', 'square'], isAdaptiveOps: 'boolean',
  reaimOneIn: 'int>=1|null', isReaimKeepingTriggered: 'boolean', frontierOneIn: 'int>=1|null',
  wideOptionsOneIn: 'int>=1|null', wideRedrawsExtra: 'int>=0', wideSpace: 'word', wideFullOneIn: 'int>=1|null',
  growOneIn: 'int>=1|null', frontierInsertOneIn: 'int>=1|null', longPhaseOneIn: 'int>=1|null',
};

function fits(kind: KnobKind, v: unknown): boolean {
  if (Array.isArray(kind)) return kind.includes(v as string);
  switch (kind) {
    case 'int>=1': return Number.isInteger(v) && (v as number) >= 1;
    case 'int>=0': return Number.isInteger(v) && (v as number) >= 0;
    case 'int>=1|null': return v === null || (Number.isInteger(v) && (v as number) >= 1);
    case 'boolean': return typeof v === 'boolean';
    case 'word': return typeof v === 'string' && /^[a-z][a-z0-9-]*$/i.test(v);
  }
  return false;
}

function describe(kind: KnobKind): string {
  if (Array.isArray(kind)) return `one of ${kind.map((x) => JSON.stringify(x)).join(', ')}`;
  return { 'int>=1': 'an integer >= 1', 'int>=0': 'an integer >= 0', 'int>=1|null': 'an integer >= 1 or null', boolean: 'true or false', word: 'a word' }[kind as string] ?? String(kind);
}

/** Throws naming `where` and the first knob whose value its kind does not allow (unknown knobs too). */
export function checkTuning(t: Readonly<Record<string, unknown>>, where: string): void {
  for (const [k, v] of Object.entries(t)) {
    const kind = (KNOB_KINDS as Readonly<Record<string, KnobKind>>)[k];
    if (kind === undefined) throw new Error(`${where}: unknown knob "${k}" (known: ${Object.keys(KNOB_KINDS).join(', ')})`);
    if (!fits(kind, v)) throw new Error(`${where}: ${k}: expected ${describe(kind)}, found ${JSON.stringify(v)}`);
  }
}
