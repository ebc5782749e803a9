// Deep Q-Network: V. Mnih, K. Kavukcuoglu, D. Silver et al., "Human-level control through deep
// reinforcement learning", Nature 518, 529-533 (2015). Hyperparameter names, defaults and loop
// semantics follow Stable-Baselines3's `DQN` (learning_starts, train_freq, gradient_steps,
// target_update_interval with tau, linear epsilon over exploration_fraction, max_grad_norm).
//
// Per gradient step, on a minibatch from replay:
//   y = R + discount * (1 - terminated) * max_a Q_target(s', a)          (td-targets.ts)
//   loss = mean_i w_i * huber(Q(s_i, a_i) - y_i)                          (w = 1 unless PER)
// then Adam with global-norm clipping; every targetUpdateInterval env steps
//   target <- tau * online + (1 - tau) * target                          (polyak-update.ts)
// Options (each off by default, each with its paper in dqn-options.ts): Double DQN, dueling
// head, n-step returns, proportional prioritized replay.
//
// The off-policy base (src/agent/off-policy-agent.ts) owns the loop bookkeeping: storing
// transitions, learningStarts, trainFreq / gradientSteps, the target-update period, epsilon-
// greedy exploration and the counters in the checkpoint. This file holds only DQN's update.

import { requireEnv, type AgentEnvInfo, type AgentRegistration } from '../../src/agent/agent-registry.js';
import type { Metrics } from '../../src/agent/agent.js';
import { mergeOptions } from '../../src/agent/merge-options.js';
import { OffPolicyAgent } from '../../src/agent/off-policy-agent.js';
import { linearSchedule, type Schedule } from '../../src/agent/schedule.js';
import { nestSnapshots, pickSnapshot, snapshotTensor, type JsonObject, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { Graph } from '../../src/autograd/graph.js';
import { ConfigError } from '../../src/errors.js';
import { JsBackend } from '../../src/kernels/js/js-backend.js';
import type { KernelBackend } from '../../src/kernels/kernel-backend.js';
import { huberLoss, mseLoss } from '../../src/nn/losses.js';
import { Adam } from '../../src/optim/adam.js';
import { deserializeOptimizerState, serializeOptimizerState, type OptimizerStateJson } from '../../src/optim/optimizer-state-io.js';
import type { Rng } from '../../src/random/rng.js';
import { Discrete } from '../../src/spaces/discrete.js';
import type { Space } from '../../src/spaces/space.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { DqnReplayBuffer, type DqnBatch } from './dqn-replay-buffer.js';
import { checkDqnOptions, DQN_DEFAULTS, type DqnOptions } from './dqn-options.js';
import { polyakUpdate } from './polyak-update.js';
import { QNetwork } from './q-network.js';
import { tdTargets } from './td-targets.js';

/** Per-batch-size tensors wrapping the replay batch's reused arrays, and the TD targets. */
interface BatchTensors {
  readonly batch: DqnBatch;
  readonly targets: Tensor;
  readonly weights: Tensor;
  readonly tdErrors: Float32Array;
}

/**
 * DQN for vector (Box) observations and Discrete actions, on the kernel backend it is given.
 *
 * `predict` is the greedy action of the online network; `act` explores (random actions for
 * `learningStarts` steps, then epsilon-greedy). `getState()` holds the online and target
 * weights, Adam's moments, the replay contents and priorities, every Rng and counter, so
 * `setState` into a fresh agent continues bit for bit.
 *
 * @example
 * ```ts
 * const env = registry.make<Float32Array, number>('CartPole-v1');
 * const agent = new DqnAgent(
 *   { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 },
 *   root.child('agent'),
 *   { learningRate: 2.3e-3, netArch: [256, 256], totalTimesteps: 50_000, doubleQ: true },
 *   createBackend('js'),
 * );
 * interact(env, agent, { budget: { steps: 50_000 }, rng: root.child('loop') }).subscribe();
 * agent.predict(observation);   // greedy action
 * ```
 */
export class DqnAgent extends OffPolicyAgent<Float32Array, number, DqnReplayBuffer> {
  readonly options: DqnOptions;
  /** The online network (the one trained and acted with). */
  readonly qNetwork: QNetwork;
  /** The target network: a lagging copy used for bootstrap values; never trained directly. */
  readonly targetNetwork: QNetwork;
  private readonly graph: Graph;
  private readonly optimizer: Adam;
  private readonly numActions: number;
  private readonly actionStart: number;
  /** `[1, ...observationShape]`, reused by every `greedyAction`. */
  private readonly single: Tensor;
  private readonly beta: Schedule;
  private tensors: BatchTensors | null = null;

  /**
   * @param options overrides of {@link DQN_DEFAULTS}; `totalTimesteps` must be set (the epsilon
   *   and beta schedules are fractions of it).
   * @param backend runs the network math; default the js reference backend.
   */
  constructor(env: AgentEnvInfo, rng: Rng, options: Partial<DqnOptions> = {}, backend: KernelBackend = new JsBackend()) {
    const resolved = mergeOptions('dqn', DQN_DEFAULTS, options);
    checkDqnOptions(resolved);
    const { observationSpace, actionSpace, numEnvs } = env;
    if (!(actionSpace instanceof Discrete)) throw new ConfigError(`dqn needs a Discrete action space, got ${actionSpace.toString()}`);
    const observationShape = observationSpace.shape;
    if (observationShape === null || observationShape.length === 0) {
      throw new ConfigError(`dqn needs Box observations (vectors, or any shape with a featuresExtractor), got ${observationSpace.toString()}; for Discrete observations use q-learning or a one-hot wrapper`);
    }
    const total = resolved.totalTimesteps;
    if (total === null) {
      throw new ConfigError("dqn option totalTimesteps is not set: it is the training budget (env steps) that explorationFraction and priorityBeta0's annealing are fractions of; set it to the run's train.steps");
    }
    const gradientSteps = resolved.gradientSteps === -1 ? resolved.trainFreq * numEnvs : resolved.gradientSteps;
    super(
      // Any space with a shape stores as float rows; Box observations are Float32Arrays.
      { observationSpace: observationSpace as Space<Float32Array>, actionSpace, numEnvs },
      rng,
      {
        bufferSize: resolved.bufferSize,
        learningStarts: resolved.learningStarts,
        batchSize: resolved.batchSize,
        trainFreq: resolved.trainFreq,
        gradientSteps,
        targetUpdateInterval: resolved.targetUpdateInterval,
        explorationInitialEps: resolved.explorationInitialEps,
        explorationFinalEps: resolved.explorationFinalEps,
        explorationSteps: Math.round(resolved.explorationFraction * total),
      },
      (replay) =>
        new DqnReplayBuffer({
          ...replay,
          numEnvs,
          nSteps: resolved.nSteps,
          gamma: resolved.gamma,
          ...(resolved.prioritizedReplay ? { prioritized: { alpha: resolved.priorityAlpha, epsilon: resolved.priorityEpsilon } } : {}),
        }),
    );
    this.options = resolved;
    this.numActions = actionSpace.n;
    this.actionStart = actionSpace.start;
    this.graph = new Graph(backend);
    const init = rng.child('init');
    const network = (): QNetwork =>
      new QNetwork({
        numActions: actionSpace.n,
        netArch: resolved.netArch,
        activation: resolved.activation,
        dueling: resolved.dueling,
        weightInit: resolved.weightInit,
        ...(resolved.featuresExtractor === null ? {} : { features: resolved.featuresExtractor(observationShape) }),
      });
    this.qNetwork = network();
    this.qNetwork.build(observationShape, init);
    this.targetNetwork = network();
    this.targetNetwork.build(observationShape, init);
    this.targetNetwork.trainable = false;
    polyakUpdate(this.qNetwork, this.targetNetwork, 1);
    this.optimizer = new Adam(this.qNetwork.namedParams(), { lr: resolved.learningRate, ...(resolved.maxGradNorm > 0 ? { maxGradNorm: resolved.maxGradNorm } : {}) });
    this.single = new Tensor([1, ...observationShape]);
    this.beta = linearSchedule({ start: resolved.priorityBeta0, end: 1, steps: total });
  }

  /** The importance-sampling exponent prioritized replay uses now: priorityBeta0 at step 0, 1 from totalTimesteps on. */
  get importanceSamplingBeta(): number {
    return this.beta(this.numTimesteps);
  }

  /** The online network's Q-values of one observation (a fresh array of numActions values). */
  qValues(observation: Float32Array): Float32Array {
    this.single.data.set(observation);
    return this.qNetwork.predict(this.graph, this.single).data.slice();
  }

  protected greedyAction(observation: Float32Array): number {
    this.single.data.set(observation);
    const q = this.qNetwork.predict(this.graph, this.single).data;
    let best = 0;
    for (let a = 1; a < this.numActions; a++) if (q[a]! > q[best]!) best = a;
    return this.actionStart + best;
  }

  protected train(gradientSteps: number, batchSize: number): Metrics {
    const g = this.graph;
    const { doubleQ, prioritizedReplay, loss: lossName } = this.options;
    let lossSum = 0;
    let qSum = 0;
    for (let step = 0; step < gradientSteps; step++) {
      const batch = this.replay.sample(batchSize, prioritizedReplay ? this.beta(this.numTimesteps) : 1, this.actionStart);
      const { targets, weights, tdErrors } = this.tensorsFor(batch);
      const nextTargetQ = this.targetNetwork.predict(g, batch.nextObservations).data;
      const nextOnlineQ = doubleQ ? this.qNetwork.predict(g, batch.nextObservations).data : null;
      tdTargets(batch, nextTargetQ, nextOnlineQ, this.numActions, targets.data);
      // Q(s, a) of the batch before this step's update, set by the loss closure (for PER and metrics).
      let predicted = targets.data;
      lossSum += this.optimizer.minimize(g, () => {
        const q = this.qNetwork.forward(batch.observations, { graph: g, training: true });
        const taken = g.pick(q, batch.actions);
        predicted = taken.value.data;
        const perSample = lossName === 'huber' ? huberLoss(g, taken, targets, { reduction: 'none' }) : mseLoss(g, taken, targets, { reduction: 'none' });
        return prioritizedReplay ? g.mean(g.mul(perSample, weights)) : g.mean(perSample);
      });
      let qBatch = 0;
      for (let i = 0; i < batchSize; i++) {
        qBatch += predicted[i]!;
        tdErrors[i] = predicted[i]! - targets.data[i]!;
      }
      qSum += qBatch / batchSize;
      if (prioritizedReplay) this.replay.updatePriorities(batch.indices, tdErrors);
    }
    return { loss: lossSum / gradientSteps, qValue: qSum / gradientSteps };
  }

  protected override updateTarget(): void {
    polyakUpdate(this.qNetwork, this.targetNetwork, this.options.tau);
  }

  protected getModelState(): StateSnapshot {
    const weights = (network: QNetwork): StateSnapshot => {
      const tensors: Record<string, Tensor> = {};
      for (const [name, p] of Object.entries(network.namedParams())) tensors[name] = p.value.clone();
      return { json: {}, tensors };
    };
    const optimizer = serializeOptimizerState(this.optimizer.getState());
    return nestSnapshots({
      qNetwork: weights(this.qNetwork),
      targetNetwork: weights(this.targetNetwork),
      optimizer: { json: optimizer.json as unknown as JsonObject, tensors: optimizer.tensors },
    });
  }

  protected setModelState(state: StateSnapshot): void {
    const where = 'DqnAgent.setState';
    const read = (network: QNetwork, part: string): Array<[Float32Array, Float32Array]> => {
      const snapshot = pickSnapshot(state, part);
      return Object.entries(network.namedParams()).map(([name, p]) => [p.value.data, snapshotTensor(snapshot, name, p.shape, `${where} ${part}`).data]);
    };
    const online = read(this.qNetwork, 'qNetwork');
    const target = read(this.targetNetwork, 'targetNetwork');
    const optimizer = pickSnapshot(state, 'optimizer');
    // Checked by setState before anything changes: a bad snapshot leaves the agent as it was.
    this.optimizer.setState(deserializeOptimizerState(optimizer.json as unknown as OptimizerStateJson, optimizer.tensors));
    for (const [to, from] of [...online, ...target]) to.set(from);
  }

  /** Tensors around the replay batch's arrays, rebuilt only when the batch object changes. */
  private tensorsFor(batch: DqnBatch): BatchTensors {
    if (this.tensors === null || this.tensors.batch !== batch) {
      this.tensors = {
        batch,
        targets: new Tensor([batch.size]),
        weights: new Tensor([batch.size], batch.weights),
        tdErrors: new Float32Array(batch.size),
      };
    }
    return this.tensors;
  }
}

/**
 * Registers DQN as `dqn`. The experiment's kernel backend runs the networks (the js reference
 * when the context has none).
 *
 * @example
 * ```ts
 * agents.register(dqnRegistration);
 * agents.makeAgent('dqn', { rng, env, backend, options: { learningRate: 2.3e-3, totalTimesteps: 50_000 } });
 * ```
 */
export const dqnRegistration: AgentRegistration<DqnOptions> = {
  id: 'dqn',
  description: 'Deep Q-Network (Mnih et al., 2015) with Double DQN, dueling, n-step and prioritized replay options; Box observations, Discrete actions.',
  defaults: DQN_DEFAULTS,
  create: (context) => new DqnAgent(requireEnv(context), context.rng, context.options, context.backend ?? new JsBackend()),
};
