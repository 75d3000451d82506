// The default client workload: mostly block creations, some file writes, reads and creations by id, over the clients.
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
      const op = draw < 3 ? { type: 'read-block', nth: prng.int(1000) }
        : draw < 5 ? { type: 'create-block-by-id', offset: 1 + prng.int(5) }
          : draw < 8 ? { type: 'write-file' } : { type: 'create-block' };
      ops.push({ atUs: t, target: `c${client + 1}`, client, op });
    }
    return ops;
  },
};
