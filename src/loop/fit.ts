import type { Observable, SchedulerLike } from 'rxjs';
import type { Learner } from '../agent/learner.js';
import type { DataSource } from '../data/data-source.js';
import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { chunkedObservable } from './chunked-observable.js';
import type { Clock } from './clock.js';
import type { LoopEvent, TimingEvent } from './events.js';
import { FitRun } from './fit-run.js';
import type { FitState } from './fit-state.js';
import { ImmediateScheduler } from './immediate-scheduler.js';
import { DEFAULT_CHUNK_SIZE, type CheckpointKind } from './interact.js';

/** Options of {@link fit}. */
export interface FitOptions {
  /** Passes over the training split, or a number of minibatches. */
  readonly budget: { readonly epochs: number } | { readonly batches: number };
  /** Examples per minibatch. */
  readonly batchSize: number;
  /** Skip each epoch's last, smaller batch (default false). */
  readonly dropLast?: boolean;
  /**
   * The loop's random stream (default `new Rng(0)`). Epoch `e` is shuffled with
   * `rng.child('shuffle').child('epoch-' + e)`, so the order of any epoch depends only on the
   * seed and `e` (and a resume needs no shuffle state); `learner.evaluate` gets draws from
   * `rng.child('eval')`.
   */
  readonly rng?: Rng;
  /** Held-out evaluation every `every` batches on `source` (default: the training source). */
  readonly eval?: { readonly every: number; readonly source?: DataSource };
  /** Ends the run with reason `'solved'` once an evaluation's `metric` reaches `atLeast` / `atMost`. */
  readonly stop?: { readonly metric: string; readonly atLeast?: number; readonly atMost?: number };
  /**
   * Checkpoints every `every` batches (omit `every` for none on a schedule) and, with `atEnd`,
   * when the run ends unless a periodic one was just written at that step (see
   * `InteractCheckpointOptions`).
   */
  readonly checkpoint?: { readonly every?: number; readonly save: (step: number, state: FitState, kind: CheckpointKind) => string; readonly atEnd?: boolean };
  /** Ends the run at the next batch boundary with reason `'stopped'`. */
  readonly signal?: AbortSignal;
  /** Continue from a checkpoint's loop state (restore the learner with `setState` yourself). */
  readonly resume?: FitState;
  /** Batches run synchronously between yields (default 1000); never changes results. */
  readonly chunkSize?: number;
  readonly scheduler?: SchedulerLike;
  readonly onTiming?: (event: TimingEvent) => void;
  readonly clock?: Clock;
}

/**
 * Trains `learner` on `source`'s training split as a cold Observable of {@link LoopEvent}s:
 * one `update` per minibatch (`step` = batches done, with the `epoch`), `eval` with the
 * learner's held-out metrics on its period, `checkpoint`s, and `done` (`budget`, `solved` or
 * `stopped`). Chunked, cancellable and deterministic exactly like `interact`.
 *
 * @example
 * ```ts
 * fit(registry.make('ring-8'), gan, { budget: { epochs: 20 }, batchSize: 64, rng: root.child('loop'), eval: { every: 500 } })
 *   .subscribe((e) => { if (e.type === 'eval') console.log(e.step, e.metrics); });
 * ```
 */
export function fit(source: DataSource, learner: Learner, options: FitOptions): Observable<LoopEvent> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new ConfigError(`fit: chunkSize must be a positive integer, got ${String(chunkSize)}`);
  validateFitOptions(options);
  return chunkedObservable(() => new FitRun(source, learner, options, options.rng ?? new Rng(0)), {
    scheduler: options.scheduler ?? new ImmediateScheduler(),
    chunkSize,
    ...(options.onTiming === undefined ? {} : { onTiming: options.onTiming }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}

function validateFitOptions(options: FitOptions): void {
  const positive = (value: unknown, field: string, allowZero = false): void => {
    if (!Number.isSafeInteger(value) || (value as number) < (allowZero ? 0 : 1)) {
      throw new ConfigError(`fit: ${field} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(value)}`);
    }
  };
  const budget = options.budget as { epochs?: unknown; batches?: unknown } | undefined;
  if (budget === undefined || (budget.epochs === undefined) === (budget.batches === undefined)) {
    throw new ConfigError('fit: budget must be exactly one of { epochs } or { batches }');
  }
  if (budget.epochs !== undefined) positive(budget.epochs, 'budget.epochs', true);
  else positive(budget.batches, 'budget.batches', true);
  positive(options.batchSize, 'batchSize');
  if (options.eval !== undefined) positive(options.eval.every, 'eval.every');
  if (options.checkpoint?.every !== undefined) positive(options.checkpoint.every, 'checkpoint.every');
  if (options.stop !== undefined) {
    const { metric, atLeast, atMost } = options.stop;
    if (typeof metric !== 'string' || metric.length === 0) throw new ConfigError('fit: stop.metric must name an eval metric');
    if ((atLeast === undefined) === (atMost === undefined)) throw new ConfigError('fit: stop needs exactly one of atLeast or atMost');
    if (options.eval === undefined) throw new ConfigError('fit: stop is judged on evaluations; set eval as well');
  }
}
