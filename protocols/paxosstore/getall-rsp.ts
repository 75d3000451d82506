// S27: the entity worker's GetAllRsp queue. A GetAllAndSet that finished (or aborted) hands its answer to the entity
// worker (GetAllWorker.cpp@40ada56 L155-170: EnterGetAllRspQueue, and on a full queue poll(10 ms) and try again); the
// worker takes one answer per loop (EntityWorker.cpp L94-108) and only then are the counters raised and the entity
// back in service. With both options at 0 (the default) the answer is handled the moment it is ready, as before.
import { ms } from '../../sim/index.ts';
import type { D, Env } from './env.ts';
import { own } from './env.ts';

/** GetAllWorker's retry period while the GetAllRsp queue is full (poll(NULL, 0, 10)). */
export const GETALL_REQUEUE_US = ms(10);

export interface GetAllRspItem { readonly entity: string; readonly isDone: boolean }

/** The queue, whether the worker is busy with its head, and counts for probes and tests. */
export interface GetAllRspQueue {
  readonly queue: readonly GetAllRspItem[];
  readonly isServing: boolean;
  /** Answers that found the queue full and were re-queued 10 ms later. */
  readonly requeued: number;
  /** Answers the worker handled after waiting in the queue. */
  readonly served: number;
}

export const freshGetAllRspQueue = (): GetAllRspQueue => ({ queue: [], isServing: false, requeued: 0, served: 0 });

/** DoWithGetAllRsp: finish or abort the entity's recovery (recovery-end.ts). */
export type GetAllRspHandler = (d: D, env: Env, entity: string, isDone: boolean) => void;

const isQueued = (env: Env): boolean => env.opts.getAllRspQueueMax > 0 || env.opts.getAllRspServiceUs > 0;

/** EnterGetAllRspQueue: handled at once by default; else queued, or re-tried every 10 ms while the queue is full. */
export function enterGetAllRsp(d: D, env: Env, item: GetAllRspItem, handle: GetAllRspHandler): void {
  if (!isQueued(env)) return handle(d, env, item.entity, item.isDone);
  const q = (d.getAllRsp = own(d.getAllRsp));
  if (env.opts.getAllRspQueueMax > 0 && q.queue.length >= env.opts.getAllRspQueueMax) {
    q.requeued++;
    env.ctx.log(`GetAllAndSet ${item.entity}: GetAllRsp queue full (${q.queue.length}), again in 10 ms`);
    env.ctx.setTimer('getall-requeue', GETALL_REQUEUE_US, item);
    return;
  }
  (q.queue = own(q.queue)).push(item);
  if (!q.isServing) serveNext(d, env, handle);
}

/** The worker takes the head and spends getAllRspServiceUs on it (or handles it at once). */
function serveNext(d: D, env: Env, handle: GetAllRspHandler): void {
  const q = (d.getAllRsp = own(d.getAllRsp));
  if (q.queue.length === 0) {
    q.isServing = false;
    return;
  }
  if (env.opts.getAllRspServiceUs > 0) {
    q.isServing = true;
    env.ctx.setTimer('getall-rsp-served', env.opts.getAllRspServiceUs);
    return;
  }
  const head = q.queue[0]!;
  q.queue = q.queue.slice(1);
  q.served++;
  handle(d, env, head.entity, head.isDone);
  serveNext(d, env, handle);
}

/** The worker finished serving the head: it takes effect now; then the next one. */
export function onGetAllRspServed(d: D, env: Env, handle: GetAllRspHandler): void {
  const q = (d.getAllRsp = own(d.getAllRsp));
  const head = q.queue[0];
  q.isServing = false;
  if (head === undefined) return;
  q.queue = q.queue.slice(1);
  q.served++;
  handle(d, env, head.entity, head.isDone);
  serveNext(d, env, handle);
}

/** The 10 ms re-try of an answer that found the queue full. */
export function onGetAllRequeue(d: D, env: Env, item: GetAllRspItem, handle: GetAllRspHandler): void {
  enterGetAllRsp(d, env, item, handle);
}
