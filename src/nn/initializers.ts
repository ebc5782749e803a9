import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import { shapeSize, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { ConfigValue } from './layer.js';

/** A serializable initializer description: `{ className: 'Orthogonal', gain: 1 }`. */
export interface InitializerConfig {
  readonly className: string;
  readonly [key: string]: ConfigValue;
}

/**
 * Draws the initial value of a param. Every random initializer reads only from the `rng` it is
 * given, so the same seed gives the same weights.
 *
 * Fans follow Keras: for a 2-D kernel [fanIn, fanOut]; for a higher-rank kernel (a convolution
 * [kh, kw, in, out]) the last two axes are in and out and the others form the receptive field,
 * which multiplies both fans.
 *
 * @example
 * ```ts
 * const w = glorotUniform().init([4, 64], rng.child('kernel'));
 * ```
 */
export interface Initializer {
  init(shape: Shape, rng: Rng): Tensor;
  getConfig(): InitializerConfig;
}

/** Fan-in and fan-out of a kernel shape (see {@link Initializer}). */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = shapeSize(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

function uniform(shape: Shape, rng: Rng, limit: number): Tensor {
  const t = new Tensor(shape);
  rng.fillUniform(t.data, -limit, limit);
  return t;
}

function normal(shape: Shape, rng: Rng, std: number): Tensor {
  const t = new Tensor(shape);
  rng.fillNormal(t.data, 0, std);
  return t;
}

/** Glorot/Xavier uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)). @example `glorotUniform()` */
export function glorotUniform(): Initializer {
  return {
    init: (shape, rng) => {
      const { fanIn, fanOut } = fans(shape);
      return uniform(shape, rng, Math.sqrt(6 / (fanIn + fanOut)));
    },
    getConfig: () => ({ className: 'GlorotUniform' }),
  };
}

/** Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)), untruncated as in PyTorch. @example `glorotNormal()` */
export function glorotNormal(): Initializer {
  return {
    init: (shape, rng) => {
      const { fanIn, fanOut } = fans(shape);
      return normal(shape, rng, Math.sqrt(2 / (fanIn + fanOut)));
    },
    getConfig: () => ({ className: 'GlorotNormal' }),
  };
}

/** He/Kaiming uniform for relu nets: U(-l, l) with l = sqrt(6 / fanIn). @example `heUniform()` */
export function heUniform(): Initializer {
  return {
    init: (shape, rng) => uniform(shape, rng, Math.sqrt(6 / fans(shape).fanIn)),
    getConfig: () => ({ className: 'HeUniform' }),
  };
}

/** He/Kaiming normal: N(0, 2 / fanIn), untruncated as in PyTorch. @example `heNormal()` */
export function heNormal(): Initializer {
  return {
    init: (shape, rng) => normal(shape, rng, Math.sqrt(2 / fans(shape).fanIn)),
    getConfig: () => ({ className: 'HeNormal' }),
  };
}

/**
 * Orthogonal (Saxe et al., 2014), the usual choice for RL policy and value nets: the kernel
 * viewed as [rows = product of all but the last axis, cols = last axis] has orthonormal columns
 * (rows >= cols) or rows (rows < cols), times `gain`. Built by Gram-Schmidt on a normal matrix,
 * which is the Q of its QR decomposition with a positive diagonal in R.
 * @example `orthogonal(Math.SQRT2)`
 */
export function orthogonal(gain = 1): Initializer {
  return {
    init: (shape, rng) => {
      if (shape.length < 2) throw new ConfigError(`orthogonal initializer needs a kernel of rank >= 2, got rank ${shape.length}`);
      const cols = shape[shape.length - 1]!;
      const rows = shapeSize(shape) / cols;
      const long = Math.max(rows, cols);
      const short = Math.min(rows, cols);
      const q = orthonormalColumns(long, short, rng);
      const t = new Tensor(shape);
      // q is [long, short] column-major by vector; lay it out as [rows, cols].
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          t.data[r * cols + c] = gain * (rows >= cols ? q[c]![r]! : q[r]![c]!);
        }
      }
      return t;
    },
    getConfig: () => ({ className: 'Orthogonal', gain }),
  };
}

/** `count` orthonormal vectors of length `length` (count <= length), in float64. */
function orthonormalColumns(length: number, count: number, rng: Rng): Float64Array[] {
  const vectors: Float64Array[] = [];
  for (let j = 0; j < count; j++) {
    const v = rng.fillNormal(new Float64Array(length));
    // Modified Gram-Schmidt, twice: one pass loses orthogonality in float arithmetic.
    for (let pass = 0; pass < 2; pass++) {
      for (const u of vectors) {
        let dot = 0;
        for (let i = 0; i < length; i++) dot += u[i]! * v[i]!;
        for (let i = 0; i < length; i++) v[i]! -= dot * u[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-12)) throw new ConfigError('orthogonal initializer: degenerate random draw (a zero vector)');
    for (let i = 0; i < length; i++) v[i]! /= norm;
    vectors.push(v);
  }
  return vectors;
}

/** All zeros (the default bias). @example `zeros()` */
export function zeros(): Initializer {
  return { init: (shape) => new Tensor(shape), getConfig: () => ({ className: 'Zeros' }) };
}

/** Every value `value`. @example `constant(0.1)` */
export function constant(value: number): Initializer {
  if (!Number.isFinite(value)) throw new ConfigError(`constant initializer: value must be finite, got ${value}`);
  return { init: (shape) => Tensor.full(shape, value), getConfig: () => ({ className: 'Constant', value }) };
}

/** Names accepted wherever an initializer is expected. */
export type InitializerName = 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'orthogonal' | 'zeros';

/**
 * An initializer from a name, a config (as written by `getConfig`) or an initializer itself.
 * @example `toInitializer({ className: 'Orthogonal', gain: 2 })`
 */
export function toInitializer(spec: Initializer | InitializerName | InitializerConfig): Initializer {
  if (typeof spec === 'object' && typeof (spec as Partial<Initializer>).init === 'function') return spec as Initializer;
  const className = typeof spec === 'string' ? spec.charAt(0).toUpperCase() + spec.slice(1) : (spec as InitializerConfig).className;
  const config: InitializerConfig = typeof spec === 'string' ? { className } : (spec as InitializerConfig);
  switch (className) {
    case 'GlorotUniform': return glorotUniform();
    case 'GlorotNormal': return glorotNormal();
    case 'HeUniform': return heUniform();
    case 'HeNormal': return heNormal();
    case 'Zeros': return zeros();
    case 'Orthogonal': return orthogonal(numberField(config, 'gain', 1));
    case 'Constant': return constant(numberField(config, 'value', 0));
    default:
      throw new ConfigError(
        `unknown initializer '${className}'; expected GlorotUniform, GlorotNormal, HeUniform, HeNormal, Orthogonal, Zeros or Constant`,
      );
  }
}

function numberField(config: InitializerConfig, key: string, fallback: number): number {
  const v = config[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new ConfigError(`initializer ${config.className}: '${key}' must be a number, got ${JSON.stringify(v)}`);
  return v;
}
