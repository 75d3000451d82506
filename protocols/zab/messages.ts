// Wire messages: FLE notifications on election connections, quorum packets on leader-learner connections.
import type { ClientOp } from '../../sim/index.ts';
import type { WireEntry } from './zxid.ts';

export type PeerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';

export type ZabMsg =
  /** First bytes on an election connection: the initiator's sid (QuorumCnxManager challenge). */
  | { readonly type: 'cnx-hello'; readonly sid: number }
  /** FLE notification (WorkerSender/WorkerReceiver). */
  | {
    readonly type: 'notification'; readonly state: PeerState; readonly leader: number; readonly zxid: number;
    readonly electionEpoch: number; readonly peerEpoch: number;
    /** Notification.CURRENTVERSION (2), the config's version and byte length, and the frame's length prefix. */
    readonly version: number; readonly configVersion: number; readonly configLength: number; readonly len: number;
  }
  /** Bytes on an election connection that are no notification: only their first 4, read as a frame length, matter. */
  | { readonly type: 'raw-frame'; readonly len: number }
  /** Learner → leader, first packet: its acceptedEpoch (FOLLOWERINFO / OBSERVERINFO). */
  | { readonly type: 'followerinfo'; readonly acceptedEpoch: number; readonly isObserver: boolean }
  | { readonly type: 'leaderinfo'; readonly epoch: number }
  /** currentEpoch = -1 when the learner had already accepted this epoch (not counted as an epoch ack). */
  | { readonly type: 'ackepoch'; readonly currentEpoch: number; readonly lastZxid: number }
  | { readonly type: 'diff'; readonly zxid: number }
  | { readonly type: 'trunc'; readonly zxid: number }
  | { readonly type: 'snap'; readonly zxid: number; readonly entries: readonly WireEntry[] }
  | { readonly type: 'proposal'; readonly entry: WireEntry }
  | { readonly type: 'commit'; readonly zxid: number }
  | { readonly type: 'inform'; readonly entry: WireEntry }
  | { readonly type: 'newleader'; readonly zxid: number }
  | { readonly type: 'uptodate'; readonly committedZxid: number }
  | { readonly type: 'ack'; readonly zxid: number }
  | { readonly type: 'ping'; readonly round: number }
  /** Learner → leader: a client write to forward (REQUEST). */
  | { readonly type: 'request'; readonly reqId: number; readonly op: ClientOp }
  /** Learner → leader a sync request; leader → learner the answer, behind every earlier COMMIT. */
  | { readonly type: 'sync'; readonly reqId: number };

export type ZabMsgType = ZabMsg['type'];

const TYPES: ReadonlySet<string> = new Set<ZabMsgType>([
  'cnx-hello', 'notification', 'raw-frame', 'followerinfo', 'leaderinfo', 'ackepoch', 'diff', 'trunc', 'snap', 'proposal', 'commit',
  'inform', 'newleader', 'uptodate', 'ack', 'ping', 'request', 'sync',
]);

export const isZabMsg = (x: unknown): x is ZabMsg =>
  typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string' && TYPES.has((x as { type: string }).type);
