// solitary-heartbeat-bumps: under accept strategy 0 a DOWN dataserver that heartbeats is answered "version 1" (go
// solitary: it serves nothing until an operator touches group.conf), and when the group's send flag is clear the
// configserver bumps its versions by server_up_inc_step and sets it (do_heartbeat_packet's DOWN branch, Tair fe03282;
// FIDELITY row S28). Per event: a ready configserver (accept strategy 0) at which a DOWN dataserver's heartbeat arrived
// (its last heartbeat time moved, status still DOWN) with no table send pending has bumped (solitaryBumps moved).
// Mutation survivors cs-handlers.ts:140 (isSolitary never true: `false`, `'down'` → `""`, `acceptStrategy !== 0`;
// Stryker 2026-12-05d run): the DOWN server is handed the table and never goes solitary, and no bump happens.
import type { CsState } from './state.ts';
import { csStepInvariant } from './cs-step-invariant.ts';


export function missedSolitaryBump(id: string, p: CsState, s: CsState): string | null {
  if (p.phase !== 'ready' || s.phase !== 'ready' || s.conf.acceptStrategy !== 0 || p.isSendTablePending || s.solitaryBumps !== p.solitaryBumps) return null;
  for (const ds in s.ds) {
    const a = p.ds[ds];
    const b = s.ds[ds]!;
    if (a !== undefined && a.status === 'down' && b.status === 'down' && b.lastTimeUs !== a.lastTimeUs) return `${id} heard DOWN ${ds} (accept strategy 0, no send pending) without the solitary bump`;
  }
  return null;
}

export const solitaryHeartbeatBumps = csStepInvariant('solitary-heartbeat-bumps', 'under accept strategy 0, a heartbeat from a DOWN dataserver with no table send pending bumps the versions (the dataserver is told to go solitary)', missedSolitaryBump);
