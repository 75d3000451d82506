// Start a worker thread running a TypeScript module (through the tsx bootstrap), with data for it.
import { Worker } from 'node:worker_threads';

export function spawnTsWorker(entry: URL, data: Record<string, unknown>): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
}
