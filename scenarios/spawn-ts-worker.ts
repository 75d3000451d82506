// Start a worker running a TypeScript module (through the tsx bootstrap): as a thread with data for it, or as a child
// process (node with V8 flags of its own) talking over IPC.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Compiled (this file bundled into dist/*.js): the entry's compiled sibling (dist/worker.js), run as plain JavaScript. */
function compiledEntry(entry: URL): URL | null {
  return !import.meta.url.endsWith('.ts') && entry.pathname.endsWith('.ts') ? new URL(entry.href.replace(/\.ts$/, '.js')) : null;
}

const TS_BOOTSTRAP = new URL('./ts-worker.mjs', import.meta.url);

export function spawnTsWorker(entry: URL, data: Record<string, unknown>, resourceLimits?: ResourceLimits): Worker {
  const limits = resourceLimits === undefined ? {} : { resourceLimits };
  return new Worker(compiledEntry(entry) ?? TS_BOOTSTRAP, { workerData: { ...data, entry: entry.href }, ...limits });
}

/**
 * The entry in a child node process with `execArgv` as its node flags (V8's are process-wide, so only a process of
 * its own can give a worker e.g. `--single-threaded-gc`). Messages are structured-cloned ('advanced' serialization),
 * as postMessage does for a thread, so a reply arrives exactly as a worker thread's would. stdout and stderr are the
 * parent's, as a worker thread's are.
 */
export function forkTsWorker(entry: URL, execArgv: readonly string[]): ChildProcess {
  const opts = { execArgv: [...execArgv], serialization: 'advanced' as const, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };
  const compiled = compiledEntry(entry);
  // The entry's URL as the bootstrap's argument: it registers tsx in the child, then imports it (ts-worker.mjs).
  return compiled !== null ? fork(fileURLToPath(compiled), [], opts) : fork(fileURLToPath(TS_BOOTSTRAP), [entry.href], opts);
}
