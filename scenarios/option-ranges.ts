// Protocol options of a scenario checked against the protocol's declared kinds and ranges (OptionDoc min/max/unit),
// before anything runs: an out-of-range value (tickTimeUs: 0) is bad input, not a liveness failure minutes later.
import type { OptionDoc, ProtocolModule } from '../sim/index.ts';
import { formatUs, parseDuration } from '../sim/index.ts';
import { InputError, fieldError, fieldPath, suggest } from './errors.ts';

/** A value in an option's unit, for messages: durations with units, never raw microseconds. */
export function formatOptionValue(v: number, doc: OptionDoc | undefined): string {
  return doc?.unit === 'us' ? formatUs(v) : String(v);
}

function rangeText(doc: OptionDoc): string {
  const f = (v: number): string => formatOptionValue(v, doc);
  const unit = doc.unit === undefined || doc.unit === 'us' ? '' : ` (${doc.unit})`;
  if (doc.min !== undefined && doc.max !== undefined) return `${f(doc.min)} to ${f(doc.max)}${unit}`;
  return doc.min !== undefined ? `at least ${f(doc.min)}${unit}` : `at most ${f(doc.max!)}${unit}`;
}

/** One number against its range; throws a field error naming the closest valid value. */
function checkNumber(file: string, path: (string | number)[], v: number, doc: OptionDoc | undefined): void {
  if (!Number.isFinite(v)) throw fieldError(file, path, 'a finite number', v);
  if (doc === undefined || (doc.min === undefined && doc.max === undefined)) {
    if (v < 0) throw fieldError(file, path, 'a number ≥ 0', v);
    return;
  }
  if ((doc.unit === 'us' || doc.unit === 'count' || doc.unit === 'flag' || doc.unit === 'enum') && !Number.isInteger(v)) {
    throw fieldError(file, path, `an integer${doc.unit === 'us' ? ' number of microseconds (or a duration string such as "200ms")' : ''}`, v);
  }
  const closest = doc.min !== undefined && v < doc.min ? doc.min : doc.max !== undefined && v > doc.max ? doc.max : null;
  if (closest !== null) {
    throw new InputError(`${file}: ${fieldPath(path)}: expected ${rangeText(doc)}, found ${formatOptionValue(v, doc)}; closest valid value: ${formatOptionValue(closest, doc)}${doc.unit === 'us' ? ` (${closest} microseconds)` : ''}`);
  }
}

/**
 * Checks every option override (name known, same kind as the default, within the declared range) and returns them
 * with duration strings ("300ms") for microsecond options turned into numbers.
 */
export function checkOptions(file: string, p: ProtocolModule, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const defaults = p.defaultOptions as Record<string, unknown>;
  const docs = p.optionDocs as Record<string, OptionDoc | undefined>;
  const resolved: Record<string, unknown> = {};
  for (const [k, raw] of Object.entries(options)) {
    if (!(k in defaults)) throw fieldError(file, ['options', k], `an option of ${p.name}${suggest(k, Object.keys(defaults))}`, k);
    const d = defaults[k];
    const doc = docs[k];
    let v = raw;
    if (typeof d === 'number' && typeof v === 'string' && doc?.unit === 'us') {
      const us = parseDuration(v);
      if (us === null) throw fieldError(file, ['options', k], 'a duration with a unit such as "200ms" or "2s" (or a number of microseconds)', v);
      v = us;
    }
    const isSameKind = Array.isArray(d) ? Array.isArray(v) : typeof d === typeof v;
    if (!isSameKind) throw fieldError(file, ['options', k], `a ${Array.isArray(d) ? 'list' : typeof d} like the default ${JSON.stringify(d)}`, v);
    if (typeof v === 'number') checkNumber(file, ['options', k], v, doc);
    if (Array.isArray(v)) v.forEach((x, i) => { if (typeof x === 'number') checkNumber(file, ['options', k, i], x, doc); });
    resolved[k] = v;
  }
  return resolved;
}
