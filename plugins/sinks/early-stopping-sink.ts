import { ConfigError } from '../../src/errors.js';
import type { EvalEvent, LoopEvent } from '../../src/loop/events.js';
import type { Sink } from '../../src/loop/sink.js';

/** Options of {@link EarlyStoppingSink}. */
export interface EarlyStoppingOptions {
  /** What to watch: `meanReturn` (default) or the name of an eval metric (learners). */
  readonly metric?: string;
  /** Whether larger (`max`, default) or smaller (`min`, e.g. a loss) is better. */
  readonly mode?: 'max' | 'min';
  /** Stop after this many evaluations in a row without an improvement of more than `minDelta`. */
  readonly patience?: number;
  readonly minDelta?: number;
  /** Stop as soon as the metric reaches this value (>= for max, <= for min). */
  readonly threshold?: number;
  /** Ends the run (e.g. aborts the loop's signal); called at most once. */
  readonly stop: (why: string) => void;
}

/**
 * Early stopping as a sink (Keras' `EarlyStopping`, Lightning's callback of the same name):
 * watches evaluations and calls `stop` when the watched value reaches `threshold`, or has not
 * improved for `patience` evaluations. The loop then ends at the next step boundary with reason
 * `'stopped'`; the decision depends on events only, so it is as deterministic as the run.
 *
 * (The config's `stop.meanReturn` is handled by the loop itself and ends with `'solved'`.)
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const sink = new EarlyStoppingSink({ metric: 'loss', mode: 'min', patience: 5, stop: () => controller.abort() });
 * ```
 */
export class EarlyStoppingSink implements Sink {
  /** The best value so far and when it was seen. */
  best: { value: number; step: number } | null = null;
  /** Why the run was stopped, once it was. */
  stoppedBecause: string | null = null;
  private sinceBest = 0;
  private readonly metric: string;
  private readonly sign: number;

  constructor(private readonly options: EarlyStoppingOptions) {
    if (options.patience === undefined && options.threshold === undefined) throw new ConfigError('EarlyStoppingSink: set patience, threshold or both');
    if (options.patience !== undefined && (!Number.isSafeInteger(options.patience) || options.patience <= 0)) {
      throw new ConfigError(`EarlyStoppingSink: patience must be a positive integer, got ${String(options.patience)}`);
    }
    this.metric = options.metric ?? 'meanReturn';
    this.sign = options.mode === 'min' ? -1 : 1;
  }

  handle(event: LoopEvent): void {
    if (event.type !== 'eval' || this.stoppedBecause !== null) return;
    const value = this.valueOf(event);
    if (value === undefined || Number.isNaN(value)) return;
    const { threshold, patience, minDelta = 0 } = this.options;
    if (this.best === null || this.sign * (value - this.best.value) > minDelta) {
      this.best = { value, step: event.step };
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    if (threshold !== undefined && this.sign * (value - threshold) >= 0) {
      this.halt(`${this.metric} ${value} reached ${threshold} at step ${event.step}`);
    } else if (patience !== undefined && this.sinceBest >= patience) {
      this.halt(`${this.metric} did not improve for ${patience} evaluations (best ${this.best.value} at step ${this.best.step})`);
    }
  }

  private valueOf(event: EvalEvent): number | undefined {
    if (this.metric === 'meanReturn') return event.meanReturn;
    return event.metrics?.[this.metric];
  }

  private halt(why: string): void {
    this.stoppedBecause = why;
    this.options.stop(why);
  }
}
