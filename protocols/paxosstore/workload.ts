// Client workload: several clients racing on the same entities at different acceptors, then a light read tail so
// every replica keeps seeing traffic after the heal. The sequential model its histories are checked against is
// sequential-model.ts.
import type { ScheduledOp, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { PaxosStoreOptions } from './options.ts';
import { livenessBoundUs } from './options.ts';
import { acceptorId, entityName } from './state.ts';
import type { ClientOpIn } from './client.ts';
import { entityKvModel } from './sequential-model.ts';
import { excuseReusedProbeRead } from './probe-uuid.ts';

const CLIENTS = 6;
/** Tail clients have their own ids so a busy main client never skips a tail read. */
const TAIL_CLIENT_BASE = 100;
const TAIL_GAP_US = seconds(1);
/**
 * Follow-up readers: a write is sometimes followed, once its round trip is likely over, by a read of the same key at
 * another acceptor (one client writes, another reads it elsewhere). Their own ids so a busy racer never skips one.
 */
const FOLLOW_CLIENT_BASE = 50;
const FOLLOW_CLIENTS = 6;
/**
 * Tail writes (the progress check, liveness-tail.ts): after the heal, every second, a write of TAIL_KEY to every
 * entity at a rotating acceptor, on its own client per entity. A failed or refused one is simply followed by the next.
 */
export const TAIL_KEY = 'tail';
const TAIL_WRITE_CLIENT_BASE = 200;
const TAIL_WRITE_OFFSET_US = ms(600);
/** Tail reads of TAIL_KEY, 300 ms after each round of tail writes, at another acceptor than the writer's. */
const TAIL_READ_CLIENT_BASE = 300;
const TAIL_READ_DELAY_US = ms(300);

export const workload: Workload<PaxosStoreOptions> = {
  timeoutUs: ms(1000),
  model: entityKvModel,
  // A read whose check-empty majority needed an answer to the node's previous incarnation's probe (same uuid: both
  // boots in one second), as Certain would answer it: the permitted anomaly, that reply unconstrained (probe-uuid.ts).
  excuse: excuseReusedProbeRead,
  generate(prng, _nodes, opts, durationUs) {
    const ops: ScheduledOp[] = [];
    let value = 0;
    let follower = 0;
    const gap = Math.max(1, opts.workloadOpIntervalUs);
    for (let t = ms(50); t < durationUs; t += 1 + prng.int(2 * gap)) {
      // A burst: 1-3 clients on the same entity within 3 ms, at different acceptors (duelling proposers, reads racing writes).
      const entity = entityName(prng.int(opts.entityCount));
      const racers = 1 + prng.int(3);
      const first = prng.int(CLIENTS);
      for (let r = 0; r < racers; r++) {
        const key = `k${prng.int(opts.keysPerEntity)}`;
        const ti = prng.int(opts.acceptorCount);
        const target = acceptorId(ti);
        const op: ClientOpIn = prng.int(2) === 0 ? { type: 'write', entity, key, value: ++value } : { type: 'read', entity, key };
        const at = t + (r === 0 ? 0 : prng.int(ms(3)));
        ops.push({ atUs: at, target, client: (first + r) % CLIENTS, op: { ...op } });
        // Half the writes: a read of that key at another acceptor 5-40 ms later, mostly after the write was
        // acknowledged, so the history orders the two in real time (a replica that missed the write must not serve
        // the old value then).
        if (op.type === 'write' && opts.acceptorCount > 1 && prng.int(2) === 0) {
          const reader = acceptorId((ti + 1 + prng.int(opts.acceptorCount - 1)) % opts.acceptorCount);
          ops.push({ atUs: at + ms(5) + prng.int(ms(35)), target: reader, client: FOLLOW_CLIENT_BASE + (follower++ % FOLLOW_CLIENTS), op: { type: 'read', entity, key } });
        }
      }
    }
    // Liveness phase: a read of every entity at every acceptor each second, as steady service traffic would bring.
    let tailClient = 0;
    for (let t = durationUs + ms(100); t < durationUs + livenessBoundUs(opts); t += TAIL_GAP_US) {
      for (let a = 0; a < opts.acceptorCount; a++) {
        for (let e = 0; e < opts.entityCount; e++) {
          ops.push({ atUs: t, target: acceptorId(a), client: TAIL_CLIENT_BASE + (tailClient++ % (opts.acceptorCount * opts.entityCount)), op: { type: 'read', entity: entityName(e), key: 'k0' } });
        }
      }
    }
    // Progress phase: no prng draw here, so the fault phase of every seed is unchanged by the tail writes. The progress
    // checks find these ops in the run's client plan (view.clientPlan), so they know at the heal that tail ops will come.
    let round = 0;
    for (let t = durationUs + TAIL_WRITE_OFFSET_US; t < durationUs + livenessBoundUs(opts); t += TAIL_GAP_US, round++) {
      for (let e = 0; e < opts.entityCount; e++) {
        ops.push({ atUs: t, target: acceptorId((e + round) % opts.acceptorCount), client: TAIL_WRITE_CLIENT_BASE + e, op: { type: 'write', entity: entityName(e), key: TAIL_KEY, value: ++value } });
        ops.push({ atUs: t + TAIL_READ_DELAY_US, target: acceptorId((e + round + 1) % opts.acceptorCount), client: TAIL_READ_CLIENT_BASE + e, op: { type: 'read', entity: entityName(e), key: TAIL_KEY } });
      }
    }
    return ops.sort((x, y) => x.atUs - y.atUs);
  },
};
