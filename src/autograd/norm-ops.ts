import { ConfigError } from '../errors.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Axes } from './reductions.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

/** Result of {@link standardize}: the standardized values and the statistics they used. */
export interface Standardized {
  /** (x − mean) / sqrt(variance + epsilon). */
  readonly output: Variable;
  /** Mean over the axes, with the axes kept as extent 1. */
  readonly mean: Tensor;
  /** Biased (divide-by-N) variance over the axes, axes kept as 1: what Keras' BatchNormalization averages. */
  readonly variance: Tensor;
}

/**
 * Standardizes x over `axes` with its own statistics: y = (x − mean) / sqrt(var + epsilon), the
 * core of batch normalization (axes: all but channels) and layer normalization (the feature
 * axes). One fused op: its backward is the closed form
 * dx = (gy − mean(gy) − y·mean(gy·y)) / sqrt(var + epsilon), all means over `axes`.
 * @example `const { output, mean, variance } = g.standardize(x, [0, 1, 2], 1e-3)`
 */
export function standardize(g: Graph, x: Input, axes: Axes, epsilon: number): Standardized {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new ConfigError(`standardize: epsilon must be a positive finite number, got ${epsilon}`);
  const xv = g.lift(x);
  const k = g.backend;
  const list = normalizeAxes(axes, xv.rank, 'standardize');
  const mean = k.reduce('mean', xv.value, list, true);
  const centered = k.binary('sub', xv.value, mean);
  const variance = k.reduce('mean', k.unary('square', centered), list, true);
  const invStd = k.unary('rsqrt', k.unary('addScalar', variance, epsilon));
  const y = k.binary('mul', centered, invStd);
  const output = g.node('standardize', y, xv);
  if (output.requiresGrad) {
    output.backwardFn = (gy) => {
      const meanGrad = k.reduce('mean', gy, list, true);
      const meanGradY = k.reduce('mean', k.binary('mul', gy, y), list, true);
      const inner = k.binary('sub', k.binary('sub', gy, meanGrad), k.binary('mul', y, meanGradY));
      g.accumulate(xv, k.binary('mul', inner, invStd));
    };
  }
  return { output, mean, variance };
}
