import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Batch, Dataset } from './data-source.js';

/** Options of {@link epochBatches}. */
export interface EpochBatchesOptions {
  /** Visit the examples in a random order (default true); false keeps index order. */
  readonly shuffle?: boolean;
  /** Skip a last batch smaller than `batchSize` (default false). */
  readonly dropLast?: boolean;
}

/**
 * The batches of one epoch over `dataset`: every example once, `batchSize` at a time.
 *
 * The order is a Fisher-Yates permutation drawn from `rng` when this function is called (not
 * lazily at the first `next()`), so the rng advances at a predictable point even if the loop
 * interleaves other draws from the same stream: the same rng state gives the same order.
 * `rng` is not touched when `shuffle` is false.
 *
 * @example
 * ```ts
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const batch of epochBatches(source.train, 64, rng)) learner.trainStep(batch);
 * }
 * ```
 */
export function epochBatches(dataset: Dataset, batchSize: number, rng: Rng, options: EpochBatchesOptions = {}): Generator<Batch, void, undefined> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ConfigError(`epochBatches: batchSize must be a positive integer, got ${String(batchSize)}`);
  }
  const { shuffle = true, dropLast = false } = options;
  let order: Int32Array;
  if (shuffle) {
    order = rng.permutation(dataset.size);
  } else {
    order = new Int32Array(dataset.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
  }
  return batchesInOrder(dataset, order, batchSize, dropLast);
}

/**
 * Number of batches {@link epochBatches} yields for `size` examples.
 *
 * @example
 * ```ts
 * batchesPerEpoch(10, 4);       // 3
 * batchesPerEpoch(10, 4, true); // 2
 * ```
 */
export function batchesPerEpoch(size: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
}

function* batchesInOrder(dataset: Dataset, order: Int32Array, batchSize: number, dropLast: boolean): Generator<Batch, void, undefined> {
  const count = batchesPerEpoch(order.length, batchSize, dropLast);
  for (let b = 0; b < count; b++) yield dataset.batch(order.subarray(b * batchSize, Math.min((b + 1) * batchSize, order.length)));
}
