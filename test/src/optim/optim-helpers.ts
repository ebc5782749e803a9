import { Param } from '../../../src/nn/param.js';
import type { Optimizer } from '../../../src/optim/optimizer.js';
import { Tensor } from '../../../src/tensor/tensor.js';

/** A param holding `values`. */
export function param(name: string, values: number[]): Param {
  return new Param(name, Tensor.from(values));
}

/** Feeds each gradient in turn to `p` and steps; returns the values after each step. */
export function run(opt: Optimizer, p: Param, grads: number[][]): number[][] {
  return grads.map((grad) => {
    p.grad = Tensor.from(grad);
    opt.step();
    return Array.from(p.value.data);
  });
}

/** Asserts two trajectories agree to float32 precision. */
export function closeTrajectories(actual: number[][], expected: number[][], digits = 5): void {
  if (actual.length !== expected.length) throw new Error(`trajectory lengths differ: ${actual.length} vs ${expected.length}`);
  actual.forEach((row, i) =>
    row.forEach((v, j) => {
      const e = expected[i]![j]!;
      if (Math.abs(v - e) > 10 ** -digits * Math.max(1, Math.abs(e))) {
        throw new Error(`step ${i}, entry ${j}: got ${v}, expected ${e}`);
      }
    }),
  );
}
