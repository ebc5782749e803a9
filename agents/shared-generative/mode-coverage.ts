// The mode-coverage score of generative models on mixtures of Gaussians, as used by VEEGAN
// (Srivastava et al., 2017, arXiv:1705.07761) and PacGAN (Lin et al., 2018, arXiv:1712.04086):
// a sample is "high quality" when it lies within `sigmas` standard deviations of its nearest
// mode's center, and a mode is "covered" when it is the nearest mode of at least one
// high-quality sample.

import type { Toy2dDistribution } from '../../src/data/toy-2d.js';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** What {@link modeCoverage} measured. */
export interface ModeCoverage {
  /** Modes that are the nearest mode of at least one high-quality sample. */
  readonly modesCovered: number;
  /** Modes of the distribution. */
  readonly numModes: number;
  /** Fraction of samples within `sigmas`·sigma of their nearest center, in [0, 1]. */
  readonly highQualityFraction: number;
  /** High-quality samples per mode (index = mode). */
  readonly countsPerMode: readonly number[];
  /** Samples scored. */
  readonly numSamples: number;
}

/**
 * Scores 2-D samples `[n, 2]` against a toy mixture: nearest mode of each sample by Euclidean
 * distance, high quality when that distance is at most `sigmas`·sigma (default 3; the
 * mixture's sigma is per coordinate, so this is the usual "3 standard deviations" radius).
 *
 * @example
 * ```ts
 * const score = modeCoverage(gan.sample(2500, rng), RING_8);
 * score.modesCovered;          // 8
 * score.highQualityFraction;   // 0.97
 * ```
 */
export function modeCoverage(samples: Tensor, distribution: Toy2dDistribution, sigmas = 3): ModeCoverage {
  if (samples.rank !== 2 || samples.shape[1] !== 2) {
    throw new ShapeError(`modeCoverage(${distribution.id}): samples must be [n, 2], got ${formatShape(samples.shape)}`);
  }
  if (!(sigmas > 0)) throw new ConfigError(`modeCoverage(${distribution.id}): sigmas must be positive, got ${sigmas}`);
  const { centers, sigma } = distribution;
  const radius2 = (sigmas * sigma) ** 2;
  const n = samples.shape[0]!;
  const counts = new Array<number>(centers.length).fill(0);
  let highQuality = 0;
  for (let i = 0; i < n; i++) {
    const x = samples.data[2 * i]!;
    const y = samples.data[2 * i + 1]!;
    let best = -1;
    let bestDistance2 = Infinity;
    centers.forEach(([cx, cy], mode) => {
      const d2 = (x - cx) ** 2 + (y - cy) ** 2;
      if (d2 < bestDistance2) {
        bestDistance2 = d2;
        best = mode;
      }
    });
    // NaN samples have no nearest mode (every comparison fails) and never count as high quality.
    if (best >= 0 && bestDistance2 <= radius2) {
      highQuality++;
      counts[best]!++;
    }
  }
  return {
    modesCovered: counts.filter((c) => c > 0).length,
    numModes: centers.length,
    highQualityFraction: n === 0 ? 0 : highQuality / n,
    countsPerMode: counts,
    numSamples: n,
  };
}
