import { describe, expect, it } from 'vitest';
import { clippedSurrogateLoss, policyGradientLoss, valueLoss } from '../../../agents/policy-gradient/pg-losses.js';
import { Graph } from '../../../src/autograd/graph.js';
import { gradCheck } from '../../../src/autograd/grad-check.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const g = new Graph(new JsBackend());

describe('clippedSurrogateLoss', () => {
  // Ratios 1.5, 0.5, 1.1, 0.7 (old log-probs 0) with advantages 1, 1, -2, -1 and eps 0.2:
  //   min terms 1.2 (clipped), 0.5, -2.2 (tie, inside the range), -0.8 (clipped): loss = -(-1.3) / 4.
  // Gradient w.r.t. log pi: 0 where the clipped term wins, -r A / 4 elsewhere.
  const logProb = Tensor.from([Math.log(1.5), Math.log(0.5), Math.log(1.1), Math.log(0.7)]);
  const old = Tensor.zeros([4]);
  const advantages = Tensor.from([1, 1, -2, -1]);

  it('matches hand-computed values and gradients', () => {
    const lp = g.variable(logProb.clone());
    const { loss, ratio } = clippedSurrogateLoss(g, lp, old, advantages, 0.2);
    expect(loss.item()).toBeCloseTo(0.325, 6);
    expect(Array.from(ratio.value.data)).toEqual([1.5, 0.5, 1.1, 0.7].map((r) => expect.closeTo(r, 6)));
    g.backward(loss);
    expect(Array.from(lp.grad!.data)).toEqual([0, -0.125, 0.55, 0].map((d) => expect.closeTo(d, 6)));
  });

  it('is the unclipped importance-weighted gradient with an infinite clip range', () => {
    const lp = g.variable(logProb.clone());
    const { loss } = clippedSurrogateLoss(g, lp, old, advantages, Infinity);
    expect(loss.item()).toBeCloseTo(-(1.5 + 0.5 - 2.2 - 0.7) / 4, 6);
    g.backward(loss);
    expect(Array.from(lp.grad!.data)).toEqual([-0.375, -0.125, 0.55, 0.175].map((d) => expect.closeTo(d, 6)));
  });

  it('passes a numeric gradient check away from the clip kinks', () => {
    // Ratios e^0.4, e^0.1, e^-0.05 (clipped, inside, inside) and e^-0.35 with A < 0 (clipped).
    const old = Tensor.from([0.1, -0.2, 0.05, 0]);
    const adv = Tensor.from([1, -1, 2, -0.5]);
    const result = gradCheck(g, (lp) => clippedSurrogateLoss(g, lp!, old, adv, 0.2).loss, [Tensor.from([0.5, -0.1, 0.0, -0.35])], { eps: 1e-3 });
    expect(result.mismatches).toEqual([]);
    expect(result.checked).toBe(4);
  });

  it('refuses mismatched shapes', () => {
    expect(() => clippedSurrogateLoss(g, g.variable(Tensor.zeros([3])), Tensor.zeros([4]), Tensor.zeros([3]), 0.2)).toThrow(/equal length/);
  });
});

describe('valueLoss', () => {
  it('is the mean squared error, or clips new values around the old ones', () => {
    const values = g.variable(Tensor.from([1, 2, 4]));
    const returns = Tensor.from([2, 2, 2]);
    expect(valueLoss(g, values, returns).item()).toBeCloseTo((1 + 0 + 4) / 3, 6);
    // Old values 0, 2, 3 with clip 0.5: predictions 0.5, 2, 3.5.
    const clipped = valueLoss(g, values, returns, Tensor.from([0, 2, 3]), 0.5);
    expect(clipped.item()).toBeCloseTo((1.5 ** 2 + 0 + 1.5 ** 2) / 3, 6);
    g.backward(clipped);
    // Outside the clip range no gradient reaches V; inside d/dV = -2 (R - V) / n.
    expect(Array.from(values.grad!.data)).toEqual([0, 0, 0].map((d) => expect.closeTo(d, 6)));
    const inside = g.variable(Tensor.from([0.2, 2.4, 3.1]));
    g.backward(valueLoss(g, inside, returns, Tensor.from([0, 2, 3]), 0.5));
    expect(Array.from(inside.grad!.data)).toEqual([(-2 * 1.8) / 3, (2 * 0.4) / 3, (2 * 1.1) / 3].map((d) => expect.closeTo(d, 5)));
  });

  it('passes a numeric gradient check, clipped and not', () => {
    const returns = Tensor.from([1, -1, 0.5]);
    const old = Tensor.from([0.8, -0.5, 0.9]);
    expect(gradCheck(g, (v) => valueLoss(g, v!, returns), [Tensor.from([0.3, 0.2, -0.4])], { eps: 1e-3 }).mismatches).toEqual([]);
    expect(gradCheck(g, (v) => valueLoss(g, v!, returns, old, 0.3), [Tensor.from([0.9, -0.6, 0.1])], { eps: 1e-3 }).mismatches).toEqual([]);
  });
});

describe('policyGradientLoss', () => {
  it('is -mean(logProb * A) with gradient -A / n', () => {
    const lp = g.variable(Tensor.from([-0.5, -2]));
    const loss = policyGradientLoss(g, lp, Tensor.from([2, -1]));
    expect(loss.item()).toBeCloseTo(-(-1 + 2) / 2, 6);
    g.backward(loss);
    expect(Array.from(lp.grad!.data)).toEqual([-1, 0.5]);
  });
});
