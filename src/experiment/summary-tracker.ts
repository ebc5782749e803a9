import type { Observer } from 'rxjs';
import type { DoneReason, EvalEvent, LoopEvent } from '../loop/events.js';
import type { FinalEval } from './run-summary.js';

/**
 * Follows a run's events and keeps what its summary needs: the last step, the latest
 * evaluation, the first step at which an evaluation reached the target return, and the reason
 * the run ended. Pure (no I/O), so a resumed run rebuilds it by replaying the saved events.
 *
 * @example
 * ```ts
 * const tracker = new SummaryTracker(475);
 * events$.subscribe(tracker);
 * tracker.solvedAtStep; // null until an eval reaches 475
 * ```
 */
export class SummaryTracker implements Observer<LoopEvent> {
  step = 0;
  reason: DoneReason | null = null;
  lastEval: EvalEvent | null = null;
  solvedAtStep: number | null = null;
  episodes = 0;

  /** @param targetReturn the config's `stop.meanReturn`, if any. */
  constructor(private readonly targetReturn?: number) {}

  next(event: LoopEvent): void {
    this.step = Math.max(this.step, event.step);
    if (event.type === 'episode') this.episodes = event.episode;
    if (event.type === 'eval') {
      this.lastEval = event;
      const target = this.targetReturn;
      if (this.solvedAtStep === null && target !== undefined && event.meanReturn !== undefined && event.meanReturn >= target) this.solvedAtStep = event.step;
    }
    if (event.type === 'done') this.reason = event.reason;
  }

  error(): void {}

  complete(): void {}

  /** The latest evaluation as a summary's `finalEval` (empty before any evaluation). */
  finalEval(): FinalEval {
    const e = this.lastEval;
    if (e === null) return {};
    return {
      ...(e.meanReturn === undefined ? {} : { meanReturn: e.meanReturn }),
      ...(e.stdReturn === undefined ? {} : { stdReturn: e.stdReturn }),
      ...(e.episodes === undefined ? {} : { episodes: e.episodes }),
      ...(e.metrics === undefined ? {} : { metrics: e.metrics }),
    };
  }
}
