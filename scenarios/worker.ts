// Worker entry: runs jobs the pool sends and posts back their outcomes, in a worker thread or a child process (started
// through spawn-ts-worker.ts).
import { parentPort } from 'node:worker_threads';
import { runJob, type JobExtras, type RunJob } from './run-job.ts';
import { loadTestProtocolsFromEnv } from './registry.ts';
import { InputError } from './errors.ts';
import { TargetError } from '../sim/index.ts';
import { childProcessPort } from './process-port.ts';
import { seedReport, type PassReport } from './seed-report.ts';

/**
 * `passReportsFor`: a plain campaign's id (seed-report.ts nextCampaignId); a passing seed is then posted as a
 * PassReport (the keys this worker has not posted before in that campaign, the marks reached, the anomalies).
 */
export type WorkerRequest = { readonly id: number; readonly job: RunJob; readonly extras: JobExtras; readonly passReportsFor?: number };
export type WorkerReply =
  | { readonly id: number; readonly type: 'done'; readonly outcome: ReturnType<typeof runJob> | PassReport }
  | { readonly id: number; readonly type: 'error'; readonly message: string; readonly isInputError: boolean };

// First: a worker process ignores Ctrl-C from here on (process-port.ts); requests sent meanwhile wait in the channel.
const port = parentPort ?? childProcessPort();
await loadTestProtocolsFromEnv();
port.on('message', (req: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const outcome = runJob(req.job, req.extras);
    reply = { id: req.id, type: 'done', outcome: req.passReportsFor === undefined ? outcome : seedReport(outcome, req.passReportsFor) };
  } catch (e) {
    reply = { id: req.id, type: 'error', message: (e as Error).message, isInputError: e instanceof InputError || e instanceof TargetError };
  }
  port.postMessage(reply);
});
port.postMessage({ id: -1, type: 'ready' });
