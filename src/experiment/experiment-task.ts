import type { Observable, SchedulerLike } from 'rxjs';
import type { Agent } from '../agent/agent.js';
import type { AgentRegistry } from '../agent/agent-registry.js';
import { evaluate } from '../agent/evaluate.js';
import type { Learner } from '../agent/learner.js';
import { nestSnapshots, pickSnapshot, type JsonObject, type StateSnapshot } from '../agent/state-snapshot.js';
import type { DataSource } from '../data/data-source.js';
import { batchesPerEpoch } from '../data/epoch-batches.js';
import type { DataRegistry } from '../di/data-registry.js';
import type { Env } from '../env/env.js';
import type { EnvRegistry } from '../env/registry.js';
import { ConfigError } from '../errors.js';
import type { KernelBackend } from '../kernels/kernel-backend.js';
import type { Clock } from '../loop/clock.js';
import type { EvalEvent, LoopEvent, TimingEvent } from '../loop/events.js';
import { fit } from '../loop/fit.js';
import type { FitState } from '../loop/fit-state.js';
import { interact, type CheckpointKind } from '../loop/interact.js';
import type { InteractState } from '../loop/interact-state.js';
import { isStatefulEnv } from '../loop/env-driver.js';
import type { Rng } from '../random/rng.js';
import type { ExperimentConfig } from './config.js';
import { EpisodeReplayEnv } from './episode-replay-env.js';

/** An env run: the training env, a separate evaluation env, and the agent. */
export interface EnvTask {
  readonly kind: 'env';
  readonly env: Env<unknown, unknown>;
  readonly evalEnv: Env<unknown, unknown>;
  readonly model: Agent<unknown, unknown>;
}

/** A data run: the data source and the learner. */
export interface DataTask {
  readonly kind: 'data';
  readonly source: DataSource;
  readonly model: Learner;
}

/** What an experiment trains: an agent in an env, or a learner on data. */
export type ExperimentTask = EnvTask | DataTask;

/** The registries and services {@link buildTask} draws from (one container's). */
export interface TaskServices {
  readonly envs: EnvRegistry;
  readonly agents: AgentRegistry;
  readonly data: DataRegistry;
  /** The experiment's root Rng; the agent gets its child `'agent'`. */
  readonly rng: Rng;
  readonly backend: () => KernelBackend;
}

/**
 * Builds the env(s) and agent, or the data source and learner, that `config` names. Errors
 * from the registries (unknown id, bad option) are re-thrown as `ConfigError`s prefixed with
 * the config field they come from (`agent.id: Unknown agent id 'q-lerning'. Did you mean ...`).
 *
 * @example
 * ```ts
 * const task = buildTask(config, { envs, agents, data, rng, backend: () => backend });
 * ```
 */
export function buildTask(config: ExperimentConfig, services: TaskServices): ExperimentTask {
  const { envs, agents, data, rng } = services;
  if (config.env !== undefined) {
    const { id, kwargs } = config.env;
    field('env.id', () => envs.spec(id));
    field('agent.id', () => agents.get(config.agent.id));
    const made = field('env.kwargs', () => envs.make(id, kwargs));
    // Checkpoints hold the env's state so a resume continues the episode in progress; envs
    // that cannot save theirs get it by replay.
    const env = isStatefulEnv(made) ? made : new EpisodeReplayEnv(made);
    const evalEnv = envs.make(id, kwargs);
    const model = field('agent.options', () =>
      agents.makeAgent(config.agent.id, {
        options: config.agent.options,
        rng: rng.child('agent'),
        env: { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 },
        backend: services.backend(),
      }),
    );
    return { kind: 'env', env, evalEnv, model };
  }
  const dataSection = config.data!;
  field('data.id', () => data.get(dataSection.id));
  field('agent.id', () => agents.get(config.agent.id));
  const source = field('data.options', () => data.make(dataSection.id, dataSection.options));
  const model = field('agent.options', () =>
    agents.makeLearner(config.agent.id, { options: config.agent.options, rng: rng.child('agent'), data: source, backend: services.backend() }),
  );
  return { kind: 'data', source, model };
}

/** Runs `build`, prefixing a ConfigError's message with the config field it concerns. */
function field<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError && !error.message.startsWith(`${path}:`)) {
      const wrapped = new ConfigError(`${path}: ${error.message}`);
      wrapped.cause = error;
      throw wrapped;
    }
    throw error;
  }
}

/** How the experiment drives the loop. */
export interface LoopParams {
  readonly rng: Rng;
  readonly signal: AbortSignal;
  /** Writes a checkpoint; `kind` says whether it is on the `checkpoint.every` schedule. */
  readonly save: (step: number, state: StateSnapshot, kind: CheckpointKind) => string;
  readonly resume?: JsonObject;
  readonly scheduler: SchedulerLike;
  readonly clock: Clock;
  readonly chunkSize?: number;
  readonly onTiming: (event: TimingEvent) => void;
}

/**
 * The loop Observable for a task: `interact` for env runs, `fit` for data runs, with the
 * config's budget, evaluation, stop rule and checkpoints. A checkpoint's state nests the
 * model's snapshot (`agent`) and the loop's (`loop`); `resume` is such a state's json.
 */
export function taskLoop(task: ExperimentTask, config: ExperimentConfig, params: LoopParams): Observable<LoopEvent> {
  const common = {
    rng: params.rng,
    signal: params.signal,
    scheduler: params.scheduler,
    clock: params.clock,
    onTiming: params.onTiming,
    ...(params.chunkSize === undefined ? {} : { chunkSize: params.chunkSize }),
  };
  const snapshot = (loop: InteractState | FitState): StateSnapshot => nestSnapshots({ agent: task.model.getState(), loop: { json: loop as JsonObject, tensors: {} } });
  // Without checkpoint.every only the final checkpoint is written.
  const checkpoint = {
    ...(config.checkpoint.every === undefined ? {} : { every: config.checkpoint.every }),
    atEnd: true,
    save: (step: number, loop: InteractState | FitState, kind: CheckpointKind) => params.save(step, snapshot(loop), kind),
  };
  if (task.kind === 'env') {
    return interact(task.env, task.model, {
      ...common,
      budget: { steps: config.train.steps! },
      ...(config.eval.every === undefined ? {} : { eval: { every: config.eval.every, episodes: config.eval.episodes, env: task.evalEnv } }),
      ...(config.stop.meanReturn === undefined ? {} : { stop: { meanReturn: config.stop.meanReturn } }),
      checkpoint,
      ...(params.resume === undefined ? {} : { resume: params.resume as unknown as InteractState }),
    });
  }
  const { metric, atLeast, atMost } = config.stop;
  return fit(task.source, task.model, {
    ...common,
    budget: { epochs: config.train.epochs! },
    batchSize: config.train.batchSize!,
    ...(config.eval.every === undefined ? {} : { eval: { every: config.eval.every } }),
    ...(metric === undefined ? {} : { stop: atLeast !== undefined ? { metric, atLeast } : { metric, atMost: atMost! } }),
    checkpoint,
    ...(params.resume === undefined ? {} : { resume: params.resume as unknown as FitState }),
  });
}

/** Restores the model from a checkpoint state and returns the loop's part (for `resume`). */
export function restoreTask(task: ExperimentTask, state: StateSnapshot): JsonObject {
  task.model.setState(pickSnapshot(state, 'agent'));
  return pickSnapshot(state, 'loop').json;
}

/**
 * The closing evaluation of a run: `config.eval.episodes` greedy episodes on the evaluation env
 * (seeded from `rng`), or the learner's held-out metrics.
 */
export function finalEvaluation(task: ExperimentTask, config: ExperimentConfig, step: number, rng: Rng): EvalEvent {
  if (task.kind === 'env') {
    const episodes = config.eval.episodes;
    const result = evaluate(task.model, task.evalEnv, { episodes, seed: rng.int(0x80000000) });
    return { type: 'eval', step, meanReturn: result.meanReturn, stdReturn: result.stdReturn, episodes };
  }
  return { type: 'eval', step, metrics: task.model.evaluate(task.source, rng) };
}

/** The step budget (env steps or batches) for progress display. */
export function totalSteps(task: ExperimentTask, config: ExperimentConfig): number {
  if (task.kind === 'env') return config.train.steps!;
  return config.train.epochs! * batchesPerEpoch(task.source.train.size, config.train.batchSize!);
}

/** A short label of what is trained on what, for titles: `q-learning on toy/GridWorld-v0`. */
export function taskLabel(config: ExperimentConfig): string {
  return `${config.agent.id} on ${config.env?.id ?? config.data!.id}`;
}
