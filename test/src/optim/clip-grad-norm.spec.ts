import { describe, expect, it } from 'vitest';
import { clipGradNorm } from '../../../src/optim/clip-grad-norm.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { param } from './optim-helpers.js';

describe('clipGradNorm', () => {
  it('returns the global norm and scales all gradients to maxNorm', () => {
    const a = param('a', [0, 0]);
    const b = param('b', [0]);
    a.grad = Tensor.from([3, 0]);
    b.grad = Tensor.from([4]);
    expect(clipGradNorm({ a, b }, 1)).toBeCloseTo(5, 6);
    expect(a.grad.data[0]).toBeCloseTo(0.6, 5);
    expect(b.grad.data[0]).toBeCloseTo(0.8, 5);
  });

  it('leaves gradients within the limit untouched (same tensors)', () => {
    const a = param('a', [0]);
    const grad = Tensor.from([0.5]);
    a.grad = grad;
    expect(clipGradNorm([a], 1)).toBe(0.5);
    expect(a.grad).toBe(grad);
  });

  it('ignores frozen params and never writes into a shared gradient tensor', () => {
    const shared = Tensor.from([3, 4]);
    const a = param('a', [0, 0]);
    const frozen = param('f', [0, 0]);
    a.grad = shared;
    frozen.trainable = false;
    frozen.grad = Tensor.from([100, 100]);
    expect(clipGradNorm({ a, frozen }, 1)).toBeCloseTo(5, 6);
    expect(Array.from(shared.data)).toEqual([3, 4]);
    expect(a.grad).not.toBe(shared);
  });

  it('returns a non-finite norm without scaling, leaving the report to the optimizer', () => {
    const a = param('a', [0]);
    a.grad = Tensor.from([Number.NaN]);
    expect(clipGradNorm({ a }, 1)).toBeNaN();
  });
});
