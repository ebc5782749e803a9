import { ConfigError, ShapeError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { writeRow } from './write-row.js';
import { shapeSize } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { snapshotNumber, snapshotTensor, type StateSnapshot, type Stateful } from './state-snapshot.js';

/** Options of {@link RolloutBuffer}. */
export interface RolloutBufferOptions {
  /** Vector steps per rollout (PPO's `n_steps`). */
  readonly numSteps: number;
  /** Env copies stepped together. */
  readonly numEnvs: number;
  /** Shape of one observation as stored (`[]` for a Discrete index). */
  readonly observationShape: readonly number[];
  /** Shape of one action as stored (`[]` for a Discrete action, the default). */
  readonly actionShape?: readonly number[];
  /** Discount factor in [0, 1]. */
  readonly gamma: number;
  /** GAE's lambda in [0, 1]: 0 is one-step TD, 1 is Monte Carlo minus the value baseline. */
  readonly gaeLambda: number;
}

/** One row added per env copy and step. */
export interface RolloutRow {
  readonly observation: number | ArrayLike<number>;
  readonly action: number | ArrayLike<number>;
  /**
   * The step's reward. For a truncated episode, add `gamma * V(finalObservation)` before
   * storing (Stable-Baselines3 does the same): `done` then cuts the bootstrap as for a
   * terminal state, and the value of the cut-off future is not lost.
   */
  readonly reward: number;
  /** This step ended the episode (terminated or truncated). */
  readonly done: boolean;
  /** The critic's V(observation). */
  readonly value: number;
  /** log pi(action | observation) under the policy that acted. */
  readonly logProb: number;
}

/** A shuffled minibatch of a rollout; every tensor is batch-major and a fresh copy. */
export interface RolloutBatch {
  readonly observations: Tensor;
  readonly actions: Tensor;
  /** `[batch]` each. */
  readonly values: Tensor;
  readonly logProbs: Tensor;
  readonly advantages: Tensor;
  readonly returns: Tensor;
}

/**
 * The on-policy rollout store (`numSteps` x `numEnvs` rows, step-major) with Generalized
 * Advantage Estimation (Schulman et al., 2016, https://arxiv.org/abs/1506.02438):
 *
 *   delta_t = r_t + gamma * V(s_{t+1}) * (1 - done_t) - V(s_t)
 *   A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}
 *   R_t     = A_t + V(s_t)                       (the value targets)
 *
 * computed per env copy backwards from `lastValues` = V(observation after the last step).
 *
 * @example
 * ```ts
 * const buffer = new RolloutBuffer({ numSteps: 128, numEnvs: 4, observationShape: [4], gamma: 0.99, gaeLambda: 0.95 });
 * buffer.add({ observation, action, reward, done, value, logProb });   // numEnvs rows per step
 * if (buffer.full) {
 *   buffer.computeReturnsAndAdvantages(lastValues);
 *   for (const batch of buffer.minibatches(64, rng)) update(batch);
 *   buffer.reset();
 * }
 * ```
 */
export class RolloutBuffer implements Stateful {
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly observationShape: readonly number[];
  readonly actionShape: readonly number[];
  readonly gamma: number;
  readonly gaeLambda: number;
  private readonly observationSize: number;
  private readonly actionSize: number;
  private readonly observations: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Float32Array;
  private readonly values: Float32Array;
  private readonly logProbs: Float32Array;
  private readonly advantageValues: Float32Array;
  private readonly returnValues: Float32Array;
  private rows = 0;
  private computed = false;

  constructor(options: RolloutBufferOptions) {
    const { numSteps, numEnvs, observationShape, actionShape = [], gamma, gaeLambda } = options;
    for (const [field, value] of [['numSteps', numSteps], ['numEnvs', numEnvs]] as const) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`RolloutBuffer: ${field} must be a positive integer, got ${String(value)}`);
    }
    for (const [field, value] of [['gamma', gamma], ['gaeLambda', gaeLambda]] as const) {
      if (!(value >= 0 && value <= 1)) throw new ConfigError(`RolloutBuffer: ${field} must lie in [0, 1], got ${String(value)}`);
    }
    this.numSteps = numSteps;
    this.numEnvs = numEnvs;
    this.observationShape = Object.freeze([...observationShape]);
    this.actionShape = Object.freeze([...actionShape]);
    this.gamma = gamma;
    this.gaeLambda = gaeLambda;
    this.observationSize = shapeSize(observationShape);
    this.actionSize = shapeSize(actionShape);
    const n = numSteps * numEnvs;
    this.observations = new Float32Array(n * this.observationSize);
    this.actions = new Float32Array(n * this.actionSize);
    this.rewards = new Float32Array(n);
    this.dones = new Float32Array(n);
    this.values = new Float32Array(n);
    this.logProbs = new Float32Array(n);
    this.advantageValues = new Float32Array(n);
    this.returnValues = new Float32Array(n);
  }

  /** Rows stored so far (`numSteps * numEnvs` when full). */
  get size(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows === this.numSteps * this.numEnvs;
  }

  /** Adds the next row: env copies in order within a step, steps in order. */
  add(row: RolloutRow): void {
    if (this.full) throw new ConfigError(`RolloutBuffer.add: the buffer is full (${this.numSteps} steps x ${this.numEnvs} envs); call reset()`);
    const i = this.rows;
    writeRow(this.observations, i, this.observationSize, row.observation, this.observationShape, 'RolloutBuffer.add: observation');
    writeRow(this.actions, i, this.actionSize, row.action, this.actionShape, 'RolloutBuffer.add: action');
    this.rewards[i] = row.reward;
    this.dones[i] = row.done ? 1 : 0;
    this.values[i] = row.value;
    this.logProbs[i] = row.logProb;
    this.rows++;
    this.computed = false;
  }

  /** Fills advantages and returns by GAE; `lastValues[e]` = V(observation after the last step of copy e). */
  computeReturnsAndAdvantages(lastValues: ArrayLike<number>): void {
    if (!this.full) throw new ConfigError(`RolloutBuffer: compute advantages on a full buffer (${this.rows} of ${this.numSteps * this.numEnvs} rows)`);
    if (lastValues.length !== this.numEnvs) {
      throw new ShapeError(`RolloutBuffer: lastValues has ${lastValues.length} values, expected one per env (${this.numEnvs})`);
    }
    const { numSteps, numEnvs, gamma, gaeLambda } = this;
    for (let e = 0; e < numEnvs; e++) {
      let nextValue = lastValues[e]!;
      let nextAdvantage = 0;
      for (let t = numSteps - 1; t >= 0; t--) {
        const i = t * numEnvs + e;
        const nonTerminal = 1 - this.dones[i]!;
        const delta = this.rewards[i]! + gamma * nextValue * nonTerminal - this.values[i]!;
        nextAdvantage = delta + gamma * gaeLambda * nonTerminal * nextAdvantage;
        this.advantageValues[i] = nextAdvantage;
        this.returnValues[i] = nextAdvantage + this.values[i]!;
        nextValue = this.values[i]!;
      }
    }
    this.computed = true;
  }

  /** Advantages, step-major `[numSteps * numEnvs]` (a copy). */
  get advantages(): Float32Array {
    this.requireComputed('advantages');
    return this.advantageValues.slice();
  }

  /** Value targets R = A + V, step-major (a copy). */
  get returns(): Float32Array {
    this.requireComputed('returns');
    return this.returnValues.slice();
  }

  /** The rollout in shuffled minibatches of `batchSize` rows (the last may be smaller). */
  *minibatches(batchSize: number, rng: Rng): Generator<RolloutBatch> {
    this.requireComputed('minibatches');
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
      throw new ConfigError(`RolloutBuffer.minibatches: batchSize must be a positive integer, got ${String(batchSize)}`);
    }
    const order = rng.permutation(this.rows);
    for (let start = 0; start < order.length; start += batchSize) yield this.gather(order.subarray(start, start + batchSize));
  }

  /** The rows at `indices` as a batch. */
  gather(indices: Int32Array): RolloutBatch {
    const n = indices.length;
    const obs = new Float32Array(n * this.observationSize);
    const actions = new Float32Array(n * this.actionSize);
    const columns = [this.values, this.logProbs, this.advantageValues, this.returnValues].map(() => new Float32Array(n));
    for (let k = 0; k < n; k++) {
      const i = indices[k]!;
      obs.set(this.observations.subarray(i * this.observationSize, (i + 1) * this.observationSize), k * this.observationSize);
      actions.set(this.actions.subarray(i * this.actionSize, (i + 1) * this.actionSize), k * this.actionSize);
      columns[0]![k] = this.values[i]!;
      columns[1]![k] = this.logProbs[i]!;
      columns[2]![k] = this.advantageValues[i]!;
      columns[3]![k] = this.returnValues[i]!;
    }
    return {
      observations: new Tensor([n, ...this.observationShape], obs),
      actions: new Tensor([n, ...this.actionShape], actions),
      values: new Tensor([n], columns[0]),
      logProbs: new Tensor([n], columns[1]),
      advantages: new Tensor([n], columns[2]),
      returns: new Tensor([n], columns[3]),
    };
  }

  /** Empties the buffer for the next rollout (arrays are reused). */
  reset(): void {
    this.rows = 0;
    this.computed = false;
  }

  /** The rows collected so far (a rollout in progress survives a checkpoint). */
  getState(): StateSnapshot {
    const n = this.rows;
    return {
      json: { numSteps: this.numSteps, numEnvs: this.numEnvs, rows: n },
      tensors: {
        observations: new Tensor([n, ...this.observationShape], this.observations.slice(0, n * this.observationSize)),
        actions: new Tensor([n, ...this.actionShape], this.actions.slice(0, n * this.actionSize)),
        rewards: new Tensor([n], this.rewards.slice(0, n)),
        dones: new Tensor([n], this.dones.slice(0, n)),
        values: new Tensor([n], this.values.slice(0, n)),
        logProbs: new Tensor([n], this.logProbs.slice(0, n)),
      },
    };
  }

  setState(state: StateSnapshot): void {
    const where = 'RolloutBuffer.setState';
    const numSteps = snapshotNumber(state.json, 'numSteps', where);
    const numEnvs = snapshotNumber(state.json, 'numEnvs', where);
    if (numSteps !== this.numSteps || numEnvs !== this.numEnvs) {
      throw new ConfigError(`${where}: state is ${numSteps} steps x ${numEnvs} envs, this buffer ${this.numSteps} x ${this.numEnvs}`);
    }
    const n = snapshotNumber(state.json, 'rows', where);
    if (!Number.isInteger(n) || n < 0 || n > numSteps * numEnvs) throw new ConfigError(`${where}: rows ${n} out of range`);
    this.observations.set(snapshotTensor(state, 'observations', [n, ...this.observationShape], where).data);
    this.actions.set(snapshotTensor(state, 'actions', [n, ...this.actionShape], where).data);
    this.rewards.set(snapshotTensor(state, 'rewards', [n], where).data);
    this.dones.set(snapshotTensor(state, 'dones', [n], where).data);
    this.values.set(snapshotTensor(state, 'values', [n], where).data);
    this.logProbs.set(snapshotTensor(state, 'logProbs', [n], where).data);
    this.rows = n;
    this.computed = false;
  }

  private requireComputed(what: string): void {
    if (!this.computed) throw new ConfigError(`RolloutBuffer.${what}: call computeReturnsAndAdvantages(lastValues) on the full buffer first`);
  }
}

