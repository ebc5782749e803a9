import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, jsGraph, randomTensor } from './grad-helpers.js';

describe('conv2d op', () => {
  it.each([
    ['valid, stride 1', { padding: 'valid' as const }],
    ['same, stride 2', { padding: 'same' as const, strides: 2 }],
    ['same, dilation 2', { padding: 'same' as const, dilations: 2 }],
  ])('gradients w.r.t. input and filter match central differences (%s)', (_, options) => {
    const g = jsGraph();
    expectGradientsMatch(g, (x, f) => g.conv2d(x, f, options), [randomTensor([2, 5, 4, 2], 1), randomTensor([3, 2, 2, 3], 2)]);
  });

  it('records nothing under noGrad and equals the kernel', () => {
    const g = jsGraph();
    const x = randomTensor([1, 4, 4, 1], 3);
    const f = randomTensor([2, 2, 1, 2], 4);
    const y = g.noGrad(() => g.conv2d(g.variable(x), f));
    expect(y.requiresGrad).toBe(false);
    expect(y.value.data).toEqual(g.backend.conv2d(x, f).data);
  });
});

describe('conv2dTranspose op', () => {
  it('doubles height and width with strides 2 and same padding (Keras output shape)', () => {
    const g = jsGraph();
    const y = g.conv2dTranspose(randomTensor([2, 3, 4, 5], 1), randomTensor([4, 4, 6, 5], 2), { strides: 2, padding: 'same' });
    expect(y.shape).toEqual([2, 6, 8, 6]);
    const valid = g.conv2dTranspose(randomTensor([1, 3, 3, 1], 1), randomTensor([3, 3, 2, 1], 2), { strides: 2 });
    expect(valid.shape).toEqual([1, 7, 7, 2]);
  });

  it('is the adjoint of conv2d: <conv2d(a, f), b> = <a, conv2dTranspose(b, f)>', () => {
    const g = jsGraph();
    const options = { strides: 2, padding: 'same' as const };
    const a = randomTensor([2, 6, 5, 3], 5);
    const f = randomTensor([3, 3, 3, 4], 6);
    const convA = g.conv2d(a, f, options).value;
    const b = randomTensor(convA.shape, 7);
    const transposeB = g.conv2dTranspose(b, f, options, a.shape).value;
    let left = 0;
    let right = 0;
    for (let i = 0; i < b.size; i++) left += convA.data[i]! * b.data[i]!;
    for (let i = 0; i < a.size; i++) right += a.data[i]! * transposeB.data[i]!;
    expect(left).toBeCloseTo(right, 3);
  });

  it('gradients w.r.t. input and filter match central differences', () => {
    const g = jsGraph();
    expectGradientsMatch(g, (x, f) => g.conv2dTranspose(x, f, { strides: 2, padding: 'valid' }), [randomTensor([1, 3, 2, 2], 8), randomTensor([3, 2, 3, 2], 9)]);
  });

  it('throws a ShapeError when channels do not match the filter', () => {
    const g = jsGraph();
    expect(() => g.conv2dTranspose(new Tensor([1, 3, 3, 2]), new Tensor([3, 3, 4, 5]))).toThrow(ShapeError);
    expect(() => g.conv2dTranspose(new Tensor([1, 3, 3, 2]), new Tensor([3, 3, 4, 5]))).toThrow('conv2dTranspose: x [1, 3, 3, 2] has 2 channels but the filter [3, 3, 4, 5] expects 5');
  });
});
