// A dataserver's block report is a full report: the master relieves that dataserver from the blocks it lists there
// and the report lacks.
//
// Trunk (block_manager.cpp BlockManager::update_relation @0365c90): server->diff(report) splits the server's blocks
// into same / right_less (reported, not listed: built) / left_less (listed, not reported: relieve_relation). The
// model's report used to only add, so a DS that lost blocks (a machine crash drops its unsynced new-block records)
// stayed listed on them for good; the replicate planner then made it their source on every pass, it had nothing to
// copy, each task expired and was planned again, and those tasks filled the DS's task quota so no other block could
// use it as a target (clean fuzz seed 1500493, scenario regress-1500493-report-relieves-lost-blocks).
//
// Only blocks listed on the DS when the master asked for the report are judged: the model's master lists a new block
// on its targets as it sends new-block (trunk builds the relation after the DS answered), so a block placed after the
// ask may reach the DS after it wrote its report. Blocks listed at the ask had their new-block sent before the
// heartbeat reply that asked, on the same connection, so a report that lacks one comes from a DS that lacks it. A
// copy landing on the DS after the ask is built by the replicate completion, never listed at the ask. Not logged:
// trunk's slave learns relations from the DSs' own reports (the model's slave keeps them until it is master and gets
// the reports itself).
import { withKey, withoutKeys } from '../../sim/index.ts';
import { patchedNs } from './state-patch.ts';
import type { ConnId, NodeId } from '../../sim/index.ts';
import type { NsState } from './state.ts';

/**
 * A heartbeat over a connection other than the registered one, which still looks open: the DS restarted (or redialled)
 * before the master saw the old connection break (its close then no longer matches dsConns and clears nothing), so the
 * report the master holds is a former incarnation's. In trunk (server_manager.cpp L55-100 ServerManager::apply
 * @0365c90) the restarted DS's lease apply is refused (EXIT_APPLY_LEASE_ALREADY_ISSUED) while its old server object's
 * lease lasts; then it registers as a new server object, whose block report the master asks for and applies in full
 * (client_request_server.cpp report_block -> update_relation). The model's DS reports when asked, so the master forgets
 * the old report and asks again. Clean seed 1501859: ds2's machine crash lost 14 blocks, its new connection's heartbeat came
 * first, it was never asked again, and the 14 stayed listed on it, filling its replicate task quota for good.
 */
export function forgetReportOfOldConn(s: NsState, from: NodeId, connId: ConnId): NsState {
  const conn = s.dsConns[from];
  if (conn === undefined || conn === connId || s.dsReported[from] !== true) return s;
  return patchedNs(s, { dsReported: withoutKeys(s.dsReported, [from]) });
}

/** The master asks `from` for its report over `connId`: remember, once per connection, the blocks listed on it. */
export function noteReportAsked(s: NsState, from: NodeId, connId: ConnId): NsState {
  if (s.dsReportAsks?.[from]?.connId === connId) return s;
  const listed = s.blocks.ids.filter((_, i) => s.blocks.values[i]!.includes(from));
  return patchedNs(s, { dsReportAsks: withKey(s.dsReportAsks ?? {}, from, { connId, blocks: listed }) });
}

/** left_less: relieve `from` from the blocks listed on it at the ask that its report lacks (a block may end on none: lost). */
export function relieveUnreported(s: NsState, from: NodeId, reported: readonly number[]): NsState {
  const ask = s.dsReportAsks?.[from];
  if (ask === undefined) return s;
  const rest = withoutKeys(s.dsReportAsks ?? {}, [from]);
  // A report over an older connection than the ask's: the DS restarted since, this report says nothing about the ask.
  if (s.dsConns[from] !== ask.connId) return patchedNs(s, { dsReportAsks: rest });
  const has = new Set(reported);
  const blocks = s.blocks.draft();
  for (const id of ask.blocks) {
    const servers = blocks.get(id);
    if (has.has(id) || servers === undefined || !servers.includes(from)) continue;
    blocks.set(id, servers.filter((x) => x !== from));
  }
  const edited = blocks.done();
  return patchedNs(s, { dsReportAsks: rest, ...(edited !== null ? { blocks: edited } : {}) });
}
