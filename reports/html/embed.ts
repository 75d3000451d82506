// The JSON the page embeds: small fields as they are, the per-row and per-record columns packed and gzip'd (see encode.ts).
import type { Payload } from './payload.ts';
import { packColumns, packText, TEXT_PAGE } from './encode.ts';

/** Bumped when the embedded shape changes (the page and test/reports/support/decode-html.ts read it). */
export const EMBED_VERSION = 2;

/**
 * Send rows and sent times are stored relative to their record's row and time (small numbers compress well):
 * csd = row − send row (0: no arrow); ctd = 0 when the sent time is the send row's time (every arrow), else
 * time − sent time + 1 (−1: not a message).
 */
export function embedPayload(p: Payload): unknown {
  const csd = p.cs.map((s, i) => (s < 0 ? 0 : p.cr[i]! - s));
  const ctd = p.ct.map((t, i) => (t < 0 ? -1 : p.cs[i]! >= 0 && p.rt[p.cs[i]!] === t ? 0 : p.rt[p.cr[i]!]! - t + 1));
  const text = packText(p.cd);
  const cols = packColumns([
    ['re', p.re, 'd'], ['rt', p.rt, 'df'], ['rn', p.rn, 'i'],
    ['cr', p.cr, 'd'], ['ck', p.ck, 'i'], ['cn', p.cn, 'i'], ['cf', p.cf, 'i'], ['cm', p.cm, 'i'], ['csd', csd, 'i'], ['ctd', ctd, 'i'],
    ['cdl', text.lengths, 'i'],
  ]);
  return {
    v: EMBED_VERSION, meta: p.meta, nodes: p.nodes, kinds: p.kinds, strs: p.strs, rows: p.re.length, recs: p.cr.length,
    spans: p.spans, ops: p.ops, roles: p.roles, roleBands: p.roleBands, roleNames: p.roleNames, roleColours: p.roleColours,
    violationRow: p.violationRow, notes: p.notes, cols, txt: { page: TEXT_PAGE, pages: text.pages }, states: p.states,
  };
}
