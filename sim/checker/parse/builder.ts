// Shared by the log parsers: pairs each client's call line with its completion line, with clear errors.
import type { Op } from '../types.ts';

export type ParseResult<I, O> =
  | { readonly ok: true; readonly ops: Op<I, O>[] }
  | { readonly ok: false; readonly line: number; readonly message: string };

interface OpenCall<I> { readonly line: number; readonly f: string; readonly input: I; readonly key: string | null }

/** Collects operations; positions are line numbers, so the file order is the event order. */
export class HistoryBuilder<I, O> {
  private readonly open = new Map<number, OpenCall<I>>();
  private readonly ops: Op<I, O>[] = [];

  /** Returns an error message, or null. */
  invoke(line: number, client: number, f: string, input: I, key: string | null = null): string | null {
    const cur = this.open.get(client);
    if (cur !== undefined) return `process ${client} invokes :${f} while its :${cur.f} from line ${cur.line} is still open`;
    this.open.set(client, { line, f, input, key });
    return null;
  }

  /** Completes the client's open call; `output` undefined with `isUnknown` leaves the outcome unknown. */
  complete(line: number, client: number, f: string, output: O | undefined, isUnknown: boolean, key: string | null = null): string | null {
    const cur = this.open.get(client);
    if (cur === undefined) return `completion for process ${client}, which has no open operation`;
    if (cur.f !== f) return `completion :${f} does not match process ${client}'s open :${cur.f} from line ${cur.line}`;
    if (cur.key !== key) return `completion key ${JSON.stringify(key)} does not match the key ${JSON.stringify(cur.key)} of process ${client}'s call on line ${cur.line}`;
    this.open.delete(client);
    this.ops.push({ id: cur.line, client, input: cur.input, output, call: cur.line, ret: isUnknown ? null : line });
    return null;
  }

  /** Calls never completed get an unknown outcome (they may or may not have taken effect). */
  finish(): Op<I, O>[] {
    for (const [client, cur] of this.open) {
      this.ops.push({ id: cur.line, client, input: cur.input, output: undefined, call: cur.line, ret: null });
    }
    this.open.clear();
    return this.ops.sort((a, b) => a.call - b.call);
  }
}

/** Splits text into lines (LF or CRLF); a final newline does not make an extra line. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function quoteLine(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}
