import { describe, expect, it } from 'vitest';
import { classifierScore, softmaxRows } from '../../../agents/shared-generative/classifier-score.js';
import { ShapeError } from '../../../src/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';

describe('classifierScore', () => {
  it('is 0 KL and full confidence for confident, perfectly balanced predictions', () => {
    const probs = Tensor.from([[1, 0], [0, 1], [1, 0], [0, 1]]);
    expect(classifierScore(probs)).toEqual({ klToUniform: 0, meanConfidence: 1, classCounts: [2, 2] });
  });

  it('is log K for a single predicted class, and averages the top probabilities', () => {
    const probs = Tensor.from([[0.7, 0.2, 0.1], [0.5, 0.3, 0.2]]);
    const score = classifierScore(probs);
    expect(score.klToUniform).toBeCloseTo(Math.log(3), 10);
    expect(score.meanConfidence).toBeCloseTo(0.6, 6);
    expect(score.classCounts).toEqual([2, 0, 0]);
  });

  it('matches a hand computation on an uneven histogram', () => {
    // Predicted classes: 0, 0, 0, 1 -> p = (3/4, 1/4, 0); KL(p || uniform over 3) = log 3 + sum p log p.
    const probs = Tensor.from([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.8, 0.1, 0.1], [0.2, 0.7, 0.1]]);
    const expected = Math.log(3) + 0.75 * Math.log(0.75) + 0.25 * Math.log(0.25);
    expect(classifierScore(probs).klToUniform).toBeCloseTo(expected, 10);
    expect(classifierScore(probs).meanConfidence).toBeCloseTo(0.75, 6);
  });

  it('turns logits into rows that sum to one', () => {
    const probs = softmaxRows(Tensor.from([[0, 0], [1000, 0], [Math.log(3), 0]]));
    expect(Array.from(probs.data)).toEqual([0.5, 0.5, 1, 0, 0.75, 0.25].map((v) => Math.fround(v)));
    expect(() => classifierScore(new Tensor([0, 3]))).toThrow(ShapeError);
  });
});
