import { ConfigError } from '../errors.js';

/**
 * How 8-bit pixels map to floats: `'0,1'` is `byte / 255` (classifiers, VAEs with a Bernoulli
 * decoder), `'-1,1'` is `byte / 127.5 - 1` (GANs with a tanh generator output).
 */
export type PixelRange = '0,1' | '-1,1';

/** The accepted {@link PixelRange} values, for option validation. */
export const PIXEL_RANGES: readonly PixelRange[] = Object.freeze(['0,1', '-1,1'] as const);

/**
 * The float32 value of every byte 0..255 under `range`. Decoding through a table makes each value
 * the correctly rounded float32 of the exact quotient (`b / 255`), identical on every machine, and
 * is faster than arithmetic per pixel.
 *
 * @example
 * ```ts
 * const table = pixelLookupTable('-1,1');
 * table[0];   // -1
 * table[255]; // 1
 * ```
 */
export function pixelLookupTable(range: PixelRange): Float32Array {
  const table = new Float32Array(256);
  if (range === '0,1') {
    for (let b = 0; b < 256; b++) table[b] = b / 255;
  } else if (range === '-1,1') {
    for (let b = 0; b < 256; b++) table[b] = b / 127.5 - 1;
  } else {
    throw new ConfigError(`pixel range must be '0,1' or '-1,1', got ${JSON.stringify(range)}`);
  }
  return table;
}
