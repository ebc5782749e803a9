import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/**
 * An rxjs scheduler that runs each task in its own macrotask (`setImmediate`), or after
 * `delay` ms (`setTimeout`). It is the loop's default for yielding between chunks.
 *
 * Why not rxjs's own: `asapScheduler` queues microtasks (a resolved Promise), which run before
 * Node gets back to timers and I/O, so a long run would starve signal handlers and file sinks
 * until it ends; `asyncScheduler` uses `setInterval`, which Node clamps to >= 1 ms, costing a
 * millisecond per chunk. `setImmediate` yields to the event loop once per chunk, for a few
 * microseconds (measured in `bench/loop.ts`).
 *
 * @example
 * ```ts
 * interact(env, agent, { budget: { steps: 1e6 }, scheduler: new ImmediateScheduler() });
 * ```
 */
export class ImmediateScheduler implements SchedulerLike {
  /** Milliseconds, like rxjs's schedulers (used by time-based operators only). */
  now(): number {
    return performance.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new ImmediateAction<T>(work).schedule(state, delay);
  }
}

/** One scheduled task; `schedule` again from inside `work` to repeat it (rxjs's recursion idiom). */
class ImmediateAction<T> extends Subscription implements SchedulerAction<T> {
  private immediate: NodeJS.Immediate | null = null;
  private timeout: NodeJS.Timeout | null = null;

  constructor(private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => this.cancel());
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.cancel();
    const run = (): void => {
      this.immediate = null;
      this.timeout = null;
      if (this.closed) return;
      try {
        this.work.call(this, state);
      } catch (error) {
        this.unsubscribe();
        throw error;
      }
    };
    if (delay > 0) this.timeout = setTimeout(run, delay);
    else this.immediate = setImmediate(run);
    return this;
  }

  private cancel(): void {
    if (this.immediate !== null) clearImmediate(this.immediate);
    if (this.timeout !== null) clearTimeout(this.timeout);
    this.immediate = null;
    this.timeout = null;
  }
}
