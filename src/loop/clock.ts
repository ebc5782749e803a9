/**
 * The service token of {@link Clock} (one container binding per experiment).
 *
 * @example
 * ```ts
 * bind<Clock>(Clock).toConstantValue(new SystemClock());
 * ```
 */
export const Clock = Symbol('Clock');

/**
 * A monotonic source of wall-clock time, injected so that nothing in the library reads the
 * system time directly. Its readings only ever reach `TimingEvent`s, never `LoopEvent`s, so
 * event logs stay byte-identical between runs.
 *
 * @example
 * ```ts
 * const clock: Clock = new SystemClock();
 * const t0 = clock.now();
 * work();
 * const seconds = clock.now() - t0;
 * ```
 */
export interface Clock {
  /** Seconds since an arbitrary fixed origin; never decreases. */
  now(): number;
}

/**
 * The process's monotonic high-resolution clock (`performance.now()`), in seconds.
 *
 * @example
 * ```ts
 * interact(env, agent, { budget: { steps: 1e5 }, clock: new SystemClock(), onTiming: (t) => log(t) });
 * ```
 */
export class SystemClock implements Clock {
  now(): number {
    return performance.now() / 1000;
  }
}

/**
 * A clock that moves only when told to: for tests and for replaying timings deterministically.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * clock.advance(1.5);
 * clock.now();   // 1.5
 * ```
 */
export class ManualClock implements Clock {
  private seconds: number;

  constructor(start = 0) {
    this.seconds = start;
  }

  now(): number {
    return this.seconds;
  }

  /** Moves time forward by `seconds` (>= 0). */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`ManualClock.advance: seconds must be >= 0, got ${seconds}`);
    this.seconds += seconds;
  }
}
