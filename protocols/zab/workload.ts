// Client workload (create/set/delete with versions, get, sync-get on a few paths); its model is sequential-model.ts.
import type { ScheduledOp, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { ZabOptions } from './options.ts';
import type { ZabOp } from './tree.ts';
import { excuseSyncRead } from './sync-excuse.ts';
import { TAIL_PREFIX, zabLivenessBoundUs } from './liveness.ts';
import { zabModel } from './sequential-model.ts';

const PATHS = ['/a', '/b', '/c'] as const;
const CLIENTS = 4;
/** Tail writes (the progress check, liveness.ts): clients of their own, more than timeoutUs apart each, so none is skipped. */
const TAIL_CLIENT_BASE = 100;
const TAIL_CLIENTS = 6;
const TAIL_GAP_US = seconds(1);
/**
 * Tail reads (liveness.ts tail-read-returned): 500 ms after each tail create, a sync-get of that path at another
 * server, on clients of their own. A create is committed within a few round trips of a serving ensemble, so a clean
 * run's first serving round reads its own value back. The reader is the next server in the first N rounds, the one
 * after it in the next N, and so on (never the creator): every ordered pair of servers comes up within N·(N−1) rounds.
 * With the reader always the next one, a server that stays refused (the permitted anomaly
 * epoch-crash-window-unbootable) broke the only creator→follower pair when it sat between the leader and the follower,
 * and tail-follower-sync-returned could not hold (clean seeds 62, 80 of the zk-1653 change).
 */
const tailReaderOf = (round: number, n: number): number => (n < 2 ? 0 : (round + 1 + (Math.floor(round / n) % (n - 1))) % n);
const TAIL_READ_CLIENT_BASE = 300;
const TAIL_READ_DELAY_US = ms(500);

function drawOp(prng: { int(n: number): number }): ZabOp {
  const path = PATHS[prng.int(PATHS.length)]!;
  const roll = prng.int(100);
  if (roll < 20) return { type: 'create', path, value: prng.int(1000) };
  if (roll < 45) return { type: 'set', path, value: prng.int(1000), version: prng.int(2) === 0 ? -1 : prng.int(4) };
  if (roll < 55) return { type: 'delete', path, version: prng.int(3) === 0 ? prng.int(3) : -1 };
  if (roll < 75) return { type: 'get', path };
  return { type: 'sync-get', path };
}

export const zabWorkload: Workload<ZabOptions> = {
  timeoutUs: seconds(4),
  model: zabModel,
  // A sync-get answered through a leader a newer quorum replaced: ZooKeeper's permitted stale sync-read (sync-excuse.ts).
  excuse: excuseSyncRead,
  generate(prng, nodes, opts, durationUs) {
    const ops: ScheduledOp[] = [];
    for (let t = ms(500) + prng.int(ms(200)); t < durationUs; t += ms(200) + prng.int(ms(400))) {
      const target = nodes[prng.int(nodes.length)]!.id;
      ops.push({ atUs: t, target, client: prng.int(CLIENTS), op: drawOp(prng) });
    }
    // After the heal, once a second for the liveness bound: create a fresh /tail<round> at a rotating server, and
    // sync-get it 500 ms later at another one (tailReaderOf; no prng draw, so the fault phase is unchanged). tail-write-committed
    // asks that one create is committed everywhere, tail-read-returned that one sync-get returns its value; both find
    // these ops in the run's client plan (view.clientPlan), so they know at the heal that tail ops will come.
    let round = 0;
    for (let t = durationUs + TAIL_GAP_US; t < durationUs + zabLivenessBoundUs(opts); t += TAIL_GAP_US, round++) {
      const path = `${TAIL_PREFIX}${round}`;
      ops.push({ atUs: t, target: nodes[round % nodes.length]!.id, client: TAIL_CLIENT_BASE + (round % TAIL_CLIENTS), op: { type: 'create', path, value: round } });
      ops.push({ atUs: t + TAIL_READ_DELAY_US, target: nodes[tailReaderOf(round, nodes.length)]!.id, client: TAIL_READ_CLIENT_BASE + (round % TAIL_CLIENTS), op: { type: 'sync-get', path } });
    }
    return ops;
  },
};
