import type { Observable, SchedulerLike } from 'rxjs';
import type { Agent } from '../agent/agent.js';
import type { Env } from '../env/env.js';
import type { VectorEnv } from '../env/vector-env.js';
import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { chunkedObservable } from './chunked-observable.js';
import type { Clock } from './clock.js';
import type { LoopEvent, TimingEvent } from './events.js';
import { ImmediateScheduler } from './immediate-scheduler.js';
import { InteractRun } from './interact-run.js';
import type { InteractState } from './interact-state.js';

/** Default units (vector steps or batches) run synchronously between two yields. */
export const DEFAULT_CHUNK_SIZE = 1000;

/** Periodic greedy evaluation on an env of its own. */
export interface InteractEvalOptions<Obs, Act> {
  /** Env steps between evaluations (one runs each time the step count crosses a multiple). */
  readonly every: number;
  /** Episodes per evaluation. */
  readonly episodes: number;
  /**
   * The evaluation env, separate from the training env. Each evaluation resets it with a seed
   * drawn from the loop Rng's child `'eval'`, and runs the agent's `predict`.
   */
  readonly env: Env<Obs, Act>;
  /** Truncates evaluation episodes after this many steps (for envs without a time limit). */
  readonly maxEpisodeSteps?: number;
}

/** When to end a run early with reason `'solved'`. */
export interface InteractStopOptions {
  /**
   * The mean return that counts as solved: compared with each evaluation's `meanReturn` when
   * `eval` is set, else with the mean of the last `window` training episodes.
   */
  readonly meanReturn: number;
  /** Training episodes averaged when there is no `eval` (default 100, Gym's "solved" window). */
  readonly window?: number;
}

/**
 * Why the loop takes a checkpoint: `'periodic'` on the `every` schedule, `'end'` for the
 * `atEnd` one when the run ends off the schedule.
 */
export type CheckpointKind = 'periodic' | 'end';

/** Checkpoints, written by the caller (the loop never touches files). */
export interface InteractCheckpointOptions {
  /** Env steps between checkpoints; omit for none on a schedule (only `atEnd`'s). */
  readonly every?: number;
  /**
   * Writes a checkpoint and returns its path (relative to the run folder); the loop emits a
   * `checkpoint` event with it. `state` is the loop's own state, to be saved next to the
   * agent's `getState()` and passed back as `resume`; `kind` says whether the checkpoint is on
   * the schedule (a resumed run repeats those) or the end-of-run one.
   */
  readonly save: (step: number, state: InteractState, kind: CheckpointKind) => string;
  /**
   * Also checkpoint when the run ends (budget, solved or stopped), unless a periodic checkpoint
   * was just written at that same step (it serves as the final one). Default false.
   */
  readonly atEnd?: boolean;
}

/** Options of {@link interact}. */
export interface InteractOptions<Obs, Act> {
  /** Env steps to run; with n env copies each vector step adds n, so a run may pass it by < n. */
  readonly budget: { readonly steps: number };
  /**
   * The loop's random stream (default `new Rng(0)`). The loop uses only its children:
   * `'env'` (training env reset seeds) and `'eval'` (evaluation env seeds).
   */
  readonly rng?: Rng;
  /** Emit a `step` event per env copy and step (off by default: they are many). */
  readonly stepEvents?: boolean;
  readonly eval?: InteractEvalOptions<Obs, Act>;
  readonly stop?: InteractStopOptions;
  readonly checkpoint?: InteractCheckpointOptions;
  /** Ends the run at the next step boundary with reason `'stopped'` (after `atEnd` checkpoints). */
  readonly signal?: AbortSignal;
  /** Continue from a checkpoint's loop state (restore the agent with `setState` yourself). */
  readonly resume?: InteractState;
  /** Vector steps run synchronously between yields (default {@link DEFAULT_CHUNK_SIZE}); never changes results. */
  readonly chunkSize?: number;
  /** Where chunks run (default a fresh {@link ImmediateScheduler}; tests pass a `TestScheduler`). */
  readonly scheduler?: SchedulerLike;
  /** Receives wall-clock {@link TimingEvent}s after every chunk; they never enter the event stream. */
  readonly onTiming?: (event: TimingEvent) => void;
  /** Time source for `onTiming` (default `SystemClock`). */
  readonly clock?: Clock;
}

/**
 * Runs `agent` on `env` as a cold Observable of {@link LoopEvent}s: nothing happens until
 * subscribed, and each subscription is one run (reset, steps, `done`, complete).
 *
 * Per vector step: `agent.act(observations)`, `env.step`, then `agent.observe(transition)`;
 * emits `episode` events as episodes end, `update` when `observe` returns metrics, `eval` and
 * `checkpoint` on their periods, and finally `done` with its reason (`budget`, `solved`,
 * `stopped`). A single `Env` is driven as a batch of one (agents always see arrays); a
 * `VectorEnv` is stepped with SB3 same-step autoreset.
 *
 * Steps run synchronously in chunks of `chunkSize`, yielding to `scheduler` between chunks.
 * Unsubscribing stops at the next step boundary. An exception in the env, the agent or a hook
 * errors the Observable with a `LoopError` naming the call and the step.
 *
 * Determinism: the events depend only on the env, the agent and `rng`; never on chunking,
 * scheduling or time.
 *
 * @example
 * ```ts
 * const events$ = interact(registry.make('CartPole-v1'), agent, {
 *   budget: { steps: 50_000 },
 *   rng: root.child('loop'),
 *   eval: { every: 5_000, episodes: 10, env: registry.make('CartPole-v1') },
 *   stop: { meanReturn: 475 },
 * });
 * events$.pipe(filter((e) => e.type === 'eval')).subscribe((e) => console.log(e.step, e.meanReturn));
 * ```
 */
export function interact<Obs, Act>(
  env: Env<Obs, Act> | VectorEnv<Obs, Act>,
  agent: Agent<Obs, Act>,
  options: InteractOptions<Obs, Act>,
): Observable<LoopEvent> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new ConfigError(`interact: chunkSize must be a positive integer, got ${String(chunkSize)}`);
  validateInteractOptions(options);
  return chunkedObservable(() => new InteractRun(env, agent, options, options.rng ?? new Rng(0)), {
    scheduler: options.scheduler ?? new ImmediateScheduler(),
    chunkSize,
    ...(options.onTiming === undefined ? {} : { onTiming: options.onTiming }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}

function validateInteractOptions<Obs, Act>(options: InteractOptions<Obs, Act>): void {
  const steps = options.budget?.steps;
  if (!Number.isSafeInteger(steps) || steps < 0) throw new ConfigError(`interact: budget.steps must be a non-negative integer, got ${String(steps)}`);
  const positive = (value: number | undefined, field: string): void => {
    if (!Number.isSafeInteger(value) || value! <= 0) throw new ConfigError(`interact: ${field} must be a positive integer, got ${String(value)}`);
  };
  if (options.eval !== undefined) {
    positive(options.eval.every, 'eval.every');
    positive(options.eval.episodes, 'eval.episodes');
  }
  if (options.checkpoint !== undefined) {
    if (options.checkpoint.every !== undefined) positive(options.checkpoint.every, 'checkpoint.every');
    if (typeof options.checkpoint.save !== 'function') throw new ConfigError('interact: checkpoint.save must be a function (step, state) => path');
  }
  if (options.stop !== undefined) {
    if (!Number.isFinite(options.stop.meanReturn)) throw new ConfigError(`interact: stop.meanReturn must be a finite number, got ${String(options.stop.meanReturn)}`);
    if (options.stop.window !== undefined) positive(options.stop.window, 'stop.window');
  }
}
