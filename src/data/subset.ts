import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { checkBatchIndices } from './batch-indices.js';
import type { Batch, Dataset } from './data-source.js';

/**
 * The examples of `dataset` at `indices`, in that order, as a new dataset. It is a view: batches
 * are read from the parent on demand, so a subset of 50,000 images costs one index array.
 * Duplicate indices are allowed (bootstrap resampling).
 *
 * @example
 * ```ts
 * const firstHundred = subset(source.train, Array.from({ length: 100 }, (_, i) => i));
 * ```
 */
export function subset(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const rows = checkBatchIndices(indices, dataset.size, 'subset');
  return new SubsetDataset(dataset, rows, null);
}

/** Options of {@link filterByLabel}. */
export interface FilterByLabelOptions {
  /**
   * Renumber the kept classes 0..k-1 in the order of `keep` (so digits 5-9 become classes 0-4 for
   * a fresh 5-way head). Default false: labels keep their original values and `numClasses`.
   */
  readonly remap?: boolean;
}

/**
 * The examples whose label is one of `keep`, in their original order. Needs a dataset that
 * exposes `labels` (every labelled built-in source does).
 *
 * @example
 * ```ts
 * // Transfer learning: pretrain on digits 0-4, then fine-tune on 500 examples of digits 5-9.
 * const low = filterByLabel(mnistSource.train, [0, 1, 2, 3, 4]);
 * const high = filterByLabel(mnistSource.train, [5, 6, 7, 8, 9], { remap: true });
 * const few = randomSubset(high, 500, rng.child('fine-tune-subset'));
 * ```
 */
export function filterByLabel(dataset: Dataset, keep: readonly number[], options: FilterByLabelOptions = {}): Dataset {
  const labels = dataset.labels;
  if (labels === undefined) {
    throw new ConfigError('filterByLabel: the dataset has no per-example labels (Dataset.labels is undefined)');
  }
  const numClasses = dataset.numClasses ?? Infinity;
  const newLabelOf = new Map<number, number>();
  keep.forEach((label, position) => {
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new ConfigError(`filterByLabel: label ${String(label)} in keep is not a class of the dataset (expected an integer in [0, ${numClasses}))`);
    }
    if (newLabelOf.has(label)) throw new ConfigError(`filterByLabel: label ${label} appears twice in keep`);
    newLabelOf.set(label, position);
  });
  const rows: number[] = [];
  for (let i = 0; i < labels.length; i++) if (newLabelOf.has(labels[i]!)) rows.push(i);
  const remap = options.remap === true ? { newLabelOf, numClasses: keep.length } : null;
  return new SubsetDataset(dataset, Int32Array.from(rows), remap);
}

/**
 * `n` distinct examples of `dataset` drawn uniformly without replacement with `rng` (same rng
 * state => same examples, in the order drawn).
 *
 * @example
 * ```ts
 * const labelled = randomSubset(source.train, 500, rng.child('labelled'));
 * ```
 */
export function randomSubset(dataset: Dataset, n: number, rng: Rng): Dataset {
  if (!Number.isInteger(n) || n < 0 || n > dataset.size) {
    throw new ConfigError(`randomSubset: n must be an integer in [0, ${dataset.size}] (the dataset size), got ${String(n)}`);
  }
  return new SubsetDataset(dataset, rng.permutation(dataset.size).slice(0, n), null);
}

interface LabelRemap {
  readonly newLabelOf: ReadonlyMap<number, number>;
  readonly numClasses: number;
}

/** A view of some rows of a parent dataset, optionally with renumbered labels. */
class SubsetDataset implements Dataset {
  readonly size: number;
  readonly inputShape: readonly number[];
  readonly numClasses?: number;
  readonly labels?: Int32Array;

  constructor(
    private readonly parent: Dataset,
    private readonly rows: Int32Array,
    private readonly remap: LabelRemap | null,
  ) {
    this.size = rows.length;
    this.inputShape = parent.inputShape;
    const numClasses = remap?.numClasses ?? parent.numClasses;
    if (numClasses !== undefined) this.numClasses = numClasses;
    if (parent.labels !== undefined) {
      const parentLabels = parent.labels;
      const labels = new Int32Array(rows.length);
      for (let i = 0; i < rows.length; i++) labels[i] = this.relabel(parentLabels[rows[i]!]!);
      this.labels = labels;
    }
  }

  batch(indices: ArrayLike<number>): Batch {
    const local = checkBatchIndices(indices, this.size, 'subset');
    const parentRows = new Int32Array(local.length);
    for (let i = 0; i < local.length; i++) parentRows[i] = this.rows[local[i]!]!;
    const batch = this.parent.batch(parentRows);
    if (this.remap === null || batch.labels === undefined) return batch;
    const labels = batch.labels.map((label) => this.relabel(label));
    return { ...batch, labels };
  }

  private relabel(label: number): number {
    return this.remap === null ? label : this.remap.newLabelOf.get(label)!;
  }
}
