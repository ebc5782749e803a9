import { ConfigError, ShapeError, formatShape } from '../errors.js';

/**
 * Writes one row (`size` values) of a buffer at `row`; a number stands for a shape-`[]` value.
 * Throws a `ShapeError` naming `where` when the value does not fit `shape`.
 *
 * @example
 * ```ts
 * writeRow(observations, 3, 4, Float32Array.of(0, 1, 2, 3), [4], 'ReplayBuffer.add: observation');
 * ```
 */
export function writeRow(
  target: Float32Array,
  row: number,
  size: number,
  value: number | ArrayLike<number>,
  shape: readonly number[],
  where: string,
): void {
  if (typeof value === 'number') {
    if (size !== 1) throw new ShapeError(`${where} is a number but the buffer stores shape ${formatShape(shape)}`);
    target[row] = value;
    return;
  }
  if (value.length !== size) throw new ShapeError(`${where} has ${value.length} values, expected ${size} (shape ${formatShape(shape)})`);
  const offset = row * size;
  for (let i = 0; i < size; i++) target[offset + i] = value[i]!;
}

/**
 * A space member as a buffer row: a number (Discrete) or a typed array (Box, MultiDiscrete,
 * MultiBinary). Throws a `ConfigError` naming `what` for anything else (Tuple/Dict members).
 *
 * @example
 * ```ts
 * asRow(3, 'action');                          // 3
 * asRow(Float32Array.of(0, 1), 'observation'); // the same array
 * ```
 */
export function asRow(value: unknown, what: string): number | ArrayLike<number> {
  if (typeof value === 'number') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value as unknown as ArrayLike<number>;
  throw new ConfigError(`${what} must be a number or a typed array to be stored in a buffer, got ${Array.isArray(value) ? 'an array' : typeof value}`);
}
