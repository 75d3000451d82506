// The default client workload: block creations, file writes, reads, opens by id and a few admin deletes, racing over the clients on the same blocks.
import type { ScheduledOp, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { TfsOptions } from './options.ts';
import { TAIL_CLIENTS, TAIL_CREATE_CLIENT_BASE, TAIL_GAP_US, TAIL_READ_CLIENT_BASE, TAIL_READ_OFFSET_US, TAIL_START_US, TAIL_WRITE_CLIENT_BASE, tailWriteOffsetUs } from './liveness-tail.ts';
import { tailBoundUs } from './liveness.ts';

/** Reads whose nth draw (0..999) is below this are deletes (10 % of the 15 % of reads: 1.5 % of the random ops). */
const DELETE_NTH = 100;

export const tfsWorkload: Workload<TfsOptions> = {
  timeoutUs: seconds(1),
  generate(prng, _nodes, opts, durationUs) {
    const ops: ScheduledOp[] = [];
    const gapUs = Math.max(1, opts.clientOpIntervalUs);
    for (let t = ms(300); t < durationUs; t += 1 + prng.int(2 * gapUs)) {
      const client = prng.int(opts.clientCount);
      const draw = prng.int(20);
      // Opens by id name ids around the last one the client was given (-2..+3): clients race on the same ids, and an
      // id at or below it opens a block that exists (T_NEWBLK on a known block returns it).
      // One read in ten (nth below DELETE_NTH) is the admin tool's delete-block of the client's last or next-to-last block
      // instead: the removal path (remove-block, the DS's removal record, a restarted DS folding it) runs in fuzzing
      // too. Taken from the read's own draw, so the PRNG sequence (and every other op and fault) is unchanged.
      const nth = draw < 3 ? prng.int(1000) : 0;
      const op = draw < 3 ? (nth < DELETE_NTH ? { type: 'delete-block', offset: -(nth % 2) } : { type: 'read-block', nth })
        : draw < 6 ? { type: 'create-block-by-id', offset: prng.int(6) - 2 }
          : draw < 8 ? { type: 'write-file' } : { type: 'create-block' };
      ops.push({ atUs: t, target: `c${client + 1}`, client, op });
    }
    // After the heal, for the tail part of the liveness bound (not its wait for a periodic block report, a day with the
    // real options): a create-block each second, a write-file at a phase that walks through
    // the second (tailWriteOffsetUs: never phase-locked to the DS heartbeat) and a read-block of the round's nth block,
    // at a rotating client node, on logical clients of their own (liveness-tail.ts). No prng draw: the fault phase of
    // every seed is unchanged. The progress checks find them in the run's client plan.
    if (opts.clientCount > 0) {
      let round = 0;
      for (let t = durationUs + TAIL_START_US; t < durationUs + tailBoundUs(opts); t += TAIL_GAP_US, round++) {
        const target = `c${(round % opts.clientCount) + 1}`;
        ops.push({ atUs: t, target, client: TAIL_CREATE_CLIENT_BASE + (round % TAIL_CLIENTS), op: { type: 'create-block' } });
        ops.push({ atUs: t + tailWriteOffsetUs(round), target, client: TAIL_WRITE_CLIENT_BASE + (round % TAIL_CLIENTS), op: { type: 'write-file' } });
        ops.push({ atUs: t + TAIL_READ_OFFSET_US, target, client: TAIL_READ_CLIENT_BASE + (round % TAIL_CLIENTS), op: { type: 'read-block', nth: round } });
      }
    }
    return ops;
  },
};
