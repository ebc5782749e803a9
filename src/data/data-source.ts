import type { Rng } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * One minibatch. `inputs` is batch-major (`[batch, ...inputShape]`); supervised sources add
 * integer `labels` (and/or dense `targets`).
 */
export interface Batch {
  readonly inputs: Tensor;
  /**
   * Class indices, one per example. Sequence sources (`charCorpus`) give one per time step
   * instead, row-major `[batch, seqLength]`, so a learner can gather log-probabilities directly.
   */
  readonly labels?: Int32Array;
  /** Dense targets, batch-major (regression, next-token ids, ...). */
  readonly targets?: Tensor;
}

/** A finite, indexable set of examples (one split of a data source). */
export interface Dataset {
  /** Number of examples. */
  readonly size: number;
  /** Shape of one example's input, without the batch axis. */
  readonly inputShape: readonly number[];
  /** Number of classes for labelled data. */
  readonly numClasses?: number;
  /**
   * The label of every example in index order, for labelled datasets with one label per example
   * (lets `filterByLabel` and class-balance checks work without decoding inputs). Read-only by
   * convention: never write into it.
   */
  readonly labels?: Int32Array;
  /** The examples at `indices`, stacked into one batch (copies; the dataset is never mutated). */
  batch(indices: ArrayLike<number>): Batch;
}

/**
 * A seeded, batched source of data for `fit`: a training split, an optional held-out split, and
 * for generative toy distributions an unbounded `sample`. Sources never draw randomness of their
 * own: every random choice takes the `Rng` passed in, so runs are reproducible.
 *
 * @example
 * ```ts
 * const source: DataSource = ring8();
 * for (const batch of epochBatches(source.train, 64, rng.child('shuffle'))) learner.trainStep(batch);
 * ```
 */
export interface DataSource {
  /** Registry id, e.g. `mnist`, `ring-8`. */
  readonly id: string;
  readonly train: Dataset;
  readonly test?: Dataset;
  /** Human-readable class names, indexed by label (MNIST digits, CIFAR-10 classes). */
  readonly classNames?: readonly string[];
  /** Fresh examples from the underlying distribution (generative toy sources). */
  sample?(n: number, rng: Rng): Batch;
}
