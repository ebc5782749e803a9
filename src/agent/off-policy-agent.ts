import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Space } from '../spaces/space.js';
import type { Agent, Metrics, Transition } from './agent.js';
import { ReplayBuffer, type ReplayBufferOptions } from './replay-buffer.js';
import { linearSchedule, type Schedule } from './schedule.js';
import {
  nestSnapshots,
  pickSnapshot,
  rngStateFromJson,
  rngStateToJson,
  snapshotNumber,
  type StateSnapshot,
  type Stateful,
} from './state-snapshot.js';
import { asRow } from './write-row.js';

/** The bookkeeping options every off-policy agent shares (Stable-Baselines3's names, camelCased). */
export interface OffPolicyOptions {
  /** Replay buffer capacity (transitions). */
  readonly bufferSize: number;
  /** Env steps of uniformly random actions before the first update. */
  readonly learningStarts: number;
  /** Transitions per gradient step. */
  readonly batchSize: number;
  /** Vector steps between training rounds. */
  readonly trainFreq: number;
  /** Gradient steps per training round. */
  readonly gradientSteps: number;
  /** Env steps between `updateTarget()` calls; 0 never calls it. */
  readonly targetUpdateInterval: number;
  /** Epsilon-greedy exploration: the rate moves linearly from initial to final over `explorationSteps` env steps. */
  readonly explorationInitialEps: number;
  readonly explorationFinalEps: number;
  readonly explorationSteps: number;
}

/**
 * What the base needs of a replay buffer: somewhere to add each transition, saved with the agent.
 * {@link ReplayBuffer} is one (it keeps `terminated` only); an agent that needs more (n-step
 * returns stop at truncations, prioritized sampling) passes its own through `makeReplay`.
 */
export interface ReplayStore extends Stateful {
  add(
    observation: number | ArrayLike<number>,
    action: number | ArrayLike<number>,
    reward: number,
    nextObservation: number | ArrayLike<number>,
    terminated: boolean,
    truncated: boolean,
  ): void;
}

/** The env facts an off-policy agent is built for. */
export interface OffPolicyEnv<Obs, Act> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly numEnvs: number;
}

/**
 * Base of off-policy agents (DQN, tabular Q-learning...), after SB3's `OffPolicyAlgorithm`: it
 * owns the replay buffer, `learningStarts`, `trainFreq` / `gradientSteps`, the target-update
 * period and epsilon-greedy exploration, so a subclass holds only its algorithm:
 *
 * - `greedyAction(observation)`: the action the current estimate prefers;
 * - `train(gradientSteps, batchSize)`: that many updates from `this.replay.sample(batchSize)`;
 * - `updateTarget()` (optional): sync a target network;
 * - `getModelState()` / `setModelState()`: the learned parameters.
 *
 * Observations and actions are stored as float32 rows: numbers (Discrete) or typed arrays (Box).
 * Random draws (exploration, replay sampling) come from children of the `rng` given, named
 * `'explore'` and `'replay'`; both are saved in `getState()`, so a restored agent continues
 * exactly.
 *
 * @example
 * ```ts
 * class MyDqn extends OffPolicyAgent<Float32Array, number> {
 *   protected greedyAction(obs: Float32Array): number { return argmax(this.q.forward(obs)); }
 *   protected train(steps: number, batchSize: number): Metrics { ... return { loss }; }
 *   protected override updateTarget(): void { this.target.copyFrom(this.q); }
 *   protected getModelState(): StateSnapshot { ... }
 *   protected setModelState(state: StateSnapshot): void { ... }
 * }
 * ```
 */
export abstract class OffPolicyAgent<Obs, Act, Replay extends ReplayStore = ReplayBuffer> implements Agent<Obs, Act> {
  protected readonly replay: Replay;
  protected readonly observationSpace: Space<Obs>;
  protected readonly actionSpace: Space<Act>;
  protected readonly numEnvs: number;
  /** Env steps observed so far. */
  protected numTimesteps = 0;
  /** Gradient steps done so far. */
  protected numUpdates = 0;
  private vectorSteps = 0;
  private readonly exploreRng: Rng;
  private readonly exploration: Schedule;

  /**
   * @param makeReplay builds the replay buffer from the base's options (capacity `bufferSize`,
   *   the shapes, the `'replay'` Rng); default a {@link ReplayBuffer}. Required whenever
   *   `Replay` is another type.
   */
  constructor(
    env: OffPolicyEnv<Obs, Act>,
    rng: Rng,
    protected readonly offPolicy: OffPolicyOptions,
    makeReplay?: (options: ReplayBufferOptions) => Replay,
  ) {
    checkOffPolicyOptions(offPolicy);
    const shape = env.observationSpace.shape;
    if (shape === null) throw new ConfigError(`OffPolicyAgent: observation space ${env.observationSpace.toString()} is composite; wrap the env to flatten it`);
    const actionShape = env.actionSpace.shape;
    if (actionShape === null) throw new ConfigError(`OffPolicyAgent: action space ${env.actionSpace.toString()} is composite`);
    this.observationSpace = env.observationSpace;
    this.actionSpace = env.actionSpace;
    this.numEnvs = env.numEnvs;
    this.exploreRng = rng.child('explore');
    const replayOptions: ReplayBufferOptions = { capacity: offPolicy.bufferSize, observationShape: shape, actionShape, rng: rng.child('replay') };
    this.replay = makeReplay === undefined ? (new ReplayBuffer(replayOptions) as unknown as Replay) : makeReplay(replayOptions);
    this.exploration = linearSchedule({ start: offPolicy.explorationInitialEps, end: offPolicy.explorationFinalEps, steps: offPolicy.explorationSteps });
  }

  /** The current epsilon of epsilon-greedy exploration. */
  get explorationRate(): number {
    return this.exploration(this.numTimesteps);
  }

  /** Random actions before `learningStarts`, then epsilon-greedy. */
  act(observations: readonly Obs[]): Act[] {
    const random = this.numTimesteps < this.offPolicy.learningStarts;
    const epsilon = this.explorationRate;
    const actions = new Array<Act>(observations.length);
    for (let i = 0; i < observations.length; i++) {
      actions[i] = random || this.exploreRng.nextFloat() < epsilon ? this.actionSpace.sample(this.exploreRng) : this.exploitAction(observations[i]!, this.exploreRng);
    }
    return actions;
  }

  predict(observation: Obs): Act {
    return this.greedyAction(observation);
  }

  /** Stores the transitions, trains every `trainFreq` vector steps after `learningStarts`. */
  observe(transition: Transition<Obs, Act>): Metrics | undefined {
    const n = transition.observations.length;
    for (let i = 0; i < n; i++) {
      this.replay.add(
        asRow(transition.observations[i], 'observation'),
        asRow(transition.actions[i], 'action'),
        transition.rewards[i]!,
        asRow(transition.nextObservations[i], 'next observation'),
        transition.terminated[i]!,
        transition.truncated[i]!,
      );
    }
    const before = this.numTimesteps;
    this.numTimesteps += n;
    this.vectorSteps++;
    const { targetUpdateInterval: interval, learningStarts, trainFreq, gradientSteps, batchSize } = this.offPolicy;
    if (interval > 0 && Math.floor(this.numTimesteps / interval) > Math.floor(before / interval)) this.updateTarget();
    if (this.numTimesteps <= learningStarts || this.vectorSteps % trainFreq !== 0 || gradientSteps === 0) return undefined;
    const metrics = this.train(gradientSteps, batchSize);
    this.numUpdates += gradientSteps;
    return { ...metrics, epsilon: this.explorationRate };
  }

  getState(): StateSnapshot {
    return nestSnapshots({
      offPolicy: {
        json: {
          numTimesteps: this.numTimesteps,
          numUpdates: this.numUpdates,
          vectorSteps: this.vectorSteps,
          exploreRng: rngStateToJson(this.exploreRng),
        },
        tensors: {},
      },
      replay: this.replay.getState(),
      model: this.getModelState(),
    });
  }

  setState(state: StateSnapshot): void {
    const own = pickSnapshot(state, 'offPolicy');
    const where = `${this.constructor.name}.setState`;
    const counters = ['numTimesteps', 'numUpdates', 'vectorSteps'].map((f) => snapshotNumber(own.json, f, where));
    const exploreRng = rngStateFromJson(own.json.exploreRng, `${where} exploreRng`);
    this.replay.setState(pickSnapshot(state, 'replay'));
    this.setModelState(pickSnapshot(state, 'model'));
    [this.numTimesteps, this.numUpdates, this.vectorSteps] = counters as [number, number, number];
    this.exploreRng.setState(exploreRng);
  }

  /** The action the current estimate prefers (no exploration, no random draws). */
  protected abstract greedyAction(observation: Obs): Act;

  /**
   * The non-exploring training action; defaults to `greedyAction`. Override to break ties
   * between equally valued actions at random (with `rng`, the exploration stream), which
   * tabular methods need while most values are still equal.
   */
  protected exploitAction(observation: Obs, _rng: Rng): Act {
    return this.greedyAction(observation);
  }

  /** Runs `gradientSteps` updates on batches from `this.replay`; returns their metrics. */
  protected abstract train(gradientSteps: number, batchSize: number): Metrics;

  /** Called every `targetUpdateInterval` env steps; sync target networks here. */
  protected updateTarget(): void {}

  /** The learned parameters (weights, optimizer state) as a snapshot. */
  protected abstract getModelState(): StateSnapshot;

  protected abstract setModelState(state: StateSnapshot): void;
}

function checkOffPolicyOptions(options: OffPolicyOptions): void {
  const integer = (field: keyof OffPolicyOptions, min: number): void => {
    const value = options[field];
    if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`off-policy option ${field} must be an integer >= ${min}, got ${String(value)}`);
  };
  integer('bufferSize', 1);
  integer('learningStarts', 0);
  integer('batchSize', 1);
  integer('trainFreq', 1);
  integer('gradientSteps', 0);
  integer('targetUpdateInterval', 0);
  integer('explorationSteps', 0);
  for (const field of ['explorationInitialEps', 'explorationFinalEps'] as const) {
    const value = options[field];
    if (!(value >= 0 && value <= 1)) throw new ConfigError(`off-policy option ${field} must lie in [0, 1], got ${String(value)}`);
  }
}
