// The worker entry's channel to its pool when it runs as a child process (pool.ts, kind 'processes'): IPC messages in
// the shape of a worker thread's parentPort, and the rules that make a child process end only when its pool says so.

/** What worker.ts needs of its channel: a worker thread's parentPort, or this. */
export interface PoolPort {
  on(event: 'message', listener: (m: never) => void): unknown;
  postMessage(m: unknown): void;
}

let isPoolChild = false;

/** Whether this process is a pool's worker process (its main thread runs seeds, as a worker thread otherwise would). */
export function isPoolWorkerProcess(): boolean {
  return isPoolChild;
}

export function childProcessPort(): PoolPort {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('worker: neither a worker thread nor a child process with an IPC channel');
  isPoolChild = true;
  // Ctrl-C in a terminal signals the whole process group, and a stopping campaign lets the seeds in flight finish
  // (commands/fuzz.ts): the workers must not die of it. A worker process ends when its pool kills it or closes the
  // channel (the pool ended, however it ended).
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  process.on('disconnect', () => process.exit(0));
  return { on: (_event, listener) => process.on('message', listener as (m: unknown) => void), postMessage: (m) => { send(m); } };
}
