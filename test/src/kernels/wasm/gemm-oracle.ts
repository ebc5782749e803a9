import { expect } from 'vitest';
import { Rng } from '../../../../src/random/rng.js';

/** Shared helpers of the wasm sgemm specs: seeded operands and a float64 oracle with an error bound. */

export interface GemmCase {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

export function operands(c: GemmCase, seed: number): { a: Float32Array; b: Float32Array } {
  const rng = new Rng(seed);
  return { a: rng.fillUniform(new Float32Array(c.m * c.k), -1, 1), b: rng.fillUniform(new Float32Array(c.k * c.n), -1, 1) };
}

/**
 * Checks a float32 product against the exact float64 one. Any float32 evaluation order of a sum of
 * k products, plus one addition into C, is within gamma(k + 2) * (|C0| + sum |a||b|) of the exact
 * value (Higham, Accuracy and Stability of Numerical Algorithms, 3.1), gamma(t) = t u / (1 - t u)
 * with u = 2^-24; the float64 reference's own error is far below that.
 */
export function expectGemmClose(actual: Float32Array, a: Float32Array, b: Float32Array, c: GemmCase, accumulate?: Float32Array): void {
  const { m, n, k, transposeA, transposeB } = c;
  expect(actual.length).toBe(m * n);
  const u = 2 ** -24;
  const gamma = ((k + 2) * u) / (1 - (k + 2) * u);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let exact = accumulate?.[i * n + j] ?? 0;
      let magnitude = Math.abs(exact);
      for (let p = 0; p < k; p++) {
        const product = a[transposeA ? p * m + i : i * k + p]! * b[transposeB ? j * k + p : p * n + j]!;
        exact += product;
        magnitude += Math.abs(product);
      }
      const got = actual[i * n + j]!;
      if (!(Math.abs(got - exact) <= gamma * magnitude * 1.0001 + 1e-30)) {
        expect.fail(`C[${i}, ${j}] of ${JSON.stringify(c)}: got ${got}, exact ${exact}, bound ${gamma * magnitude}`);
      }
    }
  }
}

/** True when both arrays hold the same float32 bit patterns (NaN payloads aside). */
export function bitIdentical(x: Float32Array, y: Float32Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

export const TRANSPOSES = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;
