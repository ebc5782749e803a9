import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { assertValidShape, shapeSize } from '../tensor/shape.js';
import { checkBatchIndices } from './batch-indices.js';
import type { Batch, Dataset } from './data-source.js';
import { checkLabels } from './tensor-dataset.js';
import { pixelLookupTable, type PixelRange } from './pixel-range.js';

/** What a {@link ByteImageDataset} is built from. Arrays are taken as is (not copied). */
export interface ByteImageDatasetInit {
  /** 8-bit pixels, `[size, ...inputShape]` flattened (NHWC for images). */
  readonly pixels: Uint8Array;
  /** Shape of one example, e.g. `[28, 28, 1]` or `[784]`. */
  readonly inputShape: readonly number[];
  /** Class index per example. */
  readonly labels: Int32Array;
  readonly numClasses: number;
  /** How bytes become floats in each batch. */
  readonly range: PixelRange;
  /** Named in error messages, e.g. `mnist/train`. */
  readonly name: string;
}

/**
 * A labelled image dataset that keeps its pixels as bytes and converts only the rows of each batch
 * to float32. Real image sets are 8-bit: holding bytes takes a quarter of the memory of floats
 * (CIFAR-10's 50,000 training images: 154 MB instead of 614 MB) and loses nothing.
 *
 * @example
 * ```ts
 * const data = new ByteImageDataset({ pixels, inputShape: [28, 28, 1], labels, numClasses: 10, range: '0,1', name: 'digits' });
 * const b = data.batch([0, 1]); // b.inputs: shape [2, 28, 28, 1], values in [0, 1]
 * ```
 */
export class ByteImageDataset implements Dataset {
  readonly size: number;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly labels: Int32Array;
  readonly range: PixelRange;
  readonly name: string;
  private readonly pixels: Uint8Array;
  private readonly rowSize: number;
  private readonly table: Float32Array;

  constructor(init: ByteImageDatasetInit) {
    this.name = init.name;
    assertValidShape(init.inputShape, `${this.name}: inputShape`);
    this.rowSize = shapeSize(init.inputShape);
    if (this.rowSize === 0 || init.pixels.length !== init.labels.length * this.rowSize) {
      throw new ShapeError(
        `${this.name}: ${init.pixels.length} pixels for ${init.labels.length} labels; expected ${init.labels.length} examples of shape ${formatShape(init.inputShape)}`,
      );
    }
    this.size = init.labels.length;
    this.inputShape = Object.freeze([...init.inputShape]);
    this.numClasses = checkLabels(init.labels, init.numClasses, this.name);
    this.labels = init.labels;
    this.pixels = init.pixels;
    this.range = init.range;
    this.table = pixelLookupTable(init.range);
  }

  batch(indices: ArrayLike<number>): Batch {
    const rows = checkBatchIndices(indices, this.size, this.name);
    const n = rows.length;
    const size = this.rowSize;
    const inputs = new Float32Array(n * size);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const from = row * size;
      const to = i * size;
      for (let k = 0; k < size; k++) inputs[to + k] = this.table[this.pixels[from + k]!]!;
      labels[i] = this.labels[row]!;
    }
    return { inputs: new Tensor([n, ...this.inputShape], inputs), labels };
  }
}
