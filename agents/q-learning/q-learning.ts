// Tabular Q-learning: C. J. C. H. Watkins and P. Dayan, "Q-learning", Machine Learning 8,
// 279-292 (1992); Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), sec. 6.5.
//
//   Q(s, a) <- Q(s, a) + alpha * (r + gamma * (1 - terminated) * max_a' Q(s', a') - Q(s, a))
//
// Built on OffPolicyAgent: with the default replay of one transition sampled once per step, the
// update above runs on each transition as it arrives (classic online Q-learning). A larger
// `bufferSize` / `gradientSteps` turns it into Q-learning with experience replay.

import { requireEnv, type AgentEnvInfo, type AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { OffPolicyAgent } from '../../src/agent/off-policy-agent.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import { snapshotTensor, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { ConfigError } from '../../src/errors.js';
import type { Rng } from '../../src/random/rng.js';
import { Discrete } from '../../src/spaces/discrete.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** Options of {@link QLearningAgent}; every field has a default ({@link Q_LEARNING_DEFAULTS}). */
export interface QLearningOptions {
  /** Step size alpha of the update, in (0, 1]. Default 0.1. */
  readonly learningRate: number;
  /** Discount factor gamma, in [0, 1]. Default 0.99. */
  readonly gamma: number;
  /** Initial value of every Q(s, a) (optimistic values explore). Default 0. */
  readonly initialQ: number;
  /** Epsilon at the start of training. Default 1. */
  readonly explorationInitialEps: number;
  /** Epsilon after `explorationSteps`. Default 0.05. */
  readonly explorationFinalEps: number;
  /** Env steps over which epsilon decays linearly. Default 5,000. */
  readonly explorationSteps: number;
  /** Transitions kept for replay; 1 is online Q-learning. Default 1. */
  readonly bufferSize: number;
  /** Transitions per update. Default 1. */
  readonly batchSize: number;
  /** Updates per training round. Default 1. */
  readonly gradientSteps: number;
  /** Vector steps between training rounds. Default 1. */
  readonly trainFreq: number;
  /** Env steps of random actions before learning. Default 0. */
  readonly learningStarts: number;
}

/** The defaults of {@link QLearningOptions}. */
export const Q_LEARNING_DEFAULTS: QLearningOptions = Object.freeze({
  learningRate: 0.1,
  gamma: 0.99,
  initialQ: 0,
  explorationInitialEps: 1,
  explorationFinalEps: 0.05,
  explorationSteps: 5_000,
  bufferSize: 1,
  batchSize: 1,
  gradientSteps: 1,
  trainFreq: 1,
  learningStarts: 0,
});

/**
 * Tabular Q-learning for Discrete observations and Discrete actions, epsilon-greedy.
 * While training, ties between equally valued actions are broken at random (otherwise an
 * all-zero table would always pick action 0 and never find a sparse reward); `predict` gives
 * ties to the lowest action, so evaluation is deterministic.
 *
 * @example
 * ```ts
 * const env = registry.make<number, number>('toy/GridWorld-v0');
 * const agent = new QLearningAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 }, rng.child('agent'), { learningRate: 0.5 });
 * interact(env, agent, { budget: { steps: 20_000 } }).subscribe();
 * agent.qValues(0);   // Float32Array of 4 action values at the start state
 * ```
 */
export class QLearningAgent extends OffPolicyAgent<number, number> {
  readonly options: QLearningOptions;
  private readonly numStates: number;
  private readonly numActions: number;
  private readonly stateStart: number;
  private readonly actionStart: number;
  /** Q(s, a) at `s * numActions + a`; float32 so a checkpoint restores it bit for bit. */
  private readonly q: Float32Array;

  constructor(env: AgentEnvInfo, rng: Rng, options: Partial<QLearningOptions> = {}) {
    const resolved = mergeOptions('q-learning', Q_LEARNING_DEFAULTS, options);
    const { observationSpace, actionSpace } = env;
    if (!(observationSpace instanceof Discrete) || !(actionSpace instanceof Discrete)) {
      throw new ConfigError(
        `q-learning needs Discrete observations and Discrete actions, got ${observationSpace.toString()} / ${actionSpace.toString()}`,
      );
    }
    if (!(resolved.learningRate > 0 && resolved.learningRate <= 1)) throw new ConfigError(`q-learning: learningRate must lie in (0, 1], got ${resolved.learningRate}`);
    if (!(resolved.gamma >= 0 && resolved.gamma <= 1)) throw new ConfigError(`q-learning: gamma must lie in [0, 1], got ${resolved.gamma}`);
    super({ observationSpace, actionSpace, numEnvs: env.numEnvs }, rng, { ...resolved, targetUpdateInterval: 0 });
    this.options = resolved;
    this.numStates = observationSpace.n;
    this.numActions = actionSpace.n;
    this.stateStart = observationSpace.start;
    this.actionStart = actionSpace.start;
    this.q = new Float32Array(this.numStates * this.numActions).fill(resolved.initialQ);
  }

  /** The action values of `state` (a copy). */
  qValues(state: number): Float32Array {
    const row = (state - this.stateStart) * this.numActions;
    return this.q.slice(row, row + this.numActions);
  }

  protected greedyAction(state: number): number {
    return this.actionStart + this.argmax((state - this.stateStart) * this.numActions);
  }

  protected override exploitAction(state: number, rng: Rng): number {
    const row = (state - this.stateStart) * this.numActions;
    const best = this.q[row + this.argmax(row)]!;
    let ties = 0;
    for (let a = 0; a < this.numActions; a++) if (this.q[row + a] === best) ties++;
    if (ties === 1) return this.actionStart + this.argmax(row);
    let pick = rng.int(ties);
    for (let a = 0; a < this.numActions; a++) if (this.q[row + a] === best && pick-- === 0) return this.actionStart + a;
    throw new ConfigError('q-learning: unreachable tie-break');
  }

  protected train(gradientSteps: number, batchSize: number): Metrics {
    const { learningRate, gamma } = this.options;
    let absError = 0;
    for (let g = 0; g < gradientSteps; g++) {
      const batch = this.replay.sample(batchSize);
      for (let i = 0; i < batchSize; i++) {
        const s = batch.observations.data[i]! - this.stateStart;
        const a = batch.actions.data[i]! - this.actionStart;
        const next = (batch.nextObservations.data[i]! - this.stateStart) * this.numActions;
        const bootstrap = batch.terminated.data[i] === 1 ? 0 : this.q[next + this.argmax(next)]!;
        const index = s * this.numActions + a;
        const tdError = batch.rewards.data[i]! + gamma * bootstrap - this.q[index]!;
        this.q[index] = this.q[index]! + learningRate * tdError;
        absError += Math.abs(tdError);
      }
    }
    return { tdError: absError / (gradientSteps * batchSize) };
  }

  protected getModelState(): StateSnapshot {
    return { json: { numStates: this.numStates, numActions: this.numActions }, tensors: { q: new Tensor([this.numStates, this.numActions], this.q.slice()) } };
  }

  protected setModelState(state: StateSnapshot): void {
    this.q.set(snapshotTensor(state, 'q', [this.numStates, this.numActions], 'QLearningAgent.setState').data);
  }

  /** The lowest-index best action in the row starting at `offset`. */
  private argmax(offset: number): number {
    let best = 0;
    for (let a = 1; a < this.numActions; a++) if (this.q[offset + a]! > this.q[offset + best]!) best = a;
    return best;
  }
}

/**
 * Registers tabular Q-learning as `q-learning`.
 *
 * @example
 * ```ts
 * agents.register(qLearningRegistration);
 * agents.makeAgent('q-learning', { rng, env, options: { learningRate: 0.5 } });
 * ```
 */
export const qLearningRegistration: AgentRegistration<QLearningOptions> = {
  id: 'q-learning',
  description: 'Tabular Q-learning (Watkins & Dayan, 1992), epsilon-greedy; Discrete observations and actions.',
  defaults: Q_LEARNING_DEFAULTS,
  create: (context) => new QLearningAgent(requireEnv(context), context.rng, context.options),
};
