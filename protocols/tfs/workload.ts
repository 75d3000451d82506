// The default client workload: block creations, file writes, reads and opens by id, racing over the clients on the same blocks.
import type { ScheduledOp, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { TfsOptions } from './options.ts';

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
      const op = draw < 3 ? { type: 'read-block', nth: prng.int(1000) }
        : draw < 6 ? { type: 'create-block-by-id', offset: prng.int(6) - 2 }
          : draw < 8 ? { type: 'write-file' } : { type: 'create-block' };
      ops.push({ atUs: t, target: `c${client + 1}`, client, op });
    }
    return ops;
  },
};
