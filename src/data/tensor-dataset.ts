import { ConfigError, ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { assertValidShape, shapeSize } from '../tensor/shape.js';
import { checkBatchIndices } from './batch-indices.js';
import type { Batch, Dataset } from './data-source.js';

/** What a {@link TensorDataset} is built from. Arrays are taken as is (not copied): do not mutate them later. */
export interface TensorDatasetInit {
  /** Row-major inputs, `[size, ...inputShape]` flattened. */
  readonly inputs: Float32Array;
  /** Shape of one example's input (NHWC images: `[height, width, channels]`). */
  readonly inputShape: readonly number[];
  /** Class index per example. */
  readonly labels?: Int32Array;
  /** Number of classes; defaults to `max(labels) + 1` when labels are given. */
  readonly numClasses?: number;
  /** Row-major dense targets, `[size, ...targetShape]` flattened. */
  readonly targets?: Float32Array;
  /** Shape of one example's target; required with `targets`. */
  readonly targetShape?: readonly number[];
  /** Named in error messages, e.g. `ring-8/train`. */
  readonly name?: string;
}

/**
 * An in-memory dataset of float32 inputs with optional integer labels and dense targets.
 * `batch(indices)` copies the selected rows into fresh arrays, so learners may modify a batch
 * freely and the dataset never changes.
 *
 * @example
 * ```ts
 * const data = new TensorDataset({ inputs: Float32Array.of(0, 1, 2, 3), inputShape: [2], labels: Int32Array.of(0, 1) });
 * const b = data.batch([1, 0]);   // b.inputs: [[2, 3], [0, 1]], b.labels: [1, 0]
 * ```
 */
export class TensorDataset implements Dataset {
  readonly size: number;
  readonly inputShape: readonly number[];
  readonly numClasses?: number;
  readonly labels?: Int32Array;
  readonly targetShape?: readonly number[];
  /** The name used in error messages. */
  readonly name: string;
  private readonly inputs: Float32Array;
  private readonly targets?: Float32Array;
  private readonly rowSize: number;
  private readonly targetRowSize: number;

  constructor(init: TensorDatasetInit) {
    this.name = init.name ?? 'TensorDataset';
    assertValidShape(init.inputShape, `${this.name}: inputShape`);
    this.rowSize = shapeSize(init.inputShape);
    if (this.rowSize === 0) throw new ShapeError(`${this.name}: inputShape ${formatShape(init.inputShape)} has no elements`);
    if (init.inputs.length % this.rowSize !== 0) {
      throw new ShapeError(
        `${this.name}: ${init.inputs.length} input values are not a whole number of examples of shape ${formatShape(init.inputShape)} (${this.rowSize} values each)`,
      );
    }
    this.size = init.inputs.length / this.rowSize;
    this.inputShape = Object.freeze([...init.inputShape]);
    this.inputs = init.inputs;

    if (init.labels !== undefined) {
      if (init.labels.length !== this.size) {
        throw new ShapeError(`${this.name}: ${init.labels.length} labels for ${this.size} examples; expected one label per example`);
      }
      this.numClasses = checkLabels(init.labels, init.numClasses, this.name);
      this.labels = init.labels;
    } else if (init.numClasses !== undefined) {
      throw new ConfigError(`${this.name}: numClasses was given without labels`);
    }

    this.targetRowSize = 0;
    if (init.targets !== undefined || init.targetShape !== undefined) {
      if (init.targets === undefined || init.targetShape === undefined) {
        throw new ConfigError(`${this.name}: targets and targetShape must be given together`);
      }
      assertValidShape(init.targetShape, `${this.name}: targetShape`);
      this.targetRowSize = shapeSize(init.targetShape);
      if (init.targets.length !== this.size * this.targetRowSize) {
        throw new ShapeError(
          `${this.name}: ${init.targets.length} target values for ${this.size} examples of target shape ${formatShape(init.targetShape)}; expected ${this.size * this.targetRowSize}`,
        );
      }
      this.targets = init.targets;
      this.targetShape = Object.freeze([...init.targetShape]);
    }
  }

  batch(indices: ArrayLike<number>): Batch {
    const rows = checkBatchIndices(indices, this.size, this.name);
    const n = rows.length;
    const inputs = new Float32Array(n * this.rowSize);
    for (let i = 0; i < n; i++) {
      const start = rows[i]! * this.rowSize;
      inputs.set(this.inputs.subarray(start, start + this.rowSize), i * this.rowSize);
    }
    const batch: { inputs: Tensor; labels?: Int32Array; targets?: Tensor } = { inputs: new Tensor([n, ...this.inputShape], inputs) };
    if (this.labels !== undefined) {
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) labels[i] = this.labels[rows[i]!]!;
      batch.labels = labels;
    }
    if (this.targets !== undefined && this.targetShape !== undefined) {
      const size = this.targetRowSize;
      const targets = new Float32Array(n * size);
      for (let i = 0; i < n; i++) targets.set(this.targets.subarray(rows[i]! * size, (rows[i]! + 1) * size), i * size);
      batch.targets = new Tensor([n, ...this.targetShape], targets);
    }
    return batch;
  }
}

/**
 * Checks that labels are class indices in `[0, numClasses)` and returns the number of classes
 * (`max + 1` when not given).
 *
 * @example
 * ```ts
 * checkLabels(Int32Array.of(0, 2, 1), undefined, 'toy'); // 3
 * ```
 */
export function checkLabels(labels: Int32Array, numClasses: number | undefined, what: string): number {
  if (numClasses !== undefined && (!Number.isInteger(numClasses) || numClasses < 1)) {
    throw new ConfigError(`${what}: numClasses must be a positive integer, got ${String(numClasses)}`);
  }
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label < 0 || (numClasses !== undefined && label >= numClasses)) {
      const range = numClasses === undefined ? 'a non-negative integer' : `an integer in [0, ${numClasses})`;
      throw new ConfigError(`${what}: label ${label} of example ${i} is out of range; expected ${range}`);
    }
    if (label > max) max = label;
  }
  return numClasses ?? Math.max(max + 1, 1);
}
