/**
 * The typed events that `interact` (env <-> agent) and `fit` (data -> learner) emit. Sinks,
 * experiments and tests consume only these. Every field is deterministic for a given config and
 * seed (no wall-clock values): wall-clock data travels separately (see `TimingEvent`).
 *
 * `step` is the number of environment steps (interact) or training batches (fit) done so far.
 */

/** One transition, emitted only when per-step events are asked for. */
export interface StepEvent {
  readonly type: 'step';
  readonly step: number;
  /** Index of the environment copy in a vector env (0 for a single env). */
  readonly envIndex: number;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
}

/** An episode finished (terminated or truncated). */
export interface EpisodeEvent {
  readonly type: 'episode';
  readonly step: number;
  /** Episodes finished so far, this one included (counted over all env copies). */
  readonly episode: number;
  readonly envIndex: number;
  /** Undiscounted sum of rewards. */
  readonly return: number;
  readonly length: number;
}

/** A learning update (one or more gradient steps) with its metrics (losses, epsilon, lr...). */
export interface UpdateEvent {
  readonly type: 'update';
  readonly step: number;
  /** Updates done so far, this one included. */
  readonly updates: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** `fit` only: the epoch (0-based) the batch belongs to. */
  readonly epoch?: number;
}

/** A periodic evaluation: greedy episodes on a separately seeded env, or held-out metrics for learners. */
export interface EvalEvent {
  readonly type: 'eval';
  readonly step: number;
  /** Mean and std of episode returns (RL); omitted by learners without episodes. */
  readonly meanReturn?: number;
  readonly stdReturn?: number;
  readonly episodes?: number;
  /** Learner metrics (accuracy, loss, modes covered...). */
  readonly metrics?: Readonly<Record<string, number>>;
  /** `fit` only: the epoch (0-based) of the last batch trained before the evaluation. */
  readonly epoch?: number;
}

/** A checkpoint was written. `path` is relative to the run folder. */
export interface CheckpointEvent {
  readonly type: 'checkpoint';
  readonly step: number;
  readonly path: string;
}

/** Why a run ended. */
export type DoneReason = 'budget' | 'solved' | 'stopped';

/** The run ended; always the last event of a completed stream. */
export interface DoneEvent {
  readonly type: 'done';
  readonly step: number;
  readonly reason: DoneReason;
}

/** Every event the loop emits. */
export type LoopEvent = StepEvent | EpisodeEvent | UpdateEvent | EvalEvent | CheckpointEvent | DoneEvent;

/** Wall-clock measurements, kept apart from `LoopEvent`s so event logs stay byte-identical. */
export interface TimingEvent {
  readonly type: 'timing';
  readonly step: number;
  /** Seconds since the run started, from the injected Clock. */
  readonly seconds: number;
  /** Steps per second over the last chunk. */
  readonly stepsPerSecond: number;
}
