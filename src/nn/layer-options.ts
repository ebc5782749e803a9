import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Padding, Size2D } from '../kernels/kernel-backend.js';
import type { Shape } from '../tensor/shape.js';
import type { ConfigValue, LayerConfig } from './layer.js';
import { formatBatchShape } from './layer.js';

/**
 * Option checks and config readers shared by the vision and sequence layers, so every layer
 * validates `kernelSize`, `padding`, `rate`... the same way and names itself in the message.
 *
 * @example
 * ```ts
 * const [kh, kw] = LayerOptionsCheck.pair(options.kernelSize, "Conv2D 'c1': kernelSize");
 * const padding = LayerOptionsCheck.padding(options.padding ?? 'valid', "Conv2D 'c1'");
 * ```
 */
export const LayerOptionsCheck = {
  pair,
  padding,
  positiveInt,
  fraction,
  configPair,
  configNumber,
  required,
  configString,
  configBool,
  relabel,
  sequence,
} as const;

/** A {@link Size2D} as a [height, width] pair of positive integers, or a ConfigError naming `what`. */
function pair(value: Size2D | undefined, what: string): [number, number] {
  const p: readonly unknown[] = typeof value === 'number' ? [value, value] : Array.isArray(value) ? value : [];
  if (p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw new ConfigError(`${what} must be a positive integer or a [height, width] pair of them, got ${JSON.stringify(value)}`);
  }
  return [p[0] as number, p[1] as number];
}

function padding(value: unknown, where: string): Padding {
  if (value !== 'same' && value !== 'valid') throw new ConfigError(`${where}: padding must be 'same' or 'valid', got ${JSON.stringify(value)}`);
  return value;
}

function positiveInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ConfigError(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

/** A number in [0, 1) (dropout rates), or a ConfigError naming `what`. */
function fraction(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) throw new ConfigError(`${what} must be a number in [0, 1), got ${JSON.stringify(value)}`);
  return value;
}

/** A [height, width] pair from a layer config (written by getConfig as an array). */
function configPair(config: LayerConfig, key: string): [number, number] | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  return pair(v as Size2D, `${config.className} config '${config.name}': ${key}`);
}

function configNumber(config: LayerConfig, key: string): number | undefined {
  const v: ConfigValue | undefined = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new ConfigError(`${config.className} config '${config.name}': ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

/** A config value that must be present, or a ConfigError naming the layer and the key. */
function required<T>(config: LayerConfig, key: string, value: T | undefined): T {
  if (value === undefined) throw new ConfigError(`${config.className} config '${config.name}': ${key} is missing`);
  return value;
}

function configString(config: LayerConfig, key: string): string | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ConfigError(`${config.className} config '${config.name}': ${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function configBool(config: LayerConfig, key: string): boolean | undefined {
  const v = config[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ConfigError(`${config.className} config '${config.name}': ${key} must be a boolean, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Runs `fn` and prefixes the message of any neuroloop error it throws with the layer's label,
 * keeping the error type, so kernel shape errors say which layer hit them.
 */
function relabel<T>(label: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ShapeError) throw new ShapeError(`${label}: ${e.message}`);
    if (e instanceof ConfigError) throw new ConfigError(`${label}: ${e.message}`);
    throw e;
  }
}

/**
 * Checks that a recurrent layer gets sequences: a built input shape [time, features] with known
 * features (at build), or a batch [batch, time, features] (at forward). Throws a ShapeError that
 * names the layer, the shape, and what a sequence looks like.
 */
function sequence(label: string, shape: Shape, features?: number, x?: Variable): number {
  if (x === undefined) {
    if (shape.length !== 2 || shape[1] === -1) {
      throw new ShapeError(`${label}: expects sequences [batch, time, features] with known features, got input shape ${formatBatchShape(shape)}`);
    }
    return shape[1]!;
  }
  if (x.rank !== 3 || x.shape[2] !== features) {
    throw new ShapeError(
      `${label}: expects a batch of sequences [batch, time, ${features}], got ${formatShape(x.shape)} (rank ${x.rank}); add a time axis for single steps`,
    );
  }
  return features;
}
