// The default client workload: mostly block creations, some block reads, spread over the clients.
import type { ScheduledOp, Workload } from '../../sim/index.ts';
import { ms, seconds } from '../../sim/index.ts';
import type { TfsOptions } from './options.ts';

const READ_RATIO = { numerator: 1, denominator: 5 };

export const tfsWorkload: Workload<TfsOptions> = {
  timeoutUs: seconds(1),
  generate(prng, _nodes, opts, durationUs) {
    const ops: ScheduledOp[] = [];
    const gapUs = Math.max(1, opts.clientOpIntervalUs);
    for (let t = ms(300); t < durationUs; t += 1 + prng.int(2 * gapUs)) {
      const client = prng.int(opts.clientCount);
      const op = prng.chance(READ_RATIO) ? { type: 'read-block', nth: prng.int(1000) } : { type: 'create-block' };
      ops.push({ atUs: t, target: `c${client + 1}`, client, op });
    }
    return ops;
  },
};
