// Worker thread entry: runs jobs the pool sends and posts back their outcomes (started through spawn-ts-worker.ts).
// Coverage keys go back numbered (wire-keys.ts): a key's text crosses once per worker, not once per seed.
import { parentPort } from 'node:worker_threads';
import { runJob, type JobExtras, type JobOutcome, type RunJob } from './run-job.ts';
import { loadTestProtocolsFromEnv } from './registry.ts';
import { InputError } from './errors.ts';
import { TargetError } from '../sim/index.ts';
import { KeyEncoder, type WireCoverage } from './wire-keys.ts';

export type WorkerRequest = { readonly id: number; readonly job: RunJob; readonly extras: JobExtras };
/** A job's outcome as it crosses: its coverage numbered by the worker's KeyEncoder (the pool decodes it). */
export type WireOutcome = Omit<JobOutcome, 'coverage'> & { readonly coverage: WireCoverage | null };
export type WorkerReply =
  | { readonly id: number; readonly type: 'done'; readonly outcome: WireOutcome }
  | { readonly id: number; readonly type: 'error'; readonly message: string; readonly isInputError: boolean };

await loadTestProtocolsFromEnv();
const port = parentPort!;
const keys = new KeyEncoder();
port.on('message', (req: WorkerRequest) => {
  let outcome: JobOutcome;
  try {
    outcome = runJob(req.job, req.extras);
  } catch (e) {
    port.postMessage({ id: req.id, type: 'error', message: (e as Error).message, isInputError: e instanceof InputError || e instanceof TargetError } satisfies WorkerReply);
    return;
  }
  // Encoded right before the post: the keys it numbers are sent with this message. (A post that throws ends the worker,
  // and the pool starts a fresh one with a fresh table on both sides.)
  port.postMessage({ id: req.id, type: 'done', outcome: { ...outcome, coverage: keys.encode(outcome.coverage) } } satisfies WorkerReply);
});
port.postMessage({ id: -1, type: 'ready' });
