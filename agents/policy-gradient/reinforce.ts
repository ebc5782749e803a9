// REINFORCE: R. J. Williams, "Simple Statistical Gradient-Following Algorithms for Connectionist
// Reinforcement Learning", Machine Learning 8, 229-256 (1992); with the learned state-value
// baseline and reward-to-go of Sutton & Barto, Reinforcement Learning: An Introduction (2nd
// ed.), sec. 13.3-13.4.
//
// Monte Carlo policy gradient over whole episodes. Once `episodesPerUpdate` episodes have
// finished (over all env copies), one gradient step on
//
//   A_t = G_t - V(s_t)          (rewardToGo; G_t = sum_k gamma^k r_{t+k}; without it, G_0)
//   L   = -mean_t log pi(a_t | s_t) A_t + vfCoef * mean_t (G_t - V(s_t))^2 - entCoef * entropy
//
// where V is dropped (A_t = G_t) without a baseline; advantages are optionally standardized.
// The gamma^t factor of the exact episodic gradient is left out, as in common practice.
// A truncated (time-limit) episode bootstraps its returns from V(final observation) when there
// is a baseline; without one it is scored as if it had ended there.
//
// With several env copies, episodes still in progress at an update keep their earlier steps,
// sampled by the previous policy (each step is used once, in the update after its episode
// ends); with one env copy every update is exactly on-policy.

import { requireEnv, type AgentEnvInfo, type AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Agent, Metrics, Transition } from '../../src/agent/agent.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import type { Schedule } from '../../src/agent/schedule.js';
import { nestSnapshots, pickSnapshot, rngStateFromJson, rngStateToJson, snapshotNumber, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import { ConfigError, NonFiniteError } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import { Adam } from '../../src/optim/adam.js';
import type { Rng } from '../../src/random/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { ActorCriticPolicy } from './actor-critic-policy.js';
import { EpisodeStore } from './episode-store.js';
import { modelSnapshot, restoreModel } from './model-state.js';
import { policyGradientLoss, valueLoss } from './pg-losses.js';
import { PolicyActions, type PolicyAction } from './policy-actions.js';
import { checkPolicyNetOptions, POLICY_NET_DEFAULTS, type PolicyNetOptions } from './policy-options.js';
import { normalizeAdvantages } from './rollout-statistics.js';
import { hyperparameterSchedule, type ScheduleKind } from './schedule-option.js';

/** Options of {@link ReinforceAgent}; every field has a default ({@link REINFORCE_DEFAULTS}). */
export interface ReinforceOptions extends PolicyNetOptions {
  /** Discount factor in [0, 1]. Default 0.99. */
  readonly gamma: number;
  /** Finished episodes per gradient step. Default 4. */
  readonly episodesPerUpdate: number;
  /** Weight each step by its reward-to-go G_t (true) or by its episode's whole return G_0 (Williams' original). Default true. */
  readonly rewardToGo: boolean;
  /** Subtract a learned V(s_t) from the returns (a separate critic network). Default true. */
  readonly baseline: boolean;
  /** Standardize the advantages of each update. Default true. */
  readonly normalizeAdvantage: boolean;
  /** Weight of the baseline's squared error in the loss. Default 0.5. */
  readonly vfCoef: number;
  /** Weight of the entropy bonus. Default 0. */
  readonly entCoef: number;
  /** Adam's (initial) learning rate. Default 1e-3. */
  readonly learningRate: number;
  /** `constant`, or `linear` decay to 0 at `totalTimesteps`. Default 'constant'. */
  readonly learningRateSchedule: ScheduleKind;
  /** Training horizon in env steps for a linear schedule; 0 = none. Default 0. */
  readonly totalTimesteps: number;
  /** Clip the global gradient norm to this (0: off). Default 0. */
  readonly maxGradNorm: number;
}

/** The defaults of {@link ReinforceOptions} (64-64 tanh networks, orthogonal init). */
export const REINFORCE_DEFAULTS: ReinforceOptions = Object.freeze({
  ...POLICY_NET_DEFAULTS,
  gamma: 0.99,
  episodesPerUpdate: 4,
  rewardToGo: true,
  baseline: true,
  normalizeAdvantage: true,
  vfCoef: 0.5,
  entCoef: 0,
  learningRate: 1e-3,
  learningRateSchedule: 'constant',
  totalTimesteps: 0,
  maxGradNorm: 0,
});

/**
 * REINFORCE (optionally with a learned baseline and reward-to-go) for Discrete or Box actions,
 * on one env or a `VectorEnv`. Action sampling and evaluation behave as in A2C / PPO (Box
 * samples are clipped only on their way to the env; `predict` is the policy's mode).
 *
 * @example
 * ```ts
 * const agent = new ReinforceAgent({ observationSpace, actionSpace, numEnvs: 1 }, rng.child('agent'), backend, { episodesPerUpdate: 8 });
 * interact(registry.make('CartPole-v1'), agent, { budget: { steps: 200_000 } }).subscribe();
 * ```
 */
export class ReinforceAgent implements Agent<Float32Array, PolicyAction> {
  readonly options: ReinforceOptions;
  private readonly graph: Graph;
  private readonly policy: ActorCriticPolicy;
  private readonly actions: PolicyActions;
  private readonly optimizer: Adam;
  private readonly store: EpisodeStore;
  private readonly learningRateSchedule: Schedule;
  private learningRate: number;
  private numTimesteps = 0;
  private numUpdates = 0;
  private lastActions: PolicyAction[] | null = null;

  constructor(
    env: AgentEnvInfo,
    private readonly rng: Rng,
    backend?: KernelBackend,
    options: Partial<ReinforceOptions> = {},
  ) {
    const o = mergeOptions('reinforce', REINFORCE_DEFAULTS, options);
    checkPolicyNetOptions('reinforce', o);
    if (!(o.gamma >= 0 && o.gamma <= 1)) throw new ConfigError(`reinforce: gamma must lie in [0, 1], got ${o.gamma}`);
    if (!Number.isSafeInteger(o.episodesPerUpdate) || o.episodesPerUpdate <= 0) throw new ConfigError(`reinforce: episodesPerUpdate must be a positive integer, got ${o.episodesPerUpdate}`);
    for (const [field, value] of [['vfCoef', o.vfCoef], ['entCoef', o.entCoef], ['maxGradNorm', o.maxGradNorm]] as const) {
      if (!(Number.isFinite(value) && value >= 0)) throw new ConfigError(`reinforce: ${field} must be a finite number >= 0, got ${value}`);
    }
    this.options = o;
    this.graph = new Graph(backend ?? new JsBackend());
    this.policy = new ActorCriticPolicy(env.observationSpace, env.actionSpace, o, rng.child('init'), o.baseline);
    this.actions = new PolicyActions(env.actionSpace);
    this.store = new EpisodeStore({ numEnvs: env.numEnvs, observationSize: this.policy.observationSize, actionShape: this.policy.distribution.actionShape });
    this.learningRateSchedule = hyperparameterSchedule('reinforce', 'learningRate', o.learningRate, o.learningRateSchedule, o.totalTimesteps);
    this.learningRate = this.learningRateSchedule(0);
    this.optimizer = new Adam(this.policy.namedParams(), { lr: () => this.learningRate, ...(o.maxGradNorm > 0 ? { maxGradNorm: o.maxGradNorm } : {}) });
  }

  act(observations: readonly Float32Array[]): PolicyAction[] {
    const { actions } = this.policy.sample(this.graph, this.actions.stack(observations, this.policy.observationSize), this.rng);
    this.lastActions = this.actions.rows(actions, observations.length);
    return this.actions.toEnv(actions, observations.length);
  }

  predict(observation: Float32Array): PolicyAction {
    return this.actions.toEnv(this.policy.mode(this.graph, this.actions.stack([observation], this.policy.observationSize)), 1)[0]!;
  }

  observe(transition: Transition<Float32Array, PolicyAction>): Metrics | undefined {
    const sampled = this.lastActions;
    if (sampled === null || sampled.length !== transition.observations.length) throw new ConfigError('ReinforceAgent.observe needs the preceding act() of the same env copies');
    this.lastActions = null;
    const { gamma, baseline, episodesPerUpdate } = this.options;
    for (let i = 0; i < transition.observations.length; i++) {
      this.store.append(i, transition.observations[i]!, sampled[i]!, transition.rewards[i]!);
      const terminated = transition.terminated[i] === true;
      if (!terminated && transition.truncated[i] !== true) continue;
      const bootstrap = !terminated && baseline ? this.policy.predictValues(this.graph, transition.nextObservations[i]!)[0]! : 0;
      this.store.finish(i, gamma, bootstrap);
    }
    this.numTimesteps += transition.observations.length;
    return this.store.episodes >= episodesPerUpdate ? this.update() : undefined;
  }

  /** Copies of the policy's params by path. */
  weights(): Record<string, Float32Array> {
    const out: Record<string, Float32Array> = {};
    for (const [name, p] of Object.entries(this.policy.namedParams())) out[name] = p.value.data.slice();
    return out;
  }

  getState(): StateSnapshot {
    return nestSnapshots({
      reinforce: { json: { numTimesteps: this.numTimesteps, numUpdates: this.numUpdates, rng: rngStateToJson(this.rng) }, tensors: {} },
      episodes: this.store.getState(),
      model: modelSnapshot(this.policy.namedParams(), this.optimizer, {}),
    });
  }

  setState(state: StateSnapshot): void {
    const own = pickSnapshot(state, 'reinforce');
    const where = 'ReinforceAgent.setState';
    const numTimesteps = snapshotNumber(own.json, 'numTimesteps', where);
    const numUpdates = snapshotNumber(own.json, 'numUpdates', where);
    const rng = rngStateFromJson(own.json.rng, `${where} rng`);
    this.store.setState(pickSnapshot(state, 'episodes'));
    restoreModel(pickSnapshot(state, 'model'), this.policy.namedParams(), this.optimizer, where);
    this.numTimesteps = numTimesteps;
    this.numUpdates = numUpdates;
    this.rng.setState(rng);
    this.lastActions = null;
  }

  /** One gradient step on the finished episodes, which it then drops. */
  private update(): Metrics {
    const { rewardToGo, baseline, normalizeAdvantage, vfCoef, entCoef } = this.options;
    const g = this.graph;
    const batch = this.store.batch();
    const episodes = this.store.episodes;
    this.store.clearBatch();
    this.learningRate = this.learningRateSchedule(this.numTimesteps);
    const weights = rewardToGo ? batch.returns : batch.episodeReturns;
    this.optimizer.zeroGrad();
    const { logProb, entropy, values } = this.policy.evaluateActions(g, batch.observations, batch.actions);
    const advantages = weights.slice();
    if (values !== null) for (let i = 0; i < advantages.length; i++) advantages[i]! -= values.value.data[i]!;
    if (normalizeAdvantage) normalizeAdvantages(advantages);
    const policyLoss = policyGradientLoss(g, logProb, new Tensor([advantages.length], advantages));
    let loss = policyLoss;
    const vfLoss = baseline && values !== null ? valueLoss(g, values, new Tensor([batch.returns.length], batch.returns)) : null;
    if (vfLoss !== null) loss = g.add(loss, g.scale(vfLoss, vfCoef));
    if (entCoef !== 0) loss = g.sub(loss, g.scale(entropy, entCoef));
    const value = loss.item();
    if (!Number.isFinite(value)) throw new NonFiniteError(`reinforce: loss is ${value} at env step ${this.numTimesteps}; lower the learning rate or check the rewards`);
    g.backward(loss);
    this.optimizer.step();
    this.numUpdates++;
    return {
      policyLoss: policyLoss.item(),
      ...(vfLoss === null ? {} : { valueLoss: vfLoss.item() }),
      entropyLoss: -entropy.item(),
      loss: value,
      episodes,
      batchSteps: batch.returns.length,
      learningRate: this.learningRate,
    };
  }
}

/**
 * Registers REINFORCE as `reinforce`.
 *
 * @example
 * ```ts
 * agents.register(reinforceRegistration);
 * agents.makeAgent('reinforce', { rng, env, backend, options: { baseline: false } });
 * ```
 */
export const reinforceRegistration: AgentRegistration<ReinforceOptions> = {
  id: 'reinforce',
  description: 'REINFORCE (Williams, 1992): Monte Carlo policy gradient with optional learned baseline and reward-to-go; Discrete or Box actions.',
  defaults: REINFORCE_DEFAULTS,
  create: (context) => new ReinforceAgent(requireEnv(context), context.rng, context.backend, context.options),
};
