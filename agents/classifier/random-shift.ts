import { ConfigError, formatShape } from '../../src/errors.js';
import type { Rng } from '../../src/random/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * Translation augmentation (as in LeCun et al. 1998's distortions and Simard et al. 2003): each
 * image of an NHWC batch is shifted by its own offsets dy, dx drawn uniformly from
 * [-maxShift, maxShift], and the uncovered border repeats the nearest edge pixel (the background
 * for digits, whatever the pixel range). Draws 2 integers per image from `rng`, in batch order.
 *
 * @example
 * ```ts
 * const augmented = randomShift(batch.inputs, 2, rng);   // same shape, each digit moved by up to 2 px
 * ```
 */
export function randomShift(images: Tensor, maxShift: number, rng: Rng): Tensor {
  if (images.rank !== 4) throw new ConfigError(`randomShift: needs NHWC images [batch, height, width, channels], got ${formatShape(images.shape)}`);
  if (!(Number.isSafeInteger(maxShift) && maxShift >= 0)) throw new ConfigError(`randomShift: maxShift must be an integer >= 0, got ${maxShift}`);
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const src = images.data;
  const out = new Float32Array(images.size);
  const clamp = (v: number, high: number): number => (v < 0 ? 0 : v > high ? high : v);
  for (let i = 0; i < n; i++) {
    const dy = rng.int(-maxShift, maxShift + 1);
    const dx = rng.int(-maxShift, maxShift + 1);
    const base = i * h * w * c;
    for (let y = 0; y < h; y++) {
      const sy = clamp(y - dy, h - 1);
      for (let x = 0; x < w; x++) {
        const from = base + (sy * w + clamp(x - dx, w - 1)) * c;
        const to = base + (y * w + x) * c;
        for (let k = 0; k < c; k++) out[to + k] = src[from + k]!;
      }
    }
  }
  return new Tensor(images.shape, out);
}
