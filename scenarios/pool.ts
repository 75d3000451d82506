// A fixed pool of worker threads running jobs; a job can be kept off a given worker (determinism re-runs). With a depth
// above 1 a worker is sent its next job(s) while it runs one: they wait in its message queue, so it starts the next the
// moment it posts a result instead of sleeping while the main thread receives it, records it and sends another (on a
// loaded machine the main thread may first wait for a core). A worker runs its jobs in the order sent, so the oldest
// job sent to a worker that dies is the one that killed it; the others go back to the front of the queue.
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { spawnTsWorker } from './spawn-ts-worker.ts';
import type { JobExtras, JobOutcome, RunJob } from './run-job.ts';
import type { WorkerReply } from './worker.ts';
import { InputError } from './errors.ts';

interface Pending {
  readonly id: number;
  readonly job: RunJob;
  readonly extras: JobExtras;
  readonly notOn: number | null;
  resolve(v: { outcome: JobOutcome; worker: number }): void;
  reject(e: Error): void;
}

/** The worker running a job died; the job's seed is what killed it. */
export class WorkerCrash extends Error {
  override name = 'WorkerCrash';
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Per worker, the jobs sent to it and not answered yet, oldest (the one running) first. */
  private readonly sent: Pending[][] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private isClosed = false;

  /**
   * `resourceLimits`: V8 heap limits of each worker (e.g. its young generation), null for V8's defaults. `depth`: how
   * many jobs a worker is sent at once (1: the next only when it answers).
   */
  constructor(readonly size: number, private readonly resourceLimits: ResourceLimits | null = null, readonly depth = 1) {
    for (let i = 0; i < size; i++) {
      this.workers.push(this.spawn(i));
      this.sent.push([]);
    }
  }

  private spawn(i: number): Worker {
    const w = spawnTsWorker(new URL('./worker.ts', import.meta.url), {}, this.resourceLimits ?? undefined);
    w.on('message', (m: WorkerReply | { id: -1 }) => this.onReply(i, m));
    w.on('error', (e) => this.onCrash(i, e));
    w.on('exit', (code) => { if (!this.isClosed) this.onCrash(i, new Error(`worker exited with code ${code}`)); });
    return w;
  }

  run(job: RunJob, extras: JobExtras = {}, notOn: number | null = null): Promise<{ outcome: JobOutcome; worker: number }> {
    if (this.isClosed) return Promise.reject(new Error('worker pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, extras, notOn: this.size > 1 ? notOn : null, resolve, reject });
      this.pump();
    });
  }

  get idleCount(): number {
    return this.sent.filter((b) => b.length === 0).length;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    // Breadth first: every worker gets a job before any gets a second one.
    for (let level = 0; level < this.depth; level++) {
      for (let i = 0; i < this.workers.length; i++) {
        if (this.sent[i]!.length !== level) continue;
        const k = this.queue.findIndex((p) => p.notOn !== i);
        if (k < 0) continue;
        const p = this.queue.splice(k, 1)[0]!;
        this.sent[i]!.push(p);
        this.workers[i]!.postMessage({ id: p.id, job: p.job, extras: p.extras });
      }
    }
  }

  private onReply(i: number, m: WorkerReply | { id: -1 }): void {
    if (m.id === -1) return;
    const p = this.sent[i]!.shift();
    const r = m as WorkerReply;
    if (p !== undefined) {
      if (r.type === 'done') p.resolve({ outcome: r.outcome, worker: i });
      else p.reject(r.isInputError ? new InputError(r.message) : new Error(r.message));
    }
    this.pump();
  }

  /** A worker died (out of memory, a native crash): fail its job as a WorkerCrash and start a fresh worker in its place. */
  private onCrash(i: number, e: Error): void {
    const w = this.workers[i]!;
    w.removeAllListeners();
    void w.terminate();
    const [p, ...notStarted] = this.sent[i]!;
    this.sent[i] = [];
    p?.reject(new WorkerCrash(e.message));
    if (this.isClosed) {
      for (const q of notStarted) q.reject(new Error('worker pool closed'));
      return;
    }
    // Sent behind the job that killed the worker, never started: they run as if never sent, in their order.
    this.queue.unshift(...notStarted);
    this.workers[i] = this.spawn(i);
    this.pump();
  }
}
