import { PNG } from 'pngjs';
import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Options of {@link imageGridPng}. */
export interface ImageGridOptions {
  /** Images per row (default: the smallest square grid's side). */
  readonly columns?: number;
  /** Pixel range of the images: `0,1` (default) or `-1,1` (tanh generators). Values outside are clamped. */
  readonly range?: '0,1' | '-1,1';
  /** Pixels between images (default 2). */
  readonly padding?: number;
  /** Each pixel drawn as a scale x scale block (default 2). */
  readonly scale?: number;
}

/**
 * A PNG of images laid out in a grid: `images` NHWC `[n, h, w, c]` with 1 (grey) or 3 (RGB)
 * channels; padding is dark grey so black digits on black stay apart.
 *
 * @example
 * ```ts
 * writeFileSync('samples.png', imageGridPng(gan.sample(64, rng), { range: '-1,1' }));
 * ```
 */
export function imageGridPng(images: Tensor, options: ImageGridOptions = {}): Uint8Array {
  if (images.rank !== 4 || (images.shape[3] !== 1 && images.shape[3] !== 3) || images.shape[0] === 0) {
    throw new ShapeError(`imageGridPng: images must be NHWC [n >= 1, height, width, 1 or 3], got ${formatShape(images.shape)}`);
  }
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const columns = options.columns ?? Math.ceil(Math.sqrt(n));
  const padding = options.padding ?? 2;
  const scale = options.scale ?? 2;
  for (const [name, value, min] of [['columns', columns, 1], ['padding', padding, 0], ['scale', scale, 1]] as const) {
    if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`imageGridPng: ${name} must be an integer >= ${min}, got ${value}`);
  }
  const rows = Math.ceil(n / columns);
  const width = columns * (w * scale + padding) + padding;
  const height = rows * (h * scale + padding) + padding;
  const png = new PNG({ width, height });
  png.data.fill(64);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const [low, high] = options.range === '-1,1' ? [-1, 1] : [0, 1];
  const byte = (v: number): number => Math.round(255 * Math.min(1, Math.max(0, (v - low) / (high - low))) || 0);
  for (let k = 0; k < n; k++) {
    const left = padding + (k % columns) * (w * scale + padding);
    const top = padding + Math.floor(k / columns) * (h * scale + padding);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const source = ((k * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
        const target = ((top + y) * width + left + x) * 4;
        for (let ch = 0; ch < 3; ch++) png.data[target + ch] = byte(images.data[source + (c === 1 ? 0 : ch)]!);
      }
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}
