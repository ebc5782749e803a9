import { ConfigError, ShapeError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Space } from '../spaces/space.js';
import type { Agent, Metrics, Transition } from './agent.js';
import { RolloutBuffer } from './rollout-buffer.js';
import { nestSnapshots, pickSnapshot, rngStateFromJson, rngStateToJson, snapshotNumber, type StateSnapshot } from './state-snapshot.js';
import { asRow } from './write-row.js';

/** The bookkeeping options every on-policy agent shares. */
export interface OnPolicyOptions {
  /** Vector steps per rollout (SB3 `n_steps`); a rollout holds `numSteps * numEnvs` transitions. */
  readonly numSteps: number;
  /** Discount factor in [0, 1]. */
  readonly gamma: number;
  /** GAE lambda in [0, 1]. */
  readonly gaeLambda: number;
}

/** The env facts an on-policy agent is built for. */
export interface OnPolicyEnv<Obs, Act> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly numEnvs: number;
}

/** What {@link OnPolicyAgent.policyStep} returns: one entry per env copy. */
export interface PolicyStep<Act> {
  readonly actions: Act[];
  /** V(observation) of each copy. */
  readonly values: ArrayLike<number>;
  /** log pi(action | observation) of each copy. */
  readonly logProbs: ArrayLike<number>;
}

/**
 * Base of on-policy agents (A2C, PPO...), after SB3's `OnPolicyAlgorithm`: it collects
 * `numSteps` vector steps into a {@link RolloutBuffer}, bootstraps truncated episodes, computes
 * GAE(lambda) advantages and returns when the rollout is full, calls `train(rollout)` once, and
 * starts the next rollout. A subclass holds only its algorithm:
 *
 * - `policyStep(observations)`: sampled actions with their values and log-probabilities;
 * - `predictValues(observations)`: V for a batch of observations;
 * - `greedyAction(observation)`: the deterministic action (mode of the policy);
 * - `train(rollout)`: the update (epochs of minibatches for PPO, one step for A2C);
 * - `getModelState()` / `setModelState()`.
 *
 * `rng` is the subclass's stream for sampling actions; the base saves and restores it.
 *
 * Truncated (not terminated) episodes get `gamma * V(finalObservation)` added to their last
 * reward, so cutting an episode at a time limit does not look like reaching a terminal state.
 *
 * @example
 * ```ts
 * class MyA2C extends OnPolicyAgent<Float32Array, number> {
 *   protected policyStep(obs: readonly Float32Array[]): PolicyStep<number> { ... }
 *   protected predictValues(obs: readonly Float32Array[]): Float32Array { ... }
 *   protected greedyAction(obs: Float32Array): number { ... }
 *   protected train(rollout: RolloutBuffer): Metrics { ... return { policyLoss, valueLoss }; }
 *   ...
 * }
 * ```
 */
export abstract class OnPolicyAgent<Obs, Act> implements Agent<Obs, Act> {
  protected readonly rollout: RolloutBuffer;
  protected readonly observationSpace: Space<Obs>;
  protected readonly actionSpace: Space<Act>;
  protected readonly numEnvs: number;
  /** Env steps observed so far. */
  protected numTimesteps = 0;
  /** Rollouts trained on so far. */
  protected numRollouts = 0;
  /** The values and log-probabilities of the last `act`, waiting for `observe`. */
  private pending: PolicyStep<Act> | null = null;

  constructor(
    env: OnPolicyEnv<Obs, Act>,
    protected readonly rng: Rng,
    protected readonly onPolicy: OnPolicyOptions,
  ) {
    const observationShape = env.observationSpace.shape;
    const actionShape = env.actionSpace.shape;
    if (observationShape === null || actionShape === null) {
      throw new ConfigError(`OnPolicyAgent: composite spaces are not supported (${env.observationSpace.toString()} / ${env.actionSpace.toString()})`);
    }
    this.observationSpace = env.observationSpace;
    this.actionSpace = env.actionSpace;
    this.numEnvs = env.numEnvs;
    this.rollout = new RolloutBuffer({ numSteps: onPolicy.numSteps, numEnvs: env.numEnvs, observationShape, actionShape, gamma: onPolicy.gamma, gaeLambda: onPolicy.gaeLambda });
  }

  act(observations: readonly Obs[]): Act[] {
    const step = this.policyStep(observations);
    if (step.actions.length !== observations.length || step.values.length !== observations.length || step.logProbs.length !== observations.length) {
      throw new ShapeError(`${this.constructor.name}.policyStep must return one action, value and logProb per observation (${observations.length})`);
    }
    this.pending = step;
    return step.actions;
  }

  predict(observation: Obs): Act {
    return this.greedyAction(observation);
  }

  observe(transition: Transition<Obs, Act>): Metrics | undefined {
    const pending = this.pending;
    if (pending === null) throw new ConfigError(`${this.constructor.name}.observe called without a preceding act()`);
    this.pending = null;
    const n = transition.observations.length;
    const { gamma } = this.onPolicy;
    const truncatedIndices: number[] = [];
    for (let i = 0; i < n; i++) if (transition.truncated[i] === true && transition.terminated[i] !== true) truncatedIndices.push(i);
    const bootstrap = truncatedIndices.length === 0 ? null : this.predictValues(truncatedIndices.map((i) => transition.nextObservations[i]!));
    for (let i = 0, t = 0; i < n; i++) {
      let reward = transition.rewards[i]!;
      if (bootstrap !== null && truncatedIndices[t] === i) reward += gamma * bootstrap[t++]!;
      this.rollout.add({
        observation: asRow(transition.observations[i], 'observation'),
        action: asRow(transition.actions[i], 'action'),
        reward,
        done: transition.terminated[i]! || transition.truncated[i]!,
        value: pending.values[i]!,
        logProb: pending.logProbs[i]!,
      });
    }
    this.numTimesteps += n;
    if (!this.rollout.full) return undefined;
    this.rollout.computeReturnsAndAdvantages(this.predictValues(transition.nextObservations));
    const metrics = this.train(this.rollout);
    this.rollout.reset();
    this.numRollouts++;
    return metrics;
  }

  getState(): StateSnapshot {
    return nestSnapshots({
      onPolicy: { json: { numTimesteps: this.numTimesteps, numRollouts: this.numRollouts, rng: rngStateToJson(this.rng) }, tensors: {} },
      rollout: this.rollout.getState(),
      model: this.getModelState(),
    });
  }

  setState(state: StateSnapshot): void {
    const own = pickSnapshot(state, 'onPolicy');
    const where = `${this.constructor.name}.setState`;
    const numTimesteps = snapshotNumber(own.json, 'numTimesteps', where);
    const numRollouts = snapshotNumber(own.json, 'numRollouts', where);
    const rng = rngStateFromJson(own.json.rng, `${where} rng`);
    this.rollout.setState(pickSnapshot(state, 'rollout'));
    this.setModelState(pickSnapshot(state, 'model'));
    this.numTimesteps = numTimesteps;
    this.numRollouts = numRollouts;
    this.rng.setState(rng);
    this.pending = null;
  }

  /** Samples an action per observation and reports V and log pi for each. */
  protected abstract policyStep(observations: readonly Obs[]): PolicyStep<Act>;

  /** V(observation) for each observation (no gradient needed). */
  protected abstract predictValues(observations: readonly Obs[]): ArrayLike<number>;

  /** The deterministic action (evaluation); must not draw from `rng`. */
  protected abstract greedyAction(observation: Obs): Act;

  /** One update from a full rollout whose advantages and returns are computed. */
  protected abstract train(rollout: RolloutBuffer): Metrics;

  /** The learned parameters (weights, optimizer state); the base saves `rng` itself. */
  protected abstract getModelState(): StateSnapshot;

  protected abstract setModelState(state: StateSnapshot): void;
}
