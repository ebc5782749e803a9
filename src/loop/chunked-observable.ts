import { Observable, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import { SystemClock, type Clock } from './clock.js';
import type { LoopEvent, TimingEvent } from './events.js';

/**
 * A run the loop advances one unit at a time (an env vector step for `interact`, a minibatch
 * for `fit`). Built per subscription, so the Observable stays cold.
 */
export interface ChunkedRun {
  /** Units done so far (env steps or batches), for timing. */
  readonly step: number;
  /** Does one unit and emits its events; returns true once the run is over (its `done` emitted). */
  runStep(emit: (event: LoopEvent) => void): boolean;
}

/** How {@link chunkedObservable} paces a run. */
export interface ChunkOptions {
  readonly scheduler: SchedulerLike;
  /** Units run synchronously before yielding to the scheduler. */
  readonly chunkSize: number;
  /** Receives one {@link TimingEvent} after each chunk. */
  readonly onTiming?: (event: TimingEvent) => void;
  /** Time source of the timing events (default {@link SystemClock}). */
  readonly clock?: Clock;
}

/**
 * The loop's engine: an Observable that builds a run on subscribe, then advances it
 * `chunkSize` units at a time, each chunk one task on `scheduler`, so Node's event loop gets a
 * turn between chunks and a subscriber can unsubscribe. Unsubscribing stops the run at the
 * next unit boundary. Chunking never changes what is emitted, only when.
 *
 * A throw from `create` or `runStep` errors the Observable with that error.
 *
 * @example
 * ```ts
 * const events$ = chunkedObservable(() => new CountingRun(10), { scheduler: new ImmediateScheduler(), chunkSize: 1000 });
 * ```
 */
export function chunkedObservable(create: () => ChunkedRun, options: ChunkOptions): Observable<LoopEvent> {
  const { scheduler, chunkSize, onTiming } = options;
  return new Observable<LoopEvent>((subscriber) => {
    const emit = (event: LoopEvent): void => subscriber.next(event);
    const clock = onTiming === undefined ? null : (options.clock ?? new SystemClock());
    let run: ChunkedRun | null = null;
    let pending: Subscription | null = null;
    let startTime = 0;
    let lastTime = 0;
    let lastStep = 0;

    const reportTiming = (): void => {
      if (clock === null || run === null) return;
      const now = clock.now();
      const elapsed = now - lastTime;
      const steps = run.step - lastStep;
      onTiming!({ type: 'timing', step: run.step, seconds: now - startTime, stepsPerSecond: elapsed > 0 ? steps / elapsed : 0 });
      lastTime = now;
      lastStep = run.step;
    };

    function work(this: SchedulerAction<void>): void {
      try {
        if (run === null) {
          if (clock !== null) startTime = lastTime = clock.now();
          run = create();
          lastStep = run.step;
        }
        for (let i = 0; i < chunkSize; i++) {
          if (subscriber.closed) return;
          if (run.runStep(emit)) {
            reportTiming();
            subscriber.complete();
            return;
          }
        }
        reportTiming();
      } catch (error) {
        subscriber.error(error);
        return;
      }
      if (!subscriber.closed) pending = this.schedule();
    }

    // A synchronous scheduler (queueScheduler) runs `work` inside this call, so `pending` may
    // already point at a later task; cancel both on teardown.
    const first = scheduler.schedule(work);
    pending ??= first;
    return () => {
      pending?.unsubscribe();
      first.unsubscribe();
    };
  });
}
