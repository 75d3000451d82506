// report-relations-applied: a nameserver's relations for a DS it has a fresh full report from agree with that report.
//
// Why: since row P25 the slave applies the dataservers' full reports too (heart_manager.cpp report_block_ ->
// update_relation, whatever its role), so its block lists follow the DSs instead of only the records it replayed. The
// check holds each nameserver, slave or master, to what update_relation does with the last report it applied, while
// nothing has changed its relations since (its block map is still the one the report left: the maps are copy-on-write):
// - every block the report lists lists the DS, unless the block's list is full (max_replication_ servers:
//   BlockCollect::add refuses it, or the excess-server swap chose the reporter, or it expired itself under a lease);
// - no block listed on the DS at the ask that the report lacks lists it (left_less, relieve_relation).
import { nodeInvariant } from '../../sim/index.ts';
import type { NsState, TfsState } from './state.ts';

type Report = NonNullable<Extract<TfsState, { kind: 'ns' }>['lastReport']>;

/** Verdicts per applied report and cap: the report object is immutable, and only judged while the map is its own. */
const verdicts = new WeakMap<Report, { readonly cap: number; readonly verdict: string | null }>();

function judge(self: string, r: Report, blocks: NsState['blocks'], cap: number): string | null {
  for (const id of r.reported) {
    const servers = blocks.get(id) ?? [];
    if (!servers.includes(r.ds) && servers.length < cap) {
      return `${self} applied ${r.ds}'s full report listing block ${id} but lists it on ${JSON.stringify(servers)}, below max_replication_ ${cap}`;
    }
  }
  for (const id of r.unreported) {
    const servers = blocks.get(id) ?? [];
    if (servers.includes(r.ds)) return `${self} applied ${r.ds}'s full report, which lacks block ${id}, but still lists ${r.ds} on it`;
  }
  return null;
}

export const reportRelationsApplied = nodeInvariant<TfsState>(
  'report-relations-applied',
  "a nameserver (slave or master) whose relations have not changed since the last full block report it applied agrees with it: every block the report lists lists the DS unless full at max_replication_, and no block listed on the DS at the ask that the report lacks still lists it",
  (_view, node) => {
    const s = node.state;
    if (!node.isUp || s?.kind !== 'ns') return null;
    const r = s.lastReport;
    if (r === undefined || r.blocks !== s.blocks) return null;
    const cap = s.maxReplication ?? Number.MAX_SAFE_INTEGER;
    const memo = verdicts.get(r);
    if (memo !== undefined && memo.cap === cap) return memo.verdict;
    const verdict = judge(s.self, r, s.blocks, cap);
    verdicts.set(r, { cap, verdict });
    return verdict;
  },
);
