// Proportional prioritized experience replay: T. Schaul, J. Quan, I. Antonoglou and D. Silver,
// "Prioritized Experience Replay", ICLR 2016 (arXiv:1511.05952), section 3.3 and appendix B.2.1:
//   P(i) = p_i^alpha / sum_k p_k^alpha,   p_i = |delta_i| + epsilon,
//   w_i = (N * P(i))^-beta / max_j w_j    (importance-sampling correction, scaled to <= 1),
// drawing one row from each of k equal slices of the total priority mass (stratified), and
// giving new transitions the largest priority seen so far so each is replayed at least once.

import { snapshotNumber, snapshotTensor, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { ConfigError, ShapeError } from '../../src/errors.js';
import type { Rng } from '../../src/random/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { SumTree } from './sum-tree.js';

/** Proportional prioritization settings (Schaul et al., 2016). */
export interface PrioritizedReplayOptions {
  /** How much prioritization is used: 0 is uniform, 1 fully proportional. */
  readonly alpha: number;
  /** Added to |TD error| so no transition gets priority 0. */
  readonly epsilon: number;
}

/**
 * The priorities of a replay buffer's rows and the draws they imply; the buffer owns the rows,
 * this owns which ones to replay and with what weight.
 *
 * @example
 * ```ts
 * const sampler = new PrioritizedSampler(1000, { alpha: 0.6, epsilon: 1e-6 });
 * sampler.added(row);                                        // at the largest priority so far
 * sampler.sample(size, 32, 0.4, rng, indices, weights);      // rows and IS weights
 * sampler.update(indices, tdErrors, size);
 * ```
 */
export class PrioritizedSampler {
  readonly alpha: number;
  readonly epsilon: number;
  private readonly tree: SumTree;
  /** The largest priority given so far (before ^alpha); new rows get it. */
  private maxPriority = 1;

  constructor(capacity: number, options: PrioritizedReplayOptions) {
    const { alpha, epsilon } = options;
    if (!(alpha >= 0 && Number.isFinite(alpha))) throw new ConfigError(`prioritized replay: alpha must be finite and >= 0, got ${alpha}`);
    if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new ConfigError(`prioritized replay: epsilon must be finite and > 0, got ${epsilon}`);
    this.alpha = alpha;
    this.epsilon = epsilon;
    this.tree = new SumTree(capacity);
  }

  /** A row was (over)written: it gets the largest priority seen so far. */
  added(row: number): void {
    this.tree.set(row, this.leaf(this.maxPriority));
  }

  /** Writes `indices.length` stratified draws among the first `size` rows and their weights for `beta` in [0, 1]. */
  sample(size: number, batchSize: number, beta: number, rng: Rng, indices: Int32Array, weights: Float32Array): void {
    if (!(beta >= 0 && beta <= 1)) throw new ConfigError(`prioritized replay: beta must lie in [0, 1], got ${String(beta)}`);
    const total = this.tree.total;
    const slice = total / batchSize;
    // max_j w_j belongs to the least likely row: (N min P)^-beta.
    const maxWeight = (size * (this.tree.min / total)) ** -beta;
    for (let i = 0; i < batchSize; i++) {
      const row = this.tree.find((i + rng.nextFloat()) * slice);
      indices[i] = row;
      weights[i] = (size * (this.tree.get(row) / total)) ** -beta / maxWeight;
    }
  }

  /** Sets the priorities of rows `indices` (each < `size`) to |tdErrors| + epsilon. */
  update(indices: Int32Array, tdErrors: ArrayLike<number>, size: number): void {
    if (tdErrors.length < indices.length) throw new ShapeError(`prioritized replay: ${tdErrors.length} TD errors for ${indices.length} indices`);
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]!;
      if (row < 0 || row >= size) throw new ConfigError(`prioritized replay: row ${row} is outside [0, ${size})`);
      const priority = Math.abs(tdErrors[i]!) + this.epsilon;
      if (!Number.isFinite(priority)) throw new ConfigError(`prioritized replay: TD error ${tdErrors[i]} at batch row ${i} is not finite`);
      if (priority > this.maxPriority) this.maxPriority = priority;
      this.tree.set(row, this.leaf(priority));
    }
  }

  /** The probability that one draw picks `row`. */
  probability(row: number): number {
    return this.tree.get(row) / this.tree.total;
  }

  /** The first `size` leaves (p^alpha) and the largest priority. */
  getState(size: number): StateSnapshot {
    const leaves = new Float32Array(size);
    for (let i = 0; i < size; i++) leaves[i] = this.tree.get(i);
    return { json: { maxPriority: this.maxPriority }, tensors: { priorities: new Tensor([size], leaves) } };
  }

  /** Restores {@link PrioritizedSampler.getState} output for `size` rows. */
  setState(state: StateSnapshot, size: number, where: string): void {
    const maxPriority = snapshotNumber(state.json, 'maxPriority', where);
    const leaves = snapshotTensor(state, 'priorities', [size], where).data;
    this.tree.clear();
    for (let i = 0; i < size; i++) this.tree.set(i, leaves[i]!);
    this.maxPriority = maxPriority;
  }

  /**
   * p^alpha rounded to float32: leaves are then exactly what a checkpoint stores, and since every
   * inner node is recomputed from its children, a restored tree equals the original.
   */
  private leaf(priority: number): number {
    return Math.fround(priority ** this.alpha);
  }
}
