import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { Batch, DataSource } from './data-source.js';
import { TensorDataset } from './tensor-dataset.js';

/** A mixture of equally weighted isotropic 2-D Gaussians: the classic GAN mode-collapse benchmarks. */
export interface Toy2dDistribution {
  readonly id: 'ring-8' | 'grid-25';
  readonly description: string;
  /** Mode centers `[x, y]`; a sample's label is the index of the mode it was drawn from. */
  readonly centers: readonly (readonly [number, number])[];
  /** Standard deviation of every mode, per coordinate. */
  readonly sigma: number;
}

/** Standard deviation of each `ring-8` mode. */
export const RING_8_SIGMA = 0.01;
/** Standard deviation of each `grid-25` mode. */
export const GRID_25_SIGMA = 0.05;

/**
 * 8 Gaussians evenly spaced on the unit circle (mode k at angle 2πk/8, starting at (1, 0)),
 * sigma 0.01 (Metz et al., 2017, "Unrolled Generative Adversarial Networks").
 */
export const RING_8: Toy2dDistribution = Object.freeze({
  id: 'ring-8',
  description: '8 Gaussians (sigma 0.01) evenly spaced on the unit circle',
  centers: Object.freeze(
    Array.from({ length: 8 }, (_, k) => Object.freeze([Math.cos((2 * Math.PI * k) / 8), Math.sin((2 * Math.PI * k) / 8)] as const)),
  ),
  sigma: RING_8_SIGMA,
});

/**
 * 25 Gaussians at {-4, -2, 0, 2, 4}² (row-major: mode 5i + j at (-4 + 2i, -4 + 2j)), sigma 0.05
 * (Srivastava et al., 2017, "VEEGAN").
 */
export const GRID_25: Toy2dDistribution = Object.freeze({
  id: 'grid-25',
  description: '25 Gaussians (sigma 0.05) on the grid {-4, -2, 0, 2, 4}^2',
  centers: Object.freeze(
    Array.from({ length: 25 }, (_, m) => Object.freeze([-4 + 2 * Math.floor(m / 5), -4 + 2 * (m % 5)] as const)),
  ),
  sigma: GRID_25_SIGMA,
});

/**
 * `n` points of `distribution`: each picks a mode uniformly, then adds N(0, sigma²) per
 * coordinate. Inputs `[n, 2]`, labels = mode indices.
 *
 * @example
 * ```ts
 * const { inputs, labels } = sampleToy2d(RING_8, 256, rng.child('real'));
 * ```
 */
export function sampleToy2d(distribution: Toy2dDistribution, n: number, rng: Rng): Batch {
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${distribution.id}: sample size must be a non-negative integer, got ${String(n)}`);
  const { centers, sigma } = distribution;
  const inputs = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const mode = rng.int(centers.length);
    const [cx, cy] = centers[mode]!;
    labels[i] = mode;
    inputs[2 * i] = rng.normal(cx, sigma);
    inputs[2 * i + 1] = rng.normal(cy, sigma);
  }
  return { inputs: new Tensor([n, 2], inputs), labels };
}

/** Options of {@link toy2dSource}. */
export interface Toy2dOptions {
  /** Points in the finite training set (default 10,000). */
  readonly trainSize?: number;
  /** Seed of the training set; see {@link toy2dSource} for the default. */
  readonly seed?: number;
}

/**
 * A data source over a toy 2-D distribution: a finite training set (for epoch-style `fit`) and
 * an unbounded `sample`. The training set is drawn from the child stream `'<id>/train'` of
 * `new Rng(options.seed)` when a seed is given, else of `rng` (the experiment's), else of
 * `new Rng(0)`; so it is fixed by the config, yet differs between experiment seeds by default.
 *
 * @example
 * ```ts
 * const source = toy2dSource(GRID_25, { trainSize: 5000 }, rng);
 * const fresh = source.sample!(64, rng.child('sample'));
 * ```
 */
export function toy2dSource(distribution: Toy2dDistribution, options: Toy2dOptions = {}, rng?: Rng): DataSource {
  const { trainSize = 10_000, seed } = options;
  if (!Number.isInteger(trainSize) || trainSize < 1) {
    throw new ConfigError(`${distribution.id}: trainSize must be a positive integer, got ${String(trainSize)}`);
  }
  const base = seed !== undefined ? new Rng(seed) : (rng ?? new Rng(0));
  const drawn = sampleToy2d(distribution, trainSize, base.child(`${distribution.id}/train`));
  const train = new TensorDataset({
    inputs: drawn.inputs.data,
    inputShape: [2],
    labels: drawn.labels!,
    numClasses: distribution.centers.length,
    name: `${distribution.id}/train`,
  });
  return { id: distribution.id, train, sample: (n, sampleRng) => sampleToy2d(distribution, n, sampleRng) };
}

/**
 * The `ring-8` source: {@link toy2dSource} over {@link RING_8}.
 *
 * @example
 * ```ts
 * const source = ring8({ trainSize: 2000 });
 * ```
 */
export function ring8(options: Toy2dOptions = {}, rng?: Rng): DataSource {
  return toy2dSource(RING_8, options, rng);
}

/**
 * The `grid-25` source: {@link toy2dSource} over {@link GRID_25}.
 *
 * @example
 * ```ts
 * const source = grid25({}, rng);
 * ```
 */
export function grid25(options: Toy2dOptions = {}, rng?: Rng): DataSource {
  return toy2dSource(GRID_25, options, rng);
}
