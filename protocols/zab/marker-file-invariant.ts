// The marker-file invariant: with option isUpdatingEpochMarked off (ZooKeeper 3.8, the default) no server's disk ever
// holds an updatingEpoch file. The marker is 3.4.6's ZOOKEEPER-1653 fix (Learner.syncWithLeader's
// `updating.createNewFile()`, QuorumPeer.UPDATING_EPOCH_FILENAME, release-3.4.6); release-3.8.6-1 has no such name
// anywhere (Learner.syncWithLeader goes straight to takeSnapshot/logRequest and setCurrentEpoch's AtomicFileWritingIdiom),
// and the trunk port ZOOKEEPER-2354 (commit 60251b134) is in no release tag. So in 3.8 mode the file is a write 3.8
// never does: the NEWLEADER ACK would queue behind its fsync, and (boot ignoring it without the option) it would stay
// on disk for good. Without this check the mutant `learner-sync.ts` `if (isMarkerOn(env))` → `if (true)` passed every
// clean campaign: disk-bootable only loosens with a marker present, and nothing else reads the file.
// Read-only: it looks at each node's disk view (what a process crash keeps) and the run's options.
import type { Invariant, NodeView, View } from '../../sim/index.ts';
import { nodeInvariant } from '../../sim/index.ts';
import type { ZabNode } from './state.ts';
import { FILE } from './persist.ts';
import { isMarkerOptionOn } from './epoch-window-excuse.ts';

/**
 * Per node (a disk changes only with its node's events). A hand-built view has no options: it is judged as the
 * default (option off), as a run without the option is.
 */
export const markerOnlyWhenMarked: Invariant<ZabNode> = nodeInvariant<ZabNode>(
  'marker-only-when-marked',
  'with option isUpdatingEpochMarked off (ZooKeeper 3.8) no server\'s disk holds an updatingEpoch file: the marker is 3.4.6\'s ZOOKEEPER-1653 fix, absent from 3.8',
  (view: View<ZabNode>, n: NodeView<ZabNode>) => {
    if (n.kind === 'client') return null;
    if (isMarkerOptionOn(view)) return null;
    const recs = n.disk.get(FILE.updatingEpoch);
    if (recs === undefined) return null;
    return `${n.id}: an updatingEpoch file is on disk (${recs.length} record${recs.length === 1 ? '' : 's'}) with option isUpdatingEpochMarked off: ZooKeeper 3.8 never writes 3.4.6's marker`;
  },
);
