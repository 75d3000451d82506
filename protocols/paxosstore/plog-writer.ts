// PlogWorker (2020 `plog_worker.cc@120ce53` L47-73): PLog writes are group-committed. The worker takes up to
// `plogBatchMax` queued records (max_plog_batch_size, 20), writes them in one batch (a write + fsync per PLog file
// here) and only then hands every record back (GoToPlogRspQueue → HandleSetFromPlog), so what is durable before a
// send is as before: each record's messages still wait for its own durable write. An idle worker polls every 1 ms.
import type { EntryRecord } from './record.ts';
import { plogFile } from './storage.ts';
import type { D, Env } from './env.ts';
import { own } from './env.ts';
import { onPlogDone } from './paxos.ts';
import { copyPlogWriter } from './writer-copy.ts';

export interface PlogJob { readonly entity: string; readonly entry: number; readonly seq: number; readonly rec: EntryRecord }

export interface PlogWriter {
  readonly queue: readonly PlogJob[];
  /** The batch being written: its id, the files whose fsync has not returned, its jobs. */
  readonly inFlight: { readonly id: number; readonly pending: readonly string[]; readonly jobs: readonly PlogJob[] } | null;
  /** Sleeping in poll(NULL, 0, 1) until the next 1 ms poll (one timer armed). */
  readonly isPolling: boolean;
  /** When the queue last ran empty: the idle worker's 1 ms polls count from here. */
  readonly idleSinceUs: number;
  /** Batches written and the largest one (for probes and tests). */
  readonly batches: number;
  readonly maxBatch: number;
}

export const freshPlogWriter = (nowUs: number): PlogWriter => ({ queue: [], inFlight: null, isPolling: false, idleSinceUs: nowUs, batches: 0, maxBatch: 0 });

const POLL_US = 1000;

const writerOf = (d: D): D['plogWriter'] => (d.plogWriter = own(d.plogWriter, copyPlogWriter));

/** EnterPLogReqQueue: the record waits for the worker's next batch. */
export function enqueuePlog(d: D, env: Env, job: PlogJob): void {
  const w = writerOf(d);
  (w.queue = own(w.queue)).push(job as never);
  if (w.inFlight !== null || w.isPolling) return;
  const idleUs = env.ctx.nowUs - w.idleSinceUs;
  const waitUs = idleUs % POLL_US === 0 ? 0 : POLL_US - (idleUs % POLL_US);
  if (waitUs === 0) return writeBatch(d, env);
  w.isPolling = true;
  env.ctx.setTimer('plog-poll', waitUs);
}

export function onPlogPoll(d: D, env: Env): void {
  writerOf(d).isPolling = false;
  if (d.plogWriter.queue.length > 0 && d.plogWriter.inFlight === null) writeBatch(d, env);
}

/** SetRecord: one batch of up to plogBatchMax records; one fsync per PLog file it touches. */
function writeBatch(d: D, env: Env): void {
  const w = writerOf(d);
  const jobs = w.queue.slice(0, env.opts.plogBatchMax);
  w.queue = w.queue.slice(jobs.length) as never;
  const files: string[] = [];
  for (const j of jobs) {
    const file = plogFile(j.entity);
    env.ctx.append(file, { entry: j.entry, rec: j.rec });
    if (!files.includes(file)) files.push(file);
  }
  d.nextSeq++;
  w.inFlight = { id: d.nextSeq, pending: files, jobs } as never;
  w.batches++;
  w.maxBatch = Math.max(w.maxBatch, jobs.length);
  for (const file of files) env.ctx.fsync(file, { kind: 'plog-batch', batchId: d.nextSeq, file });
}

/** One file of the batch is durable; when all are, hand every record back, then take the next batch at once. */
export function onPlogBatchDone(d: D, env: Env, batchId: number, file: string): void {
  const cur = d.plogWriter.inFlight;
  if (cur === null || cur.id !== batchId || !cur.pending.includes(file)) return;
  const w = writerOf(d);
  const pending = cur.pending.filter((f) => f !== file);
  if (pending.length > 0) {
    w.inFlight = { ...cur, pending } as never;
    return;
  }
  // The worker stays busy while it hands the records back: what they store meanwhile waits for the next batch (one
  // batch in flight at a time; starting one from inside this loop would orphan it when the next replaced it).
  w.inFlight = { ...cur, pending: [] } as never;
  for (const j of cur.jobs) onPlogDone(d, env, j.entity, j.entry, j.seq);
  const after = writerOf(d);
  after.inFlight = null;
  if (after.queue.length > 0) writeBatch(d, env);
  else after.idleSinceUs = env.ctx.nowUs;
}
