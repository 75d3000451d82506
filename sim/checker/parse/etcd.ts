// Parser for Jepsen etcd logs (`INFO  jepsen.util - <process> <type> <f> <value>`) into register ops.
import { HistoryBuilder, linesOf, quoteLine } from './builder.ts';
import type { ParseResult } from './builder.ts';
import { exactInt } from '../models/register.ts';
import type { RegisterInput, RegisterOutput } from '../models/register.ts';

const LINE_RE = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(\S+)\s+:(\S+)\s+(.*?)\s*$/;
const INT_RE = /^-?\d+$/;
const PAIR_RE = /^\[\s*(-?\d+)\s+(-?\d+)\s*\]$/;

type Parsed<T> = T | { readonly error: string };

function isError<T>(x: Parsed<T>): x is { readonly error: string } {
  return typeof x === 'object' && x !== null && 'error' in x;
}

function inputOf(f: string, value: string): Parsed<RegisterInput> {
  switch (f) {
    case 'read': return value === 'nil' ? { f: 'read' } : { error: `a :read invocation carries nil, found ${quoteLine(value)}` };
    case 'write': return INT_RE.test(value) ? { f: 'write', value: exactInt(value) } : { error: `a :write carries an integer, found ${quoteLine(value)}` };
    case 'cas': {
      const m = PAIR_RE.exec(value);
      return m === null ? { error: `a :cas carries [from to], found ${quoteLine(value)}` } : { f: 'cas', from: exactInt(m[1]!), to: exactInt(m[2]!) };
    }
    default: return { error: `unknown operation :${f} (expected :read, :write or :cas)` };
  }
}

function okOutputOf(f: string, value: string): Parsed<RegisterOutput> {
  if (f !== 'read') return { type: 'ok' };
  if (value === 'nil') return { type: 'ok', value: null };
  return INT_RE.test(value) ? { type: 'ok', value: exactInt(value) } : { error: `a :read result is nil or an integer, found ${quoteLine(value)}` };
}

/** Pure: text → history. `:info` leaves the op open (unknown outcome); `:fail` means it did not take effect. */
export function parseEtcdLog(text: string): ParseResult<RegisterInput, RegisterOutput> {
  const b = new HistoryBuilder<RegisterInput, RegisterOutput>();
  const lines = linesOf(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = LINE_RE.exec(line);
    if (m === null) return { ok: false, line: lineNo, message: `expected "INFO  jepsen.util - <process> :<type> :<f> <value>", found ${quoteLine(line)}` };
    const client = Number(m[1]);
    if (!Number.isSafeInteger(client)) return { ok: false, line: lineNo, message: `a process number up to ${Number.MAX_SAFE_INTEGER}, found ${m[1]}` };
    const type = m[2]!, f = m[3]!, value = m[4]!;
    let err: string | null;
    switch (type) {
      case 'invoke': {
        const input = inputOf(f, value);
        err = isError(input) ? input.error : b.invoke(lineNo, client, f, input);
        break;
      }
      case 'ok': {
        const out = f === 'read' || f === 'write' || f === 'cas' ? okOutputOf(f, value) : { error: `unknown operation :${f}` };
        err = isError(out) ? out.error : b.complete(lineNo, client, f, out, false);
        break;
      }
      // A failed op did not take effect (a timed-out read has no effect either way).
      case 'fail': err = b.complete(lineNo, client, f, { type: 'fail' }, false); break;
      // Indeterminate: the op stays open to the end of the history.
      case 'info': err = b.complete(lineNo, client, f, undefined, true); break;
      default: err = `unknown event type :${type} (expected :invoke, :ok, :fail or :info)`;
    }
    if (err !== null) return { ok: false, line: lineNo, message: err };
  }
  return { ok: true, ops: b.finish() };
}
