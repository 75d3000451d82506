// Bootstrap for worker threads that run TypeScript: registers tsx in this thread, then loads workerData.entry.
// (Node 20 does not apply a parent's --import loader to workers, so each worker registers its own.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
