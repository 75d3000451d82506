// Liveness after heal, roles for fault targets, and named probes for scenario expectations.
import type { LivenessPredicate, Probe, View } from '../../sim/index.ts';
import type { NodeState } from './state.ts';
import { isDbOutOfService } from './state.ts';
import { chosenEntryLost } from './chosen-entry-lost.ts';
import { isDbStalled } from './db-stalled.ts';
import { heldByStalledSource } from './stalled-source.ts';
import { clusterMaxChosen } from './cluster-max-chosen.ts';
import { sortedNames } from './sorted-names.ts';

export { isDbStalled };

function entitiesOf(view: View<NodeState>): readonly string[] {
  for (const n of view.nodes) if (n.state !== undefined) return sortedNames(n.state.entities);
  return [];
}

/** What keeps `n` from having applied everything chosen, or null. A stalled DB (a real hazard) only needs its counters level. */
function lagOf(view: View<NodeState>, entities: readonly string[], targets: readonly number[], s: NodeState | undefined, id: string, waived: readonly boolean[]): string | null {
  if (s === undefined) return `${id} down`;
  for (let i = 0; i < entities.length; i++) {
    if (waived[i]!) continue;
    const entity = entities[i]!;
    const e = s.entities[entity]!;
    const target = targets[i]!;
    if (e.isLoading) return `${id} ${entity} loading`;
    if (isDbOutOfService(e)) return `${id} ${entity} recovering`;
    if (isDbStalled(e, s.idx)) {
      // Below the target too, it is excused only when its GetAllAndSet always takes a stalled source not ahead of it and
      // its catch-up entry is NotFound everywhere (stalled-source.ts, guided seed 2064170): nothing can ever move it.
      if (e.maxCont < target && heldByStalledSource(view, entity, s.idx, target) === null) return `${id} ${entity} (DB stalled at ${e.committed}) max-cont-chosen ${e.maxCont} < cluster max chosen ${target}`;
      continue;
    }
    // Held back for good by a stalled DB that its GetAllAndSet always takes first (stalled-source.ts, seed 1442764).
    if (e.committed < target && heldByStalledSource(view, entity, s.idx, target) === null) return `${id} ${entity} committed ${e.committed} < cluster max chosen ${target}`;
  }
  return null;
}

export const allCaughtUp: LivenessPredicate<NodeState> = {
  name: 'all-caught-up',
  description: 'every node\'s CommittedEntry reaches the cluster\'s MaxChosenEntry for every entity (catch-up or recovery); an entity whose DB stalled after recovery-db-moved-back (Certain\'s StorageCorrupt) only its MaxContChosenEntry (excused: an entity with a chosen entry in no PLog and no DB, chosen-entry-lost; a node, its DB level or itself stalled, whose catch-up entry no other PLog holds and whose GetAllAndSet always takes such a stalled DB not ahead of it first, recovery-from-stalled-source)',
  check(view) {
    // The entities and their cluster max chosen entries once per check, not once per node.
    const entities = entitiesOf(view);
    const targets = entities.map((e) => clusterMaxChosen(view, e));
    // An entity with a chosen entry no node holds any more (a majority's DB lost: chosen-entry-lost.ts) can never be caught up.
    const waived = entities.map((e) => chosenEntryLost(view, e) !== null);
    for (const n of view.nodes) {
      const msg = lagOf(view, entities, targets, n.state, n.id, waived);
      if (msg !== null) return msg;
    }
    return null;
  },
};

export { computeRoles, roles } from './roles.ts';

const anyNode = (description: string, pick: (s: NodeState) => boolean): Probe<NodeState> => ({
  description,
  check: (view) => (view.nodes.some((n) => n.state !== undefined && pick(n.state)) ? null : `no node: ${description}`),
});

export const probes: Readonly<Record<string, Probe<NodeState>>> = {
  'all-caught-up': { description: allCaughtUp.description, check: (view) => allCaughtUp.check(view) },
  'recovery-done': anyNode('some node finished a GetAllAndSet', (s) => s.recoveriesDone > 0),
  'recovery-aborted': anyNode('some node aborted a GetAllAndSet (all sources failed)', (s) => s.recoveriesAborted > 0),
  'catchup-throttled': anyNode('some catch-up worker held commands back for its budget', (s) => s.catchup.byteThrottledCount + s.catchup.countThrottledCount > 0),
  'catchup-byte-throttled': anyNode('some catch-up worker held a command back for its byte budget (10 ms slices)', (s) => s.catchup.byteThrottledCount > 0),
  'catchup-count-throttled': anyNode('some catch-up worker held a command back for its count budget (per second)', (s) => s.catchup.countThrottledCount > 0),
  'catchup-dropped': anyNode('some catch-up worker dropped a command because its queue was full', (s) => s.catchup.droppedCount > 0),
  'commands-waited': anyNode('some command waited in WaitingMsg for a PLog write', (s) => s.waitedCount > 0),
  'read-via-paxos-ok': anyNode('some read found a non-empty local record, ran Paxos with an empty batch, and succeeded', (s) => s.readsViaPaxosOk > 0),
  'recovery-throttled': anyNode('some recovery waited for the per-second recovery limit', (s) => s.recoveriesThrottled > 0),
  'recovery-queue-full': anyNode('some recovery request found the queue full (QueueFailed, flag unset)', (s) => s.recoverQueueFailed > 0),
  'db-stalled': anyNode('some entity\'s DB moved back below a GC\'d entry and stalls (recovery-db-moved-back; refuses service)', (s) => Object.values(s.entities).some((e) => isDbStalled(e, s.idx))),
  'someone-recovering': anyNode('some node is in GetAllAndSet', (s) => Object.values(s.entities).some((e) => e.isGetAllPending)),
};
