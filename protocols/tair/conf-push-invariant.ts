// group-conf-pushed: "group file mtime newer → reload, and the master sends the file to the slave" (tair.md, the loop's
// step 3; seed L246-256). The slave has no other way to the new group.conf: Tair sends the file to no one else, and
// a slave marked DOWN at the time keeps its own (scenario slave-down-misses-group-conf-edit), so no convergence check
// can ask for it. Per event, then: a configserver that was master with its peer ALIVE, and still is, and whose loop
// reloaded a newer group.conf, has the push on its link to the peer (confPushConn: the connection the file went out or
// was queued on, the model's tbnet send record, which the reconnect resend also reads). Mutation survivor
// cs-common.ts:66 `if (to === null)` → `if (to !== null)` (no push ever made; Stryker 2026-12-05c) fails it.
import type { Invariant } from '../../sim/index.ts';
import type { CsState, TairState } from './state.ts';
import { isMaster } from './state.ts';
import { CS_IDS } from './options.ts';
import { peerOf } from './cs-common.ts';
import { csNode, csState } from './view-helpers.ts';
import { perCsIncarnation } from './cs-memory.ts';
import { CONFIGSERVERS, scopedToKinds } from './kind-scope.ts';

const hasAliveSlave = (s: CsState, id: string): boolean => isMaster(s, id) && s.peer.status === 'alive';

/** Per configserver incarnation: its group.conf mtime and whether it was master with its peer ALIVE, at the last check. */
const confMemory = perCsIncarnation((): { version: number | undefined; isWithSlave: boolean } => ({ version: undefined, isWithSlave: false }));

export const groupConfPushed: Invariant<TairState> = scopedToKinds({
  name: 'group-conf-pushed',
  description: 'a master that reloads a newer group.conf while its peer is ALIVE sends the file to the peer (the push is on its link)',
  scope: 'states',
  check(view) {
    for (const id of CS_IDS) {
      const s = csState(view, id);
      const mem = confMemory(view, id, csNode(view, id).incarnation);
      if (s === undefined) { mem.version = undefined; mem.isWithSlave = false; continue; }
      const was = mem.version;
      const wasWithSlave = mem.isWithSlave;
      mem.version = s.configVersionFromFile;
      mem.isWithSlave = hasAliveSlave(s, id);
      if (was === undefined || !wasWithSlave || !hasAliveSlave(s, id) || s.configVersionFromFile <= was) continue;
      const peer = peerOf(id);
      const link = s.links[peer];
      if (s.confPushConn === null || link === undefined || s.confPushConn !== link.connId) {
        return `${id} (master) reloaded group.conf mtime ${s.configVersionFromFile} with ${peer} ALIVE but sent it no push`;
      }
    }
    return null;
  },
}, CONFIGSERVERS);
