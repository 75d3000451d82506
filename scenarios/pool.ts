// A fixed pool of workers running jobs: worker threads, or child processes (which can have V8 flags of their own); a
// job can be kept off a given worker (determinism re-runs). With a depth above 1 a worker is sent its next job(s)
// while it runs one: they wait in its message queue, so it starts the next the moment it posts a result instead of
// sleeping while the main thread receives it, records it and sends another (on a loaded machine the main thread may
// first wait for a core). A worker runs its jobs in the order sent, so the oldest job sent to a worker that dies is
// the one that killed it; the others go back to the front of the queue.
import type { ResourceLimits } from 'node:worker_threads';
import { forkTsWorker, spawnTsWorker } from './spawn-ts-worker.ts';
import type { JobExtras, JobOutcome, RunJob } from './run-job.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';
import type { PassReport } from './seed-report.ts';
import { InputError } from './errors.ts';

/**
 * What runs a pool's workers. 'threads': worker threads of this process (one V8 heap and compiler each, but V8's flags
 * and helper threads are the process's). 'processes': a child node process each, with `execArgv` as its node flags
 * (e.g. `--single-threaded-gc`: V8 flags are process-wide, so only a process of its own gives a worker its own).
 */
export type PoolKind = { readonly kind: 'threads' } | { readonly kind: 'processes'; readonly execArgv: readonly string[] };
export const THREADS: PoolKind = { kind: 'threads' };

/** One running worker, whatever runs it. */
interface WorkerHandle {
  send(req: WorkerRequest): void;
  /** Ends it at once (a job under way is lost) and stops its events. */
  terminate(): Promise<unknown>;
  /** The process running it: a child's pid, or null for a thread (this process). */
  readonly pid: number | null;
}

type WorkerMessage = WorkerReply | { id: -1 };
const WORKER_ENTRY = new URL('./worker.ts', import.meta.url);

function startThread(limits: ResourceLimits | null, onMessage: (m: WorkerMessage) => void, onCrash: (e: Error) => void): WorkerHandle {
  const w = spawnTsWorker(WORKER_ENTRY, {}, limits ?? undefined);
  w.on('message', onMessage);
  w.on('error', onCrash);
  w.on('exit', (code) => onCrash(new Error(`worker exited with code ${code}`)));
  return { send: (req) => w.postMessage(req), terminate: () => { w.removeAllListeners(); return w.terminate(); }, pid: null };
}

function startProcess(execArgv: readonly string[], onMessage: (m: WorkerMessage) => void, onCrash: (e: Error) => void): WorkerHandle {
  const c = forkTsWorker(WORKER_ENTRY, execArgv);
  c.on('message', onMessage);
  c.on('error', onCrash);
  c.on('exit', (code, signal) => onCrash(new Error(`worker process exited with ${signal ?? `code ${code}`}`)));
  return {
    send: (req) => { c.send(req); },
    terminate: () => {
      c.removeAllListeners();
      c.on('error', () => {}); // a send that raced its exit, or the kill below: the crash is already being handled
      if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
      // SIGKILL: a worker process ignores SIGINT and SIGTERM (process-port.ts); ending it at once is what a thread's terminate() does.
      return new Promise((done) => { c.once('exit', done); c.kill('SIGKILL'); });
    },
    pid: c.pid ?? null,
  };
}

interface Pending {
  readonly id: number;
  readonly job: RunJob;
  readonly extras: JobExtras;
  readonly notOn: number | null;
  readonly passReportsFor: number | undefined;
  resolve(v: { outcome: JobOutcome | PassReport; worker: number }): void;
  reject(e: Error): void;
}

/** The worker running a job died; the job's seed is what killed it. */
export class WorkerCrash extends Error {
  override name = 'WorkerCrash';
}

export class WorkerPool {
  private readonly workers: WorkerHandle[] = [];
  /** Per worker, the jobs sent to it and not answered yet, oldest (the one running) first. */
  private readonly sent: Pending[][] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private isClosed = false;

  /**
   * `resourceLimits`: V8 heap limits of each worker thread (e.g. its young generation), null for V8's defaults (a
   * worker process takes node flags in its kind's execArgv instead). `depth`: how many jobs a worker is sent at once
   * (1: the next only when it answers). `kind`: threads or child processes.
   */
  constructor(readonly size: number, private readonly resourceLimits: ResourceLimits | null = null, readonly depth = 1, readonly kind: PoolKind = THREADS) {
    if (kind.kind === 'processes' && resourceLimits !== null) throw new Error('worker pool: resource limits apply to worker threads; give a worker process node flags');
    for (let i = 0; i < size; i++) {
      this.workers.push(this.spawn(i));
      this.sent.push([]);
    }
  }

  private spawn(i: number): WorkerHandle {
    const onMessage = (m: WorkerMessage): void => this.onReply(i, m);
    const onCrash = (e: Error): void => { if (!this.isClosed) this.onCrash(i, e); };
    return this.kind.kind === 'threads' ? startThread(this.resourceLimits, onMessage, onCrash) : startProcess(this.kind.execArgv, onMessage, onCrash);
  }

  /** Per worker, the child process running it (processes), or null (a thread of this process): for per-process CPU. */
  get pids(): readonly (number | null)[] {
    return this.workers.map((w) => w.pid);
  }

  run(job: RunJob, extras: JobExtras = {}, notOn: number | null = null): Promise<{ outcome: JobOutcome; worker: number }> {
    return this.enqueue(job, extras, notOn, undefined) as Promise<{ outcome: JobOutcome; worker: number }>;
  }

  /** A plain campaign's seed: a pass comes back as a PassReport (seed-report.ts), anything else as its whole outcome. */
  runReporting(job: RunJob, extras: JobExtras, campaign: number): Promise<{ outcome: JobOutcome | PassReport; worker: number }> {
    return this.enqueue(job, extras, null, campaign);
  }

  private enqueue(job: RunJob, extras: JobExtras, notOn: number | null, passReportsFor: number | undefined): Promise<{ outcome: JobOutcome | PassReport; worker: number }> {
    if (this.isClosed) return Promise.reject(new Error('worker pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, extras, notOn: this.size > 1 ? notOn : null, passReportsFor, resolve, reject });
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
        this.workers[i]!.send(p.passReportsFor === undefined ? { id: p.id, job: p.job, extras: p.extras } : { id: p.id, job: p.job, extras: p.extras, passReportsFor: p.passReportsFor });
      }
    }
  }

  private onReply(i: number, m: WorkerMessage): void {
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
    void this.workers[i]!.terminate();
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
