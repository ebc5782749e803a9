import { expect } from 'vitest';
import { Graph, gradCheck, type GradCheckOptions, type Variable } from '../../../src/autograd/index.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

/** A fresh graph over the js reference backend. */
export function jsGraph(): Graph {
  return new Graph(new JsBackend());
}

/** A tensor of uniform values in [low, high) from a seeded stream. */
export function randomTensor(shape: readonly number[], seed: number, low = -1, high = 1): Tensor {
  const t = new Tensor(shape);
  new Rng(seed).fillUniform(t.data, low, high);
  return t;
}

/**
 * Uniform values whose magnitude is at least `gap` (for ops with a kink at 0: relu, abs...),
 * with random signs.
 */
export function awayFromZero(shape: readonly number[], seed: number, gap = 0.1, high = 1): Tensor {
  const rng = new Rng(seed);
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = (rng.bernoulli(0.5) ? 1 : -1) * rng.uniform(gap, high);
  return t;
}

/**
 * Values on the grid offset + 0.2·k (k in -5..5). Two tensors with offsets 0 and 0.1 never come
 * closer than 0.1, so elementwise max/min of them stay away from ties.
 */
export function gridTensor(shape: readonly number[], seed: number, offset: number): Tensor {
  const rng = new Rng(seed);
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = offset + 0.2 * rng.int(-5, 6);
  return t;
}

/** Asserts that autograd and central differences agree for `fn` at `inputs`. */
export function expectGradientsMatch(
  g: Graph,
  fn: (...xs: Variable[]) => Variable,
  inputs: readonly Tensor[],
  options?: GradCheckOptions,
): void {
  const result = gradCheck(g, fn, inputs, options);
  expect(result.mismatches).toEqual([]);
  expect(result.checked).toBe(inputs.reduce((n, t) => n + t.size, 0));
}
