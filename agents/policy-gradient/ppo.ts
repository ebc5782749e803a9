// Proximal Policy Optimization: J. Schulman, F. Wolski, P. Dhariwal, A. Radford and O. Klimov,
// "Proximal Policy Optimization Algorithms", arXiv:1707.06347 (2017); with Generalized Advantage
// Estimation (Schulman et al. 2016, arXiv:1506.02438). Follows Stable-Baselines3's PPO.
//
// Per rollout of nSteps x numEnvs transitions (collected by OnPolicyAgent, which also computes
// GAE(lambda) advantages A and value targets R = A + V_old), for nEpochs epochs over shuffled
// minibatches of batchSize:
//
//   r      = exp(log pi(a|s) - log pi_old(a|s))
//   L_clip = -mean min(r A, clip(r, 1 - eps, 1 + eps) A)       (A standardized per minibatch)
//   L_vf   = mean (R - V(s))^2                                  (V optionally clipped around V_old)
//   L      = L_clip - entCoef * entropy + vfCoef * L_vf
//
// one Adam step per minibatch with the global gradient norm clipped to maxGradNorm. Training
// stops early for this rollout when the approximate KL divergence
// mean((r - 1) - log r) exceeds 1.5 * targetKl (checked before the step, as SB3 does).

import { requireEnv, type AgentEnvInfo, type AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import type { RolloutBuffer } from '../../src/agent/rollout-buffer.js';
import type { Schedule } from '../../src/agent/schedule.js';
import { ConfigError, NonFiniteError } from '../../src/errors.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import { Adam } from '../../src/optim/adam.js';
import type { Rng } from '../../src/random/rng.js';
import { ActorCriticAgent, type ActorCriticOptions } from './actor-critic-agent.js';
import { explainedVariance, normalizeAdvantages } from './rollout-statistics.js';
import { clippedSurrogateLoss, valueLoss } from './pg-losses.js';
import { POLICY_NET_DEFAULTS } from './policy-options.js';
import { hyperparameterSchedule, type ScheduleKind } from './schedule-option.js';

/** Options of {@link PpoAgent}; every field has a default ({@link PPO_DEFAULTS}, SB3's). */
export interface PpoOptions extends ActorCriticOptions {
  /** Minibatch size (SB3 `batch_size`). Default 64. */
  readonly batchSize: number;
  /** Passes over each rollout (SB3 `n_epochs`). Default 10. */
  readonly nEpochs: number;
  /** The (initial) clipping range eps of the surrogate. Default 0.2. */
  readonly clipRange: number;
  /** `constant`, or `linear` decay to 0 at `totalTimesteps` (rl-zoo's `lin_0.2`). Default 'constant'. */
  readonly clipRangeSchedule: ScheduleKind;
  /** Clip new values to within this of the rollout's values in the value loss; null: no clipping. Default null. */
  readonly clipRangeVf: number | null;
  /** Stop a rollout's epochs once the approximate KL exceeds 1.5 * targetKl; null: never. Default null. */
  readonly targetKl: number | null;
  /** Adam's epsilon (SB3 uses 1e-5 for on-policy agents). Default 1e-5. */
  readonly adamEps: number;
}

/**
 * The defaults of {@link PpoOptions}: SB3's PPO (nSteps 2048, batchSize 64, nEpochs 10, gamma
 * 0.99, gaeLambda 0.95, clipRange 0.2, normalized advantages, entCoef 0, vfCoef 0.5,
 * maxGradNorm 0.5, Adam lr 3e-4) with its MlpPolicy (separate 64-64 tanh actor and critic,
 * orthogonal init); no observation or reward normalization.
 */
export const PPO_DEFAULTS: PpoOptions = Object.freeze({
  ...POLICY_NET_DEFAULTS,
  nSteps: 2048,
  batchSize: 64,
  nEpochs: 10,
  gamma: 0.99,
  gaeLambda: 0.95,
  clipRange: 0.2,
  clipRangeSchedule: 'constant',
  clipRangeVf: null,
  normalizeAdvantage: true,
  entCoef: 0,
  vfCoef: 0.5,
  maxGradNorm: 0.5,
  targetKl: null,
  learningRate: 3e-4,
  learningRateSchedule: 'constant',
  totalTimesteps: 0,
  adamEps: 1e-5,
  normalizeObservation: false,
  normalizeReward: false,
  clipObservation: 10,
  clipReward: 10,
});

/**
 * PPO with the clipped surrogate objective, for Discrete (categorical policy) or Box (diagonal
 * Gaussian policy) actions, on one env or a `VectorEnv`.
 *
 * @example
 * ```ts
 * const venv = VectorEnv.fromFactory(8, () => registry.make<Float32Array, number>('CartPole-v1'));
 * const agent = new PpoAgent({ observationSpace: venv.singleObservationSpace, actionSpace: venv.singleActionSpace, numEnvs: 8 },
 *   rng.child('agent'), backend, { nSteps: 32, batchSize: 256, nEpochs: 20, gamma: 0.98, gaeLambda: 0.8,
 *   learningRate: 1e-3, learningRateSchedule: 'linear', clipRangeSchedule: 'linear', totalTimesteps: 100_000 });
 * interact(venv, agent, { budget: { steps: 100_000 }, rng: rng.child('loop') }).subscribe();
 * agent.predict(observation);   // the policy's most likely action
 * ```
 */
export class PpoAgent extends ActorCriticAgent {
  readonly options: PpoOptions;
  private readonly clipRangeSchedule: Schedule;

  constructor(env: AgentEnvInfo, rng: Rng, backend?: KernelBackend, options: Partial<PpoOptions> = {}) {
    const o = mergeOptions('ppo', PPO_DEFAULTS, options);
    if (!Number.isSafeInteger(o.batchSize) || o.batchSize <= 0) throw new ConfigError(`ppo: batchSize must be a positive integer, got ${o.batchSize}`);
    if (!Number.isSafeInteger(o.nEpochs) || o.nEpochs <= 0) throw new ConfigError(`ppo: nEpochs must be a positive integer, got ${o.nEpochs}`);
    for (const [field, value] of [['clipRangeVf', o.clipRangeVf], ['targetKl', o.targetKl]] as const) {
      if (value !== null && !(typeof value === 'number' && value > 0)) throw new ConfigError(`ppo: ${field} must be a positive number or null, got ${JSON.stringify(value)}`);
    }
    if (!(o.adamEps > 0)) throw new ConfigError(`ppo: adamEps must be positive, got ${o.adamEps}`);
    super(env, rng, backend, o, 'ppo', (params, lr) => new Adam(params, { lr, eps: o.adamEps, ...(o.maxGradNorm > 0 ? { maxGradNorm: o.maxGradNorm } : {}) }));
    this.options = o;
    this.clipRangeSchedule = hyperparameterSchedule('ppo', 'clipRange', o.clipRange, o.clipRangeSchedule, o.totalTimesteps);
  }

  protected train(rollout: RolloutBuffer): Metrics {
    const { nEpochs, batchSize, entCoef, vfCoef, clipRangeVf, targetKl, normalizeAdvantage } = this.options;
    const g = this.graph;
    const learningRate = this.beginUpdate();
    const clipRange = this.clipRangeSchedule(this.timesteps);
    const sums = { policyLoss: 0, valueLoss: 0, entropy: 0, approxKl: 0, clipFraction: 0, loss: 0 };
    let minibatches = 0;
    let epochs = 0;
    let stoppedEarly = false;
    for (; epochs < nEpochs && !stoppedEarly; epochs++) {
      for (const batch of rollout.minibatches(batchSize, this.rng)) {
        const advantages = batch.advantages;
        if (normalizeAdvantage) normalizeAdvantages(advantages.data);
        this.optimizer.zeroGrad();
        const { logProb, entropy, values } = this.policy.evaluateActions(g, batch.observations, batch.actions);
        const { loss: policyLoss, ratio } = clippedSurrogateLoss(g, logProb, batch.logProbs, advantages, clipRange);
        const vfLoss = valueLoss(g, values!, batch.returns, batch.values, clipRangeVf ?? undefined);
        let loss = g.add(policyLoss, g.scale(vfLoss, vfCoef));
        // An entCoef of 0 (the common setting) skips the entropy term's backward pass.
        if (entCoef !== 0) loss = g.sub(loss, g.scale(entropy, entCoef));

        const { approxKl, clipFraction } = ratioStatistics(ratio.value.data, clipRange);
        if (targetKl !== null && approxKl > 1.5 * targetKl) {
          stoppedEarly = true;
          break;
        }
        const value = loss.item();
        if (!Number.isFinite(value)) throw new NonFiniteError(`ppo: loss is ${value} at env step ${this.timesteps} (epoch ${epochs}); lower the learning rate or check the rewards`);
        g.backward(loss);
        this.optimizer.step();
        sums.policyLoss += policyLoss.item();
        sums.valueLoss += vfLoss.item();
        sums.entropy += entropy.item();
        sums.approxKl += approxKl;
        sums.clipFraction += clipFraction;
        sums.loss += value;
        minibatches++;
      }
    }
    const returns = rollout.returns;
    const advantages = rollout.advantages;
    const explained = explainedVariance(returns.map((r, i) => r - advantages[i]!), returns);
    // A rollout stopped by targetKl before its first step has no losses to report.
    const losses: Record<string, number> = minibatches === 0 ? {} : {
      policyLoss: sums.policyLoss / minibatches,
      valueLoss: sums.valueLoss / minibatches,
      entropyLoss: -sums.entropy / minibatches,
      approxKl: sums.approxKl / minibatches,
      clipFraction: sums.clipFraction / minibatches,
      loss: sums.loss / minibatches,
    };
    return { ...losses, ...(Number.isFinite(explained) ? { explainedVariance: explained } : {}), learningRate, clipRange, epochs, minibatches };
  }
}

/** Approximate KL (Schulman's k3 estimator, mean((r - 1) - log r)) and the fraction of clipped ratios. */
function ratioStatistics(ratio: Float32Array, clipRange: number): { approxKl: number; clipFraction: number } {
  let kl = 0;
  let clipped = 0;
  for (let i = 0; i < ratio.length; i++) {
    const r = ratio[i]!;
    kl += r - 1 - Math.log(r);
    if (Math.abs(r - 1) > clipRange) clipped++;
  }
  return { approxKl: kl / ratio.length, clipFraction: clipped / ratio.length };
}

/**
 * Registers PPO as `ppo`.
 *
 * @example
 * ```ts
 * agents.register(ppoRegistration);
 * agents.makeAgent('ppo', { rng, env, backend, options: { nSteps: 32, batchSize: 256 } });
 * ```
 */
export const ppoRegistration: AgentRegistration<PpoOptions> = {
  id: 'ppo',
  description: 'Proximal Policy Optimization (Schulman et al., 2017): clipped surrogate, GAE, minibatch epochs; Discrete or Box actions.',
  defaults: PPO_DEFAULTS,
  create: (context) => new PpoAgent(requireEnv(context), context.rng, context.backend, context.options),
};
