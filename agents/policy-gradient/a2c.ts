// Advantage Actor-Critic: V. Mnih, A. P. Badia, M. Mirza, A. Graves, T. Lillicrap, T. Harley,
// D. Silver and K. Kavukcuoglu, "Asynchronous Methods for Deep Reinforcement Learning",
// ICML 2016 (arXiv:1602.01783), in its synchronous form (A2C) over a vector of env copies, as
// Stable-Baselines3 implements it.
//
// Per rollout of nSteps x numEnvs transitions (OnPolicyAgent computes the advantages: with
// gaeLambda = 1, the default, they are the paper's n-step returns bootstrapped from V at the
// rollout's end minus V(s); gaeLambda < 1 gives GAE):
//
//   L = -mean(log pi(a|s) A) - entCoef * entropy + vfCoef * mean (R - V(s))^2
//
// one optimizer step on the whole rollout: RMSProp (alpha 0.99, eps 1e-5, as SB3) or Adam,
// with the global gradient norm clipped to maxGradNorm.

import { requireEnv, type AgentEnvInfo, type AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import type { RolloutBuffer } from '../../src/agent/rollout-buffer.js';
import { ConfigError, NonFiniteError } from '../../src/errors.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import { Adam } from '../../src/optim/adam.js';
import { RMSProp } from '../../src/optim/rmsprop.js';
import type { Rng } from '../../src/random/rng.js';
import { ActorCriticAgent, type ActorCriticOptions } from './actor-critic-agent.js';
import { explainedVariance, normalizeAdvantages } from './rollout-statistics.js';
import { policyGradientLoss, valueLoss } from './pg-losses.js';
import { POLICY_NET_DEFAULTS } from './policy-options.js';

/** Options of {@link A2cAgent}; every field has a default ({@link A2C_DEFAULTS}, SB3's). */
export interface A2cOptions extends ActorCriticOptions {
  /** RMSProp (true, SB3's default) or Adam (false). Default true. */
  readonly useRmsProp: boolean;
  /** RMSProp's epsilon (added to the root of the average). Default 1e-5. */
  readonly rmsPropEps: number;
  /** RMSProp's decay of the squared-gradient average. Default 0.99. */
  readonly rmsPropAlpha: number;
  /** Adam's epsilon when `useRmsProp` is false. Default 1e-5. */
  readonly adamEps: number;
}

/**
 * The defaults of {@link A2cOptions}: SB3's A2C (nSteps 5, gamma 0.99, gaeLambda 1, entCoef 0,
 * vfCoef 0.5, maxGradNorm 0.5, RMSProp lr 7e-4 alpha 0.99 eps 1e-5, advantages not
 * normalized) with its MlpPolicy (separate 64-64 tanh actor and critic, orthogonal init).
 */
export const A2C_DEFAULTS: A2cOptions = Object.freeze({
  ...POLICY_NET_DEFAULTS,
  nSteps: 5,
  gamma: 0.99,
  gaeLambda: 1,
  entCoef: 0,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  normalizeAdvantage: false,
  learningRate: 7e-4,
  learningRateSchedule: 'constant',
  totalTimesteps: 0,
  useRmsProp: true,
  rmsPropEps: 1e-5,
  rmsPropAlpha: 0.99,
  adamEps: 1e-5,
  normalizeObservation: false,
  normalizeReward: false,
  clipObservation: 10,
  clipReward: 10,
});

/**
 * Synchronous advantage actor-critic for Discrete or Box actions, on one env or a `VectorEnv`.
 *
 * @example
 * ```ts
 * const venv = VectorEnv.fromFactory(8, () => registry.make<Float32Array, number>('CartPole-v1'));
 * const agent = new A2cAgent({ observationSpace: venv.singleObservationSpace, actionSpace: venv.singleActionSpace, numEnvs: 8 },
 *   rng.child('agent'), backend);
 * interact(venv, agent, { budget: { steps: 500_000 }, rng: rng.child('loop') }).subscribe();
 * ```
 */
export class A2cAgent extends ActorCriticAgent {
  readonly options: A2cOptions;

  constructor(env: AgentEnvInfo, rng: Rng, backend?: KernelBackend, options: Partial<A2cOptions> = {}) {
    const o = mergeOptions('a2c', A2C_DEFAULTS, options);
    if (!(o.rmsPropEps > 0) || !(o.adamEps > 0)) throw new ConfigError(`a2c: rmsPropEps and adamEps must be positive, got ${o.rmsPropEps}, ${o.adamEps}`);
    if (!(o.rmsPropAlpha >= 0 && o.rmsPropAlpha < 1)) throw new ConfigError(`a2c: rmsPropAlpha must lie in [0, 1), got ${o.rmsPropAlpha}`);
    super(env, rng, backend, o, 'a2c', (params, lr) => {
      const clip = o.maxGradNorm > 0 ? { maxGradNorm: o.maxGradNorm } : {};
      return o.useRmsProp ? new RMSProp(params, { lr, alpha: o.rmsPropAlpha, eps: o.rmsPropEps, ...clip }) : new Adam(params, { lr, eps: o.adamEps, ...clip });
    });
    this.options = o;
  }

  protected train(rollout: RolloutBuffer): Metrics {
    const { entCoef, vfCoef, normalizeAdvantage } = this.options;
    const g = this.graph;
    const learningRate = this.beginUpdate();
    // The whole rollout in order: one gradient step, nothing to shuffle.
    const batch = rollout.gather(Int32Array.from({ length: rollout.size }, (_, i) => i));
    const advantages = batch.advantages;
    if (normalizeAdvantage) normalizeAdvantages(advantages.data);
    this.optimizer.zeroGrad();
    const { logProb, entropy, values } = this.policy.evaluateActions(g, batch.observations, batch.actions);
    const policyLoss = policyGradientLoss(g, logProb, advantages);
    const vfLoss = valueLoss(g, values!, batch.returns);
    let loss = g.add(policyLoss, g.scale(vfLoss, vfCoef));
    if (entCoef !== 0) loss = g.sub(loss, g.scale(entropy, entCoef));
    const value = loss.item();
    if (!Number.isFinite(value)) throw new NonFiniteError(`a2c: loss is ${value} at env step ${this.timesteps}; lower the learning rate or check the rewards`);
    g.backward(loss);
    this.optimizer.step();
    const explained = explainedVariance(batch.values.data, batch.returns.data);
    return {
      policyLoss: policyLoss.item(),
      valueLoss: vfLoss.item(),
      entropyLoss: -entropy.item(),
      loss: value,
      ...(Number.isFinite(explained) ? { explainedVariance: explained } : {}),
      learningRate,
    };
  }
}

/**
 * Registers A2C as `a2c`.
 *
 * @example
 * ```ts
 * agents.register(a2cRegistration);
 * agents.makeAgent('a2c', { rng, env, backend, options: { nSteps: 8 } });
 * ```
 */
export const a2cRegistration: AgentRegistration<A2cOptions> = {
  id: 'a2c',
  description: 'Synchronous advantage actor-critic (Mnih et al., 2016): n-step returns or GAE, RMSProp; Discrete or Box actions.',
  defaults: A2C_DEFAULTS,
  create: (context) => new A2cAgent(requireEnv(context), context.rng, context.backend, context.options),
};
