// DQN's experience replay (V. Mnih et al., "Human-level control through deep reinforcement
// learning", Nature 518, 529-533, 2015), with two of its successors as options:
// - n-step returns (R. S. Sutton, "Learning to predict by the methods of temporal differences",
//   1988; used in Rainbow, Hessel et al. 2018), computed at sample time as Stable-Baselines3's
//   `NStepReplayBuffer` does, so the stored transitions stay one-step and resume needs no pending
//   accumulator;
// - proportional prioritized replay (T. Schaul et al., "Prioritized Experience Replay", ICLR 2016,
//   arXiv:1511.05952), in prioritized-sampler.ts.

import type { ReplayBufferOptions } from '../../src/agent/replay-buffer.js';
import type { ReplayStore } from '../../src/agent/off-policy-agent.js';
import {
  rngStateFromJson,
  rngStateToJson,
  snapshotNumber,
  snapshotTensor,
  type JsonObject,
  type StateSnapshot,
} from '../../src/agent/state-snapshot.js';
import { writeRow } from '../../src/agent/write-row.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import type { Rng } from '../../src/random/rng.js';
import { shapeSize, shapesEqual } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { PrioritizedSampler, type PrioritizedReplayOptions } from './prioritized-sampler.js';

/** Options of {@link DqnReplayBuffer}: the base buffer's, plus the n-step and priority settings. */
export interface DqnReplayBufferOptions extends ReplayBufferOptions {
  /** Env copies adding transitions in turn (copy i of each vector step, i = 0..numEnvs-1). */
  readonly numEnvs: number;
  /** Steps summed into each return (1: the one-step TD target). */
  readonly nSteps: number;
  /** Discount used to sum n-step returns. */
  readonly gamma: number;
  /** Proportional prioritized sampling; uniform when omitted. */
  readonly prioritized?: PrioritizedReplayOptions;
}

/**
 * A sampled minibatch, ready for a TD target `returns + discounts * (1 - terminated) * max_a Q(next)`.
 * The arrays are owned by the buffer and overwritten by the next `sample`: use them before that.
 */
export interface DqnBatch {
  readonly size: number;
  /** `[batch, ...observationShape]`. */
  readonly observations: Tensor;
  /** Action indices (the Discrete action minus its `start`). */
  readonly actions: Int32Array;
  /** Discounted sum of up to n rewards: r_t + gamma r_{t+1} + ... */
  readonly returns: Float32Array;
  /** gamma^k, k the number of rewards summed: the factor of the bootstrap value. */
  readonly discounts: Float32Array;
  /** 1 where the summed steps reached a terminal state (no bootstrap). */
  readonly terminated: Float32Array;
  /** The observation to bootstrap from: after the last summed step (the final one on truncation). */
  readonly nextObservations: Tensor;
  /** Importance-sampling weights (all 1 for uniform sampling). */
  readonly weights: Float32Array;
  /** Buffer rows drawn (pass back to `updatePriorities`). */
  readonly indices: Int32Array;
}

/**
 * A ring buffer of one-step transitions on preallocated float32 arrays that also remembers
 * truncations, draws minibatches uniformly or by priority from its own Rng, and builds n-step
 * returns when sampling. Sampling writes into buffers reused from one call to the next, so a
 * training loop allocates nothing here.
 *
 * n-step returns walk forward from the drawn row through the same env copy's later rows (numEnvs
 * rows apart) and stop at the first terminated or truncated step, after n steps, or at that
 * copy's newest transition (whose successor is not stored yet); the bootstrap discount is
 * gamma^(steps summed). A truncated step bootstraps from its final observation.
 *
 * @example
 * ```ts
 * const buffer = new DqnReplayBuffer({ capacity: 10_000, observationShape: [4], rng: rng.child('replay'),
 *   numEnvs: 1, nSteps: 3, gamma: 0.99, prioritized: { alpha: 0.6, epsilon: 1e-6 } });
 * buffer.add(observation, action, reward, nextObservation, terminated, truncated);
 * const batch = buffer.sample(32, 0.4);   // beta 0.4
 * buffer.updatePriorities(batch.indices, tdErrors);
 * ```
 */
export class DqnReplayBuffer implements ReplayStore {
  readonly capacity: number;
  readonly observationShape: readonly number[];
  readonly numEnvs: number;
  readonly nSteps: number;
  readonly gamma: number;
  private readonly observationSize: number;
  private readonly observations: Float32Array;
  private readonly nextObservations: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly terminated: Uint8Array;
  private readonly truncated: Uint8Array;
  /** Priorities and prioritized draws; null for uniform sampling. */
  private readonly priorities: PrioritizedSampler | null;
  private readonly rng: Rng;
  private position = 0;
  private filled = 0;
  private batch: DqnBatch | null = null;

  constructor(options: DqnReplayBufferOptions) {
    const { capacity, observationShape, actionShape = [], numEnvs, nSteps, gamma, prioritized } = options;
    if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new ConfigError(`DqnReplayBuffer: capacity must be a positive integer, got ${String(capacity)}`);
    if (actionShape.length !== 0) throw new ShapeError(`DqnReplayBuffer: actions must be Discrete (shape []), got shape ${formatShape(actionShape)}`);
    if (!Number.isSafeInteger(numEnvs) || numEnvs <= 0) throw new ConfigError(`DqnReplayBuffer: numEnvs must be a positive integer, got ${String(numEnvs)}`);
    if (!Number.isSafeInteger(nSteps) || nSteps <= 0) throw new ConfigError(`DqnReplayBuffer: nSteps must be a positive integer, got ${String(nSteps)}`);
    if (!(gamma >= 0 && gamma <= 1)) throw new ConfigError(`DqnReplayBuffer: gamma must lie in [0, 1], got ${String(gamma)}`);
    this.capacity = capacity;
    this.observationShape = Object.freeze([...observationShape]);
    this.numEnvs = numEnvs;
    this.nSteps = nSteps;
    this.gamma = gamma;
    this.observationSize = shapeSize(observationShape);
    this.observations = new Float32Array(capacity * this.observationSize);
    this.nextObservations = new Float32Array(capacity * this.observationSize);
    this.actions = new Float32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.truncated = new Uint8Array(capacity);
    this.priorities = prioritized === undefined ? null : new PrioritizedSampler(capacity, prioritized);
    this.rng = options.rng;
  }

  /** Transitions currently stored (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /** Stores one transition, overwriting the oldest when full. */
  add(
    observation: number | ArrayLike<number>,
    action: number | ArrayLike<number>,
    reward: number,
    nextObservation: number | ArrayLike<number>,
    terminated: boolean,
    truncated: boolean,
  ): void {
    const row = this.position;
    writeRow(this.observations, row, this.observationSize, observation, this.observationShape, 'DqnReplayBuffer.add: observation');
    writeRow(this.nextObservations, row, this.observationSize, nextObservation, this.observationShape, 'DqnReplayBuffer.add: nextObservation');
    if (typeof action !== 'number') throw new ShapeError(`DqnReplayBuffer.add: action must be a number (Discrete), got ${action.length} values`);
    this.actions[row] = action;
    this.rewards[row] = reward;
    this.terminated[row] = terminated ? 1 : 0;
    this.truncated[row] = truncated ? 1 : 0;
    this.priorities?.added(row);
    this.position = (row + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /**
   * Draws `batchSize` transitions with replacement: uniformly, or (prioritized) one from each of
   * `batchSize` equal slices of the priority mass, with importance weights for `beta` in [0, 1].
   * `actionStart` is subtracted from the stored actions. The result is reused by the next call.
   */
  sample(batchSize: number, beta = 1, actionStart = 0): DqnBatch {
    if (this.filled === 0) throw new ConfigError('DqnReplayBuffer.sample: the buffer is empty; add transitions first');
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new ConfigError(`DqnReplayBuffer.sample: batchSize must be a positive integer, got ${String(batchSize)}`);
    const batch = this.batchOf(batchSize);
    const indices = batch.indices;
    const weights = batch.weights;
    if (this.priorities === null) {
      for (let i = 0; i < batchSize; i++) indices[i] = this.rng.int(this.filled);
      weights.fill(1);
    } else {
      this.priorities.sample(this.filled, batchSize, beta, this.rng, indices, weights);
    }
    this.gatherInto(batch, actionStart);
    return batch;
  }

  /**
   * The batch starting at the given rows (0 = the first slot written), with weights 1: what
   * `sample` returns for draws that picked these rows. Reused by the next call, like `sample`.
   */
  gather(indices: ArrayLike<number>, actionStart = 0): DqnBatch {
    if (indices.length === 0) throw new ConfigError('DqnReplayBuffer.gather: no rows given');
    const batch = this.batchOf(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]!;
      if (!Number.isInteger(row) || row < 0 || row >= this.filled) throw new ConfigError(`DqnReplayBuffer.gather: row ${row} is outside [0, ${this.filled})`);
      batch.indices[i] = row;
    }
    batch.weights.fill(1);
    this.gatherInto(batch, actionStart);
    return batch;
  }

  /** Sets the priorities of `indices` to |tdErrors| + epsilon (prioritized buffers only). */
  updatePriorities(indices: Int32Array, tdErrors: ArrayLike<number>): void {
    if (this.priorities === null) throw new ConfigError('DqnReplayBuffer.updatePriorities: this buffer samples uniformly (no prioritized option)');
    this.priorities.update(indices, tdErrors, this.filled);
  }

  /** The probability that one draw picks `row` (1 / size when uniform). */
  probability(row: number): number {
    if (row < 0 || row >= this.filled) throw new ConfigError(`DqnReplayBuffer.probability: row ${row} is outside [0, ${this.filled})`);
    return this.priorities === null ? 1 / this.filled : this.priorities.probability(row);
  }

  /** Contents (filled rows), write position, priorities and the sampling Rng. */
  getState(): StateSnapshot {
    const n = this.filled;
    const priorities = this.priorities?.getState(n);
    return {
      json: {
        capacity: this.capacity,
        observationShape: [...this.observationShape],
        position: this.position,
        size: n,
        rng: rngStateToJson(this.rng),
        ...(priorities === undefined ? {} : { priorities: priorities.json }),
      },
      tensors: {
        observations: new Tensor([n, ...this.observationShape], this.observations.slice(0, n * this.observationSize)),
        nextObservations: new Tensor([n, ...this.observationShape], this.nextObservations.slice(0, n * this.observationSize)),
        actions: new Tensor([n], this.actions.slice(0, n)),
        rewards: new Tensor([n], this.rewards.slice(0, n)),
        terminated: new Tensor([n], Float32Array.from(this.terminated.subarray(0, n))),
        truncated: new Tensor([n], Float32Array.from(this.truncated.subarray(0, n))),
        ...priorities?.tensors,
      },
    };
  }

  /** Restores `getState()` output of a buffer with the same capacity, shapes and sampling kind. */
  setState(state: StateSnapshot): void {
    const where = 'DqnReplayBuffer.setState';
    const { json } = state;
    const capacity = snapshotNumber(json, 'capacity', where);
    if (capacity !== this.capacity) throw new ConfigError(`${where}: state has capacity ${capacity}, this buffer ${this.capacity}`);
    const shape = json.observationShape;
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number') || !shapesEqual(shape as number[], this.observationShape)) {
      throw new ConfigError(`${where}: state observationShape ${JSON.stringify(shape)} does not match this buffer's ${formatShape(this.observationShape)}`);
    }
    const size = snapshotNumber(json, 'size', where);
    const position = snapshotNumber(json, 'position', where);
    if (!Number.isInteger(size) || size < 0 || size > capacity || !Number.isInteger(position) || position < 0 || position >= capacity) {
      throw new ConfigError(`${where}: size ${size} / position ${position} do not fit capacity ${capacity}`);
    }
    const rngState = rngStateFromJson(json.rng, `${where} rng`);
    const obs = snapshotTensor(state, 'observations', [size, ...this.observationShape], where);
    const next = snapshotTensor(state, 'nextObservations', [size, ...this.observationShape], where);
    const actions = snapshotTensor(state, 'actions', [size], where);
    const rewards = snapshotTensor(state, 'rewards', [size], where);
    const terminated = snapshotTensor(state, 'terminated', [size], where);
    const truncated = snapshotTensor(state, 'truncated', [size], where);
    const saved = json.priorities;
    if ((saved !== undefined) !== (this.priorities !== null)) {
      throw new ConfigError(`${where}: the state is from a ${saved !== undefined ? 'prioritized' : 'uniform'} buffer, this one is ${this.priorities !== null ? 'prioritized' : 'uniform'}`);
    }
    if (saved !== undefined) {
      if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) throw new ConfigError(`${where}: state field 'priorities' must be an object`);
      this.priorities!.setState({ json: saved as JsonObject, tensors: { priorities: state.tensors['priorities']! } }, size, `${where} priorities`);
    }
    this.observations.fill(0).set(obs.data);
    this.nextObservations.fill(0).set(next.data);
    this.actions.fill(0).set(actions.data);
    this.rewards.fill(0).set(rewards.data);
    this.terminated.fill(0).set(terminated.data);
    this.truncated.fill(0).set(truncated.data);
    this.filled = size;
    this.position = position;
    this.rng.setState(rngState);
  }

  /** Fills observations, actions, n-step returns, discounts, done flags and next observations of `batch.indices`. */
  private gatherInto(batch: DqnBatch, actionStart: number): void {
    const size = this.observationSize;
    const { gamma, nSteps, numEnvs, capacity } = this;
    const newest = (this.position - 1 + capacity) % capacity;
    for (let i = 0; i < batch.size; i++) {
      const first = batch.indices[i]!;
      let row = first;
      let total = 0;
      let discount = 1;
      for (let k = 0; ; k++) {
        total += discount * this.rewards[row]!;
        discount *= gamma;
        if (this.terminated[row] === 1 || this.truncated[row] === 1 || k + 1 >= nSteps) break;
        // Rows written after `row` by the same env copy: none when fewer than numEnvs came since.
        if ((newest - row + capacity) % capacity < numEnvs) break;
        row = (row + numEnvs) % capacity;
      }
      batch.observations.data.set(this.observations.subarray(first * size, (first + 1) * size), i * size);
      batch.nextObservations.data.set(this.nextObservations.subarray(row * size, (row + 1) * size), i * size);
      batch.actions[i] = this.actions[first]! - actionStart;
      batch.returns[i] = total;
      batch.discounts[i] = discount;
      batch.terminated[i] = this.terminated[row]!;
    }
  }

  /** The reused batch arrays for `batchSize` rows (reallocated only when the size changes). */
  private batchOf(batchSize: number): DqnBatch {
    if (this.batch !== null && this.batch.size === batchSize) return this.batch;
    this.batch = {
      size: batchSize,
      observations: new Tensor([batchSize, ...this.observationShape]),
      actions: new Int32Array(batchSize),
      returns: new Float32Array(batchSize),
      discounts: new Float32Array(batchSize),
      terminated: new Float32Array(batchSize),
      nextObservations: new Tensor([batchSize, ...this.observationShape]),
      weights: new Float32Array(batchSize),
      indices: new Int32Array(batchSize),
    };
    return this.batch;
  }
}

