import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { binaryCrossEntropyWithLogits, huberLoss, mseLoss, softmaxCrossEntropy } from '../../../src/nn/losses.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectGradientsMatch, randomTensor } from '../autograd/grad-helpers.js';
import { jsContext } from './nn-helpers.js';

const { g } = jsContext();

describe('losses: values against float64 references', () => {
  const pred = Tensor.from([[0.5, -1], [2, 3]]);
  const target = Tensor.from([[0, 1], [2, 0.5]]);

  it('mseLoss', () => {
    expect(mseLoss(g, pred, target).item()).toBeCloseTo((0.25 + 4 + 0 + 6.25) / 4, 6);
    expect(mseLoss(g, pred, target, { reduction: 'sum' }).item()).toBeCloseTo(10.5, 5);
    expect(mseLoss(g, pred, target, { reduction: 'none' }).value.toArray()).toEqual([[0.25, 4], [0, 6.25]]);
  });

  it('huberLoss is quadratic inside delta and linear outside', () => {
    // |d| = 0.5, 2, 0, 2.5 with delta 1: 0.125, 1.5, 0, 2
    expect(huberLoss(g, pred, target).value.item()).toBeCloseTo((0.125 + 1.5 + 0 + 2) / 4, 6);
    // delta 2: 0.125, 2, 0, 2·(2.5 − 1) = 3
    expect(huberLoss(g, pred, target, { delta: 2, reduction: 'sum' }).item()).toBeCloseTo(5.125, 5);
    expect(() => huberLoss(g, pred, target, { delta: 0 })).toThrow(ConfigError);
  });

  it('softmaxCrossEntropy with integer labels', () => {
    const logits = Tensor.from([[1, 2, 3], [0, 0, 0]]);
    const ref = (row: number[], label: number) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[label]!;
    const expected = (ref([1, 2, 3], 2) + ref([0, 0, 0], 0)) / 2;
    expect(softmaxCrossEntropy(g, logits, [2, 0]).item()).toBeCloseTo(expected, 6);
  });

  it('binaryCrossEntropyWithLogits stays finite and exact for large logits', () => {
    const logits = Tensor.from([0, 2, -3, 100, -100]);
    const targets = Tensor.from([1, 0, 1, 1, 0]);
    const ref = [Math.log(2), 2 + Math.log1p(Math.exp(-2)), 3 + Math.log1p(Math.exp(-3)), 0, 0];
    const values = binaryCrossEntropyWithLogits(g, logits, targets, { reduction: 'none' }).value;
    ref.forEach((r, i) => expect(values.data[i]).toBeCloseTo(r, 5));
  });
});

describe('losses: gradient checks', () => {
  it('mseLoss', () => expectGradientsMatch(g, (p, t) => mseLoss(g, p, t), [randomTensor([3, 2], 1), randomTensor([3, 2], 2)]));
  it('huberLoss on both sides of delta', () =>
    expectGradientsMatch(g, (p) => huberLoss(g, p, Tensor.from([0, 0, 0, 0]), { delta: 0.5 }), [Tensor.from([-1.2, -0.2, 0.3, 0.9])]));
  it('softmaxCrossEntropy', () =>
    expectGradientsMatch(g, (l) => softmaxCrossEntropy(g, l, [1, 0, 2]), [randomTensor([3, 3], 3, -2, 2)]));
  it('binaryCrossEntropyWithLogits (logits and soft targets)', () =>
    expectGradientsMatch(g, (l, t) => binaryCrossEntropyWithLogits(g, l, t), [randomTensor([2, 3], 4, -3, 3), randomTensor([2, 3], 5, 0, 1)]));

  it('the gradient of binaryCrossEntropyWithLogits at logit 0 is exactly sigmoid(0) − z', () => {
    const logits = g.variable(Tensor.from([0, 0]));
    g.backward(binaryCrossEntropyWithLogits(g, logits, Tensor.from([1, 0]), { reduction: 'sum' }));
    expect(logits.grad?.toArray()).toEqual([-0.5, 0.5]);
  });
});

describe('losses: shape errors', () => {
  it('name the loss and both shapes instead of broadcasting', () => {
    expect(() => mseLoss(g, Tensor.zeros([4, 1]), Tensor.zeros([4]))).toThrow(ShapeError);
    expect(() => mseLoss(g, Tensor.zeros([4, 1]), Tensor.zeros([4]))).toThrow('mseLoss: predictions [4, 1] and targets [4] must have the same shape');
    expect(() => huberLoss(g, Tensor.zeros([2]), Tensor.zeros([3]))).toThrow(/huberLoss: predictions \[2\] and targets \[3\]/);
    expect(() => binaryCrossEntropyWithLogits(g, Tensor.zeros([2, 1]), Tensor.zeros([1, 2]))).toThrow(ShapeError);
  });

  it('softmaxCrossEntropy checks the label count and range', () => {
    expect(() => softmaxCrossEntropy(g, Tensor.zeros([2, 3]), [0])).toThrow(/1 labels for logits \[2, 3\]/);
    expect(() => softmaxCrossEntropy(g, Tensor.zeros([2, 3]), [0, 3])).toThrow(/label 3 at row 1 is not a class index in \[0, 3\)/);
    expect(() => softmaxCrossEntropy(g, Tensor.zeros([6]), [0])).toThrow(ShapeError);
  });
});
