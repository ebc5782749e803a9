import type { AgentEnvInfo } from '../../src/agent/agent-registry.js';
import type { Metrics, Transition } from '../../src/agent/agent.js';
import { OnPolicyAgent, type OnPolicyEnv, type PolicyStep } from '../../src/agent/on-policy-agent.js';
import type { RolloutBuffer } from '../../src/agent/rollout-buffer.js';
import type { Schedule } from '../../src/agent/schedule.js';
import type { JsonObject, StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import { ConfigError } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import type { NamedParams } from '../../src/nn/param.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import type { Rng } from '../../src/random/rng.js';
import { ActorCriticPolicy } from './actor-critic-policy.js';
import { PolicyActions, type PolicyAction } from './policy-actions.js';
import { modelSnapshot, restoreModel } from './model-state.js';
import { checkPolicyNetOptions, type PolicyNetOptions } from './policy-options.js';
import { hyperparameterSchedule, type ScheduleKind } from './schedule-option.js';
import { VecNormalize } from './vec-normalize.js';

/**
 * The options A2C and PPO share (SB3's names, camelCased); each agent documents its defaults.
 */
export interface ActorCriticOptions extends PolicyNetOptions {
  /** Vector steps per rollout (SB3 `n_steps`); a rollout holds `nSteps * numEnvs` transitions. */
  readonly nSteps: number;
  /** Discount factor in [0, 1]. */
  readonly gamma: number;
  /** GAE lambda in [0, 1]; 1 gives plain n-step returns (bootstrapped at the rollout's end). */
  readonly gaeLambda: number;
  /** Weight of the entropy bonus in the loss. */
  readonly entCoef: number;
  /** Weight of the value loss in the loss. */
  readonly vfCoef: number;
  /** Clip the global gradient norm to this before each step (0 turns clipping off). */
  readonly maxGradNorm: number;
  /** Standardize advantages (per minibatch for PPO, per rollout for A2C). */
  readonly normalizeAdvantage: boolean;
  /** The (initial) learning rate. */
  readonly learningRate: number;
  /** `constant`, or `linear` decay to 0 at `totalTimesteps` (rl-zoo's `lin_<lr>`). */
  readonly learningRateSchedule: ScheduleKind;
  /** Training horizon in env steps for linear schedules (set it to the run's budget); 0 = none. */
  readonly totalTimesteps: number;
  /** Normalize observations with running statistics (SB3 `VecNormalize(norm_obs=True)`); saved in the agent state. */
  readonly normalizeObservation: boolean;
  /** Scale rewards by the running std of the discounted return (SB3 `VecNormalize(norm_reward=True)`). */
  readonly normalizeReward: boolean;
  /** Normalized observations are clipped to +/- this. */
  readonly clipObservation: number;
  /** Scaled rewards are clipped to +/- this. */
  readonly clipReward: number;
}

/** Builds the optimizer of an actor-critic agent over its params; `lr` reads the scheduled rate. */
export type OptimizerFactory = (params: NamedParams, lr: () => number) => Optimizer;

/**
 * The part of A2C and PPO that is not their update rule, on top of {@link OnPolicyAgent} (which
 * owns the rollout, GAE and truncation bootstrapping): the {@link ActorCriticPolicy}, the
 * optimizer and its scheduled learning rate, SB3-style observation / reward normalization
 * ({@link VecNormalize}), action conversion, evaluation and state. A subclass writes `train`.
 *
 * Actions: Discrete actions go to the env as `start + index`; Box actions are sampled from
 * the Gaussian and clipped into the space's bounds only on their way to the env, while the
 * rollout stores (and the loss scores) the unclipped sample, as SB3 does. `predict` returns
 * the mode (argmax, or the clipped mean) of the policy on normalized observations with frozen
 * statistics, and draws nothing.
 *
 * Random draws: action sampling and minibatch shuffles use the agent's `rng` (saved by the
 * base); initial weights come from its child `'init'`.
 *
 * @example
 * ```ts
 * class MyPg extends ActorCriticAgent {
 *   protected train(rollout: RolloutBuffer): Metrics {
 *     this.beginUpdate();
 *     const batch = rollout.gather(...);
 *     ...
 *   }
 * }
 * ```
 */
export abstract class ActorCriticAgent extends OnPolicyAgent<Float32Array, PolicyAction> {
  protected readonly graph: Graph;
  protected readonly policy: ActorCriticPolicy;
  protected readonly optimizer: Optimizer;
  protected readonly normalizer: VecNormalize;
  /** The learning rate of the current update (set by {@link ActorCriticAgent.beginUpdate}). */
  protected learningRate: number;
  private readonly learningRateSchedule: Schedule;
  private readonly observationSize: number;
  private readonly actions: PolicyActions;
  /** The normalized observations and raw sampled actions of the last `act`, for `observe`. */
  private lastObservations: Float32Array[] = [];
  private lastActions: PolicyAction[] = [];

  constructor(
    env: AgentEnvInfo,
    rng: Rng,
    backend: KernelBackend | undefined,
    protected readonly common: ActorCriticOptions,
    where: string,
    makeOptimizer: OptimizerFactory,
  ) {
    checkActorCriticOptions(where, common);
    super(env as OnPolicyEnv<Float32Array, PolicyAction>, rng, { numSteps: common.nSteps, gamma: common.gamma, gaeLambda: common.gaeLambda });
    this.graph = new Graph(backend ?? new JsBackend());
    this.policy = new ActorCriticPolicy(env.observationSpace, env.actionSpace, common, rng.child('init'));
    this.observationSize = this.policy.observationSize;
    this.actions = new PolicyActions(env.actionSpace);
    this.normalizer = new VecNormalize({
      observationSize: this.observationSize,
      numEnvs: env.numEnvs,
      normalizeObservation: common.normalizeObservation,
      normalizeReward: common.normalizeReward,
      gamma: common.gamma,
      clipObservation: common.clipObservation,
      clipReward: common.clipReward,
    });
    this.learningRateSchedule = hyperparameterSchedule(where, 'learningRate', common.learningRate, common.learningRateSchedule, common.totalTimesteps);
    this.learningRate = this.learningRateSchedule(0);
    this.optimizer = makeOptimizer(this.policy.namedParams(), () => this.learningRate);
  }

  /** Env steps observed so far. */
  get timesteps(): number {
    return this.numTimesteps;
  }

  /** Copies of the policy's params by path (for tests and transfer). */
  weights(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [name, p] of Object.entries(this.policy.namedParams())) out[name] = p.value.data.slice();
    return out;
  }

  override act(observations: readonly Float32Array[]): PolicyAction[] {
    const normalized = this.normalizer.observations(this.stack(observations), true);
    this.lastObservations = this.rows(normalized, observations.length);
    return super.act(this.lastObservations);
  }

  /**
   * Stores the transition with the normalized observations the policy saw, the scaled rewards
   * and the unclipped actions it sampled, then lets the base collect / train.
   */
  override observe(transition: Transition<Float32Array, PolicyAction>): Metrics | undefined {
    const n = transition.observations.length;
    if (this.lastObservations.length !== n) throw new ConfigError(`${this.constructor.name}.observe: got ${n} observations, the last act() had ${this.lastObservations.length}`);
    const dones = transition.terminated.map((t, i) => t || transition.truncated[i] === true);
    const next = this.normalizer.options.normalizeObservation
      ? this.rows(this.normalizer.observations(this.stack(transition.nextObservations), false), n)
      : transition.nextObservations;
    return super.observe({
      ...transition,
      observations: this.lastObservations,
      nextObservations: next,
      actions: this.lastActions,
      rewards: this.normalizer.rewards(transition.rewards, dones),
    });
  }

  protected policyStep(observations: readonly Float32Array[]): PolicyStep<PolicyAction> {
    const { actions, logProbs, values } = this.policy.sample(this.graph, this.stack(observations), this.rng);
    this.lastActions = this.actions.rows(actions, observations.length);
    return { actions: this.actions.toEnv(actions, observations.length), values, logProbs };
  }

  protected predictValues(observations: readonly Float32Array[]): Float32Array {
    return this.policy.predictValues(this.graph, this.stack(observations));
  }

  protected greedyAction(observation: Float32Array): PolicyAction {
    const normalized = this.normalizer.observations(this.stack([observation]), false);
    return this.actions.toEnv(this.policy.mode(this.graph, normalized), 1)[0]!;
  }

  /** Sets the learning rate for the update about to run from the env step count; returns it. */
  protected beginUpdate(): number {
    this.learningRate = this.learningRateSchedule(this.numTimesteps);
    return this.learningRate;
  }

  protected getModelState(): StateSnapshot {
    return modelSnapshot(this.policy.namedParams(), this.optimizer, { normalizer: this.normalizer.getState() });
  }

  protected setModelState(state: StateSnapshot): void {
    const extra = restoreModel(state, this.policy.namedParams(), this.optimizer, `${this.constructor.name}.setState`);
    this.normalizer.setState(extra.normalizer as JsonObject);
  }

  protected abstract override train(rollout: RolloutBuffer): Metrics;

  private stack(observations: readonly Float32Array[]): Float32Array {
    return this.actions.stack(observations, this.observationSize);
  }

  private rows(batch: Float32Array, n: number): Float32Array[] {
    const size = batch.length / n;
    return Array.from({ length: n }, (_, i) => batch.subarray(i * size, (i + 1) * size));
  }
}

function checkActorCriticOptions(where: string, o: ActorCriticOptions): void {
  checkPolicyNetOptions(where, o);
  if (!Number.isSafeInteger(o.nSteps) || o.nSteps <= 0) throw new ConfigError(`${where}: nSteps must be a positive integer, got ${o.nSteps}`);
  for (const [field, value] of [['gamma', o.gamma], ['gaeLambda', o.gaeLambda]] as const) {
    if (!(value >= 0 && value <= 1)) throw new ConfigError(`${where}: ${field} must lie in [0, 1], got ${value}`);
  }
  for (const [field, value] of [['entCoef', o.entCoef], ['vfCoef', o.vfCoef], ['maxGradNorm', o.maxGradNorm], ['clipObservation', o.clipObservation], ['clipReward', o.clipReward]] as const) {
    if (!(Number.isFinite(value) && value >= 0)) throw new ConfigError(`${where}: ${field} must be a finite number >= 0, got ${value}`);
  }
  if (!Number.isSafeInteger(o.totalTimesteps) || o.totalTimesteps < 0) throw new ConfigError(`${where}: totalTimesteps must be a non-negative integer, got ${o.totalTimesteps}`);
}
