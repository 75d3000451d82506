// Bootstrap for workers that run TypeScript: registers tsx in this thread (or child process), then loads the entry:
// workerData.entry in a worker thread, the first argument in a child process (spawn-ts-worker.ts forkTsWorker).
// (Node 20 does not apply a parent's --import loader to workers, so each worker registers its own.)
import { isMainThread, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(isMainThread ? process.argv[2] : workerData.entry);
