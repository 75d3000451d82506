// Start a worker thread running a TypeScript module (through the tsx bootstrap), with data for it.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function spawnTsWorker(entry: URL, data: Record<string, unknown>, resourceLimits?: ResourceLimits): Worker {
  const limits = resourceLimits === undefined ? {} : { resourceLimits };
  // Compiled (this file bundled into dist/*.js): the entry's compiled sibling (dist/worker.js) runs as plain JavaScript.
  if (!import.meta.url.endsWith('.ts') && entry.pathname.endsWith('.ts')) {
    return new Worker(new URL(entry.href.replace(/\.ts$/, '.js')), { workerData: { ...data, entry: entry.href }, ...limits });
  }
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { ...data, entry: entry.href }, ...limits });
}
