import { ShapeError, formatShape } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/**
 * Mean over features of |mean of the feature over `real` − mean over `fake`|: a coarse check that
 * generated examples sit where the data does (it says nothing of variety or quality), for data
 * without a better score. Both sets are batch-major; their example shapes must match.
 *
 * @example
 * ```ts
 * meanFeatureGap(Tensor.from([[0, 2], [2, 2]]), Tensor.from([[1, 1]]));   // (|1 − 1| + |2 − 1|) / 2 = 0.5
 * ```
 */
export function meanFeatureGap(real: Tensor, fake: Tensor): number {
  const features = real.size / Math.max(real.shape[0] ?? 0, 1);
  if (real.rank < 1 || fake.rank !== real.rank || real.shape.slice(1).some((d, i) => d !== fake.shape[i + 1]) || real.shape[0] === 0 || fake.shape[0] === 0) {
    throw new ShapeError(`meanFeatureGap: real ${formatShape(real.shape)} and fake ${formatShape(fake.shape)} must be non-empty batches of the same example shape`);
  }
  const [nReal, nFake] = [real.shape[0]!, fake.shape[0]!];
  let gap = 0;
  for (let f = 0; f < features; f++) {
    let realSum = 0;
    let fakeSum = 0;
    for (let i = 0; i < nReal; i++) realSum += real.data[i * features + f]!;
    for (let i = 0; i < nFake; i++) fakeSum += fake.data[i * features + f]!;
    gap += Math.abs(realSum / nReal - fakeSum / nFake);
  }
  return gap / features;
}
