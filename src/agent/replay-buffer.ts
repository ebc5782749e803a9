import { ConfigError, formatShape } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { writeRow } from './write-row.js';
import { shapeSize, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import {
  rngStateFromJson,
  rngStateToJson,
  snapshotNumber,
  snapshotTensor,
  type JsonValue,
  type StateSnapshot,
  type Stateful,
} from './state-snapshot.js';

/** Options of {@link ReplayBuffer}. */
export interface ReplayBufferOptions {
  /** Transitions kept; the oldest is overwritten once full. */
  readonly capacity: number;
  /** Shape of one observation as stored (`[]` for a Discrete index, `[4]` for CartPole). */
  readonly observationShape: readonly number[];
  /** Shape of one action as stored (`[]` for a Discrete action, the default). */
  readonly actionShape?: readonly number[];
  /** The stream `sample` draws from (e.g. `rng.child('replay')`); saved with the buffer. */
  readonly rng: Rng;
}

/** A uniformly sampled minibatch; every tensor is batch-major and a fresh copy. */
export interface ReplayBatch {
  readonly observations: Tensor;
  readonly actions: Tensor;
  /** `[batch]`. */
  readonly rewards: Tensor;
  readonly nextObservations: Tensor;
  /** `[batch]`, 1 where the transition reached a terminal state (truncations store 0). */
  readonly terminated: Tensor;
  /** Buffer rows the batch was drawn from. */
  readonly indices: Int32Array;
}

/**
 * A fixed-capacity ring buffer of transitions for off-policy agents (DQN's experience replay,
 * Mnih et al., 2015), preallocated as float32 arrays so adding never allocates.
 *
 * Only `terminated` is stored as the done flag: a time-limit truncation keeps 0, so targets
 * bootstrap from its `nextObservation` (Stable-Baselines3's `handle_timeout_termination`).
 * Sampling is uniform with replacement from its own `Rng`, whose state is part of `getState()`,
 * so a restored buffer draws the same batches.
 *
 * @example
 * ```ts
 * const buffer = new ReplayBuffer({ capacity: 10_000, observationShape: [4], rng: rng.child('replay') });
 * buffer.add(observation, action, reward, nextObservation, terminated);
 * if (buffer.size >= 64) { const batch = buffer.sample(64); batch.observations.shape; } // [64, 4]
 * ```
 */
export class ReplayBuffer implements Stateful {
  readonly capacity: number;
  readonly observationShape: readonly number[];
  readonly actionShape: readonly number[];
  private readonly observationSize: number;
  private readonly actionSize: number;
  private readonly observations: Float32Array;
  private readonly nextObservations: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly terminated: Float32Array;
  private readonly rng: Rng;
  private position = 0;
  private filled = 0;

  constructor(options: ReplayBufferOptions) {
    const { capacity, observationShape, actionShape = [] } = options;
    if (!Number.isSafeInteger(capacity) || capacity <= 0) {
      throw new ConfigError(`ReplayBuffer: capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.capacity = capacity;
    this.observationShape = Object.freeze([...observationShape]);
    this.actionShape = Object.freeze([...actionShape]);
    this.observationSize = shapeSize(observationShape);
    this.actionSize = shapeSize(actionShape);
    this.observations = new Float32Array(capacity * this.observationSize);
    this.nextObservations = new Float32Array(capacity * this.observationSize);
    this.actions = new Float32Array(capacity * this.actionSize);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Float32Array(capacity);
    this.rng = options.rng;
  }

  /** Transitions currently stored (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /** Stores one transition, overwriting the oldest when full. Numbers stand for shape-`[]` values. */
  add(
    observation: number | ArrayLike<number>,
    action: number | ArrayLike<number>,
    reward: number,
    nextObservation: number | ArrayLike<number>,
    terminated: boolean,
  ): void {
    const row = this.position;
    writeRow(this.observations, row, this.observationSize, observation, this.observationShape, 'ReplayBuffer.add: observation');
    writeRow(this.nextObservations, row, this.observationSize, nextObservation, this.observationShape, 'ReplayBuffer.add: nextObservation');
    writeRow(this.actions, row, this.actionSize, action, this.actionShape, 'ReplayBuffer.add: action');
    this.rewards[row] = reward;
    this.terminated[row] = terminated ? 1 : 0;
    this.position = (row + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /** `batchSize` transitions drawn uniformly with replacement. Throws when the buffer is empty. */
  sample(batchSize: number): ReplayBatch {
    if (this.filled === 0) throw new ConfigError('ReplayBuffer.sample: the buffer is empty; add transitions first');
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
      throw new ConfigError(`ReplayBuffer.sample: batchSize must be a positive integer, got ${String(batchSize)}`);
    }
    const indices = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) indices[i] = this.rng.int(this.filled);
    return this.gather(indices);
  }

  /** The transitions at the given rows (0 = the oldest slot written first), as a batch. */
  gather(indices: Int32Array): ReplayBatch {
    const n = indices.length;
    const obs = new Float32Array(n * this.observationSize);
    const next = new Float32Array(n * this.observationSize);
    const actions = new Float32Array(n * this.actionSize);
    const rewards = new Float32Array(n);
    const terminated = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const row = indices[i]!;
      if (row < 0 || row >= this.filled) throw new ConfigError(`ReplayBuffer.gather: row ${row} is outside [0, ${this.filled})`);
      obs.set(this.observations.subarray(row * this.observationSize, (row + 1) * this.observationSize), i * this.observationSize);
      next.set(this.nextObservations.subarray(row * this.observationSize, (row + 1) * this.observationSize), i * this.observationSize);
      actions.set(this.actions.subarray(row * this.actionSize, (row + 1) * this.actionSize), i * this.actionSize);
      rewards[i] = this.rewards[row]!;
      terminated[i] = this.terminated[row]!;
    }
    return {
      observations: new Tensor([n, ...this.observationShape], obs),
      actions: new Tensor([n, ...this.actionShape], actions),
      rewards: new Tensor([n], rewards),
      nextObservations: new Tensor([n, ...this.observationShape], next),
      terminated: new Tensor([n], terminated),
      indices,
    };
  }

  /** Contents (the filled rows only), write position and sampling Rng. */
  getState(): StateSnapshot {
    const n = this.filled;
    return {
      json: {
        capacity: this.capacity,
        observationShape: [...this.observationShape],
        actionShape: [...this.actionShape],
        position: this.position,
        size: n,
        rng: rngStateToJson(this.rng),
      },
      tensors: {
        observations: new Tensor([n, ...this.observationShape], this.observations.slice(0, n * this.observationSize)),
        nextObservations: new Tensor([n, ...this.observationShape], this.nextObservations.slice(0, n * this.observationSize)),
        actions: new Tensor([n, ...this.actionShape], this.actions.slice(0, n * this.actionSize)),
        rewards: new Tensor([n], this.rewards.slice(0, n)),
        terminated: new Tensor([n], this.terminated.slice(0, n)),
      },
    };
  }

  /** Restores `getState()` output of a buffer with the same capacity and shapes. */
  setState(state: StateSnapshot): void {
    const where = 'ReplayBuffer.setState';
    const { json } = state;
    const capacity = snapshotNumber(json, 'capacity', where);
    if (capacity !== this.capacity) throw new ConfigError(`${where}: state has capacity ${capacity}, this buffer ${this.capacity}`);
    checkShape(json.observationShape, this.observationShape, 'observationShape', where);
    checkShape(json.actionShape, this.actionShape, 'actionShape', where);
    const size = snapshotNumber(json, 'size', where);
    const position = snapshotNumber(json, 'position', where);
    if (!Number.isInteger(size) || size < 0 || size > capacity || !Number.isInteger(position) || position < 0 || position >= capacity) {
      throw new ConfigError(`${where}: size ${size} / position ${position} do not fit capacity ${capacity}`);
    }
    const rngState = rngStateFromJson(json.rng, `${where} rng`);
    const obs = snapshotTensor(state, 'observations', [size, ...this.observationShape], where);
    const next = snapshotTensor(state, 'nextObservations', [size, ...this.observationShape], where);
    const actions = snapshotTensor(state, 'actions', [size, ...this.actionShape], where);
    const rewards = snapshotTensor(state, 'rewards', [size], where);
    const terminated = snapshotTensor(state, 'terminated', [size], where);
    this.observations.fill(0).set(obs.data);
    this.nextObservations.fill(0).set(next.data);
    this.actions.fill(0).set(actions.data);
    this.rewards.fill(0).set(rewards.data);
    this.terminated.fill(0).set(terminated.data);
    this.filled = size;
    this.position = position;
    this.rng.setState(rngState);
  }
}


function checkShape(value: JsonValue | undefined, expected: readonly number[], field: string, where: string): void {
  const ok = Array.isArray(value) && value.every((d) => typeof d === 'number') && shapesEqual(value as number[], expected);
  if (!ok) throw new ConfigError(`${where}: state ${field} ${JSON.stringify(value)} does not match this buffer's ${formatShape(expected)}`);
}
