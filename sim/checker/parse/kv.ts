// Parser for Porcupine's key-value logs (`{:process P, :type T, :f F, :key "K", :value V}`) into kv ops.
import { HistoryBuilder, linesOf, quoteLine } from './builder.ts';
import type { ParseResult } from './builder.ts';
import type { KvInput, KvOutput } from '../models/kv.ts';

const LINE_RE = /^\{\s*:process\s+(\d+)\s*,\s*:type\s+:([\w-]+)\s*,\s*:f\s+:([\w-]+)\s*,\s*:key\s+"([^"]*)"\s*,\s*:value\s+(nil|"[^"]*")\s*\}$/;

function stringOf(v: string): string | null {
  return v === 'nil' ? null : v.slice(1, -1);
}

/** Pure: text → history. Strings have no escapes in this format. */
export function parseKvLog(text: string): ParseResult<KvInput, KvOutput> {
  const b = new HistoryBuilder<KvInput, KvOutput>();
  const lines = linesOf(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = LINE_RE.exec(line);
    if (m === null) return { ok: false, line: lineNo, message: `expected {:process P, :type :T, :f :F, :key "K", :value V}, found ${quoteLine(line)}` };
    const client = Number(m[1]);
    if (!Number.isSafeInteger(client)) return { ok: false, line: lineNo, message: `a process number up to ${Number.MAX_SAFE_INTEGER}, found ${m[1]}` };
    const type = m[2]!, f = m[3]!, key = m[4]!;
    const value = stringOf(m[5]!);
    if (f !== 'get' && f !== 'put' && f !== 'append') return { ok: false, line: lineNo, message: `unknown operation :${f} (expected :get, :put or :append)` };
    let err: string | null;
    switch (type) {
      case 'invoke':
        if (f === 'get' && value !== null) err = `a :get invocation carries :value nil, found ${quoteLine(m[5]!)}`;
        else if (f !== 'get' && value === null) err = `a :${f} invocation carries a string value, found nil`;
        else err = b.invoke(lineNo, client, f, { f, key, value: value ?? '' }, key);
        break;
      case 'ok':
        if (f === 'get' && value === null) err = 'a :get completion carries the string read, found nil';
        else err = b.complete(lineNo, client, f, { type: 'ok', value: value ?? '' }, false, key);
        break;
      case 'fail': err = b.complete(lineNo, client, f, { type: 'fail' }, false, key); break;
      case 'info': err = b.complete(lineNo, client, f, undefined, true, key); break;
      default: err = `unknown event type :${type} (expected :invoke, :ok, :fail or :info)`;
    }
    if (err !== null) return { ok: false, line: lineNo, message: err };
  }
  return { ok: true, ops: b.finish() };
}
