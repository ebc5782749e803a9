import { Worker } from 'node:worker_threads';
import { NeuroloopError } from '../../errors.js';
import type { WasmMemory, WasmModule } from './wasm-api.js';

/** Per-worker state word in the control buffer. */
const State = {
  /** Booting: not yet instantiated, gets no work. */
  starting: 0,
  idle: 1,
  /** A job is waiting; the worker claims it by moving it to `running`. */
  posted: 2,
  running: 3,
  done: 4,
  exit: 5,
  /** The worker threw; the message is lost, the main thread reports it. */
  failed: 6,
} as const;

/**
 * Source of each worker: plain JavaScript run with `eval: true`, so it needs no loader for
 * TypeScript and no file on disk. It instantiates the shared module on the shared memory, then
 * sleeps on its state word; a posted job is claimed with a compare-exchange so the main thread
 * can take back a job no worker has started.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index, work } = workerData;
const S = ${JSON.stringify(State)};
const state = new Int32Array(control);
let runJob;
try {
  runJob = new WebAssembly.Instance(module, { env: { memory } }).exports.runJob;
  Atomics.store(state, index, S.idle);
} catch (e) {
  Atomics.store(state, index, S.failed);
}
Atomics.notify(state, index);
for (;;) {
  const s = Atomics.load(state, index);
  if (s === S.exit || s === S.failed) break;
  if (s !== S.posted) { Atomics.wait(state, index, s); continue; }
  if (Atomics.compareExchange(state, index, S.posted, S.running) !== S.posted) continue;
  try {
    runJob(Atomics.load(state, state.length - 1), work);
    Atomics.store(state, index, S.done);
  } catch (e) {
    Atomics.store(state, index, S.failed);
  }
  Atomics.notify(state, index);
}
`;

/**
 * Worker threads that run jobs of a wasm module on a shared memory, with the calling thread
 * taking a share. Work is split by the module itself (threads claim chunks with an atomic add),
 * so the pool only posts, waits and takes back: a worker that is still booting or asleep when the
 * main thread has finished every chunk is simply not waited for.
 *
 * Workers are `unref`ed (they never keep the process alive) and terminated by {@link dispose}.
 *
 * @example
 * ```ts
 * const pool = new WasmWorkerPool(module, memory, [workA, workB]);
 * pool.run(jobOffset, () => runJob(jobOffset, mainWork));
 * pool.dispose();
 * ```
 */
export class WasmWorkerPool {
  private readonly state: Int32Array;
  private readonly workers: Worker[];
  private readonly exits: Promise<void>[];
  private disposed = false;

  /** @param workPointers one scratch region per worker; their count is the number of workers. */
  constructor(module: WasmModule, memory: WasmMemory, workPointers: readonly number[]) {
    // One state word per worker, then the byte offset of the current job.
    this.state = new Int32Array(new SharedArrayBuffer((workPointers.length + 1) * 4));
    this.workers = workPointers.map((work, index) => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.state.buffer, index, work } });
      worker.unref();
      // A worker that dies before it is ready never gets work; without a listener its error
      // would be rethrown in the main thread.
      worker.on('error', () => Atomics.store(this.state, index, State.failed));
      return worker;
    });
    this.exits = this.workers.map((worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())));
  }

  /** Resolves once every worker thread has exited (after {@link dispose}). */
  get exited(): Promise<void> {
    return Promise.all(this.exits).then(() => undefined);
  }

  /** Number of worker threads (the calling thread comes on top). */
  get size(): number {
    return this.workers.length;
  }

  /** Workers that have booted and can take jobs now. */
  get readyCount(): number {
    let ready = 0;
    for (let w = 0; w < this.workers.length; w++) if (Atomics.load(this.state, w) === State.idle) ready++;
    return ready;
  }

  /**
   * Posts the job at byte offset `job` to every idle worker, runs `runHere` (the calling thread's
   * share: it must claim chunks until none are left), then waits for the workers that started.
   */
  run(job: number, runHere: () => void): void {
    if (this.disposed) throw new NeuroloopError('WasmWorkerPool.run: the pool has been disposed');
    const count = this.workers.length;
    Atomics.store(this.state, count, job);
    const posted: boolean[] = [];
    for (let w = 0; w < count; w++) {
      posted.push(Atomics.compareExchange(this.state, w, State.idle, State.posted) === State.idle);
      if (posted[w]) Atomics.notify(this.state, w);
    }
    let failure: unknown;
    try {
      runHere();
    } catch (error) {
      failure = error;
    }
    let failed = 0;
    for (let w = 0; w < count; w++) {
      if (!posted[w]) continue;
      // Take the job back if the worker never woke up; otherwise wait for it to finish.
      if (Atomics.compareExchange(this.state, w, State.posted, State.idle) === State.posted) continue;
      let s = Atomics.load(this.state, w);
      while (s === State.running) {
        Atomics.wait(this.state, w, State.running);
        s = Atomics.load(this.state, w);
      }
      if (s === State.done) Atomics.store(this.state, w, State.idle);
      else failed++;
    }
    if (failure !== undefined) throw failure;
    if (failed > 0) throw new NeuroloopError(`WasmWorkerPool.run: ${failed} worker thread(s) failed while running a job`);
  }

  /** Stops and terminates every worker. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.state, w, State.exit);
      Atomics.notify(this.state, w);
    }
    for (const worker of this.workers) void worker.terminate();
  }
}
