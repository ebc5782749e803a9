import type { DoneReason } from '../loop/events.js';

/** The final evaluation of a run: greedy episodes (RL) or held-out metrics (learners). */
export interface FinalEval {
  readonly meanReturn?: number;
  readonly stdReturn?: number;
  readonly episodes?: number;
  readonly metrics?: Readonly<Record<string, number>>;
}

/**
 * What `summary.json` holds and `experiment.run()` resolves to. Everything but `wallSeconds` is
 * deterministic for a given config and seed.
 *
 * @example
 * ```ts
 * const summary: RunSummary = await experiment.run();
 * console.log(summary.finalEval.meanReturn, summary.solvedAtStep);
 * ```
 */
export interface RunSummary {
  readonly name: string;
  readonly seed: number;
  /** Env steps (RL) or training batches (learners) done. */
  readonly steps: number;
  readonly reason: DoneReason;
  readonly finalEval: FinalEval;
  /** The step of the first evaluation that reached `stop.meanReturn`; null if none did (or no target). */
  readonly solvedAtStep: number | null;
  /** Wall-clock seconds of this process's part of the run (a resumed run counts both parts). */
  readonly wallSeconds: number;
  /**
   * Why the run was stopped, when `reason` is `stopped` and whoever stopped it said why (an
   * early-stopping sink does; Ctrl-C does not). A run stopped with a reason is finished:
   * `resume` refuses it.
   */
  readonly stopReason?: string;
}
