import { describe, expect, it } from 'vitest';
import { Categorical } from '../../../agents/policy-gradient/categorical.js';
import { DiagGaussian } from '../../../agents/policy-gradient/diag-gaussian.js';
import { Graph } from '../../../src/autograd/graph.js';
import { gradCheck } from '../../../src/autograd/grad-check.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const g = new Graph(new JsBackend());
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

describe('DiagGaussian', () => {
  it('gives the hand-computed log-probability, entropy and their gradients', () => {
    // mu = (0.5, -1), sigma = (2, 1), a = (1.5, 0): z = (0.5, 1).
    const dist = new DiagGaussian(2);
    dist.logStd.value.data.set([Math.log(2), 0]);
    const mean = g.variable(Tensor.from([[0.5, -1]]));
    const { logProb, entropy } = dist.evaluate(g, mean, Tensor.from([[1.5, 0]]));
    expect(logProb.item()).toBeCloseTo(-0.125 - Math.log(2) - 0.5 - 2 * HALF_LOG_TWO_PI, 5);
    expect(entropy.item()).toBeCloseTo(Math.log(2) + 2 * (0.5 + HALF_LOG_TWO_PI), 5);
    g.backward(logProb);
    // d log p / d mu_i = z_i / sigma_i; d log p / d logStd_i = z_i^2 - 1.
    expect(Array.from(mean.grad!.data)).toEqual([0.25, 1].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(dist.logStd.grad!.data)).toEqual([-0.75, 0].map((v) => expect.closeTo(v, 6)));
    dist.logStd.grad = null;
    g.backward(entropy);
    expect(Array.from(dist.logStd.grad!.data)).toEqual([1, 1]);
  });

  it('passes numeric gradient checks w.r.t. means and log-std', () => {
    const dist = new DiagGaussian(3, -0.3);
    const actions = Tensor.from([[0.2, -0.4, 1.1], [0.9, 0.1, -0.5]]);
    const byMean = gradCheck(g, (m) => dist.evaluate(g, m!, actions).logProb, [Tensor.from([[0.1, 0.3, 0.8], [-0.2, 0.4, 0.0]])], { eps: 1e-3 });
    expect(byMean.mismatches).toEqual([]);
    // logStd is the distribution's own param: compare its autograd gradient with central differences.
    const means = Tensor.from([[0.1, 0.3, 0.8], [-0.2, 0.4, 0.0]]);
    const objective = (): number => g.noGrad(() => {
      const { logProb, entropy } = dist.evaluate(g, g.constant(means), actions);
      return logProb.value.data[0]! - 2 * logProb.value.data[1]! + 0.5 * entropy.item();
    });
    const { logProb, entropy } = dist.evaluate(g, g.constant(means), actions);
    dist.logStd.grad = null;
    g.backward(g.add(g.sum(g.mul(logProb, Tensor.from([1, -2]))), g.scale(entropy, 0.5)));
    const analytic = Array.from(dist.logStd.grad!.data);
    const eps = 1e-3;
    analytic.forEach((a, i) => {
      const base = dist.logStd.value.data[i]!;
      dist.logStd.value.data[i] = base + eps;
      const up = objective();
      dist.logStd.value.data[i] = base - eps;
      const down = objective();
      dist.logStd.value.data[i] = base;
      expect(a).toBeCloseTo((up - down) / (2 * eps), 2);
    });
  });

  it('samples around the mean with the learned std, deterministically per seed', () => {
    const dist = new DiagGaussian(1, Math.log(0.5));
    const means = new Tensor([4000, 1], new Float32Array(4000).fill(3));
    const a = dist.sample(means, new Rng(1));
    expect(dist.sample(means, new Rng(1))).toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(3, 1);
    expect(std).toBeGreaterThan(0.47);
    expect(std).toBeLessThan(0.53);
    expect(Array.from(dist.mode(Tensor.from([[3], [-1]])))).toEqual([3, -1]);
  });
});

describe('Categorical', () => {
  it('gives log softmax at the action, the entropy of softmax and their gradients', () => {
    const dist = new Categorical(3);
    const raw = [[1, 2, 3], [0, 0, 0]];
    const logits = g.variable(Tensor.from(raw));
    const { logProb, entropy } = dist.evaluate(g, logits, Tensor.from([2, 0]));
    const lse = Math.log(Math.E + Math.E ** 2 + Math.E ** 3);
    expect(Array.from(logProb.value.data)).toEqual([3 - lse, -Math.log(3)].map((v) => expect.closeTo(v, 5)));
    const p = [1, 2, 3].map((l) => Math.exp(l - lse));
    const h0 = -p.reduce((s, pi) => s + pi * Math.log(pi), 0);
    expect(entropy.item()).toBeCloseTo((h0 + Math.log(3)) / 2, 5);
    g.backward(logProb, Tensor.from([1, 0]));
    // d log p_a / d logits = onehot(a) - p.
    expect(Array.from(logits.grad!.data)).toEqual([-p[0]!, -p[1]!, 1 - p[2]!, 0, 0, 0].map((v) => expect.closeTo(v, 5)));
  });

  it('passes numeric gradient checks of log-probability and entropy', () => {
    const dist = new Categorical(4);
    const logits = [Tensor.from([[0.3, -1, 0.5, 2], [1, 1.5, -0.5, 0]])];
    expect(gradCheck(g, (l) => dist.evaluate(g, l!, Tensor.from([3, 1])).logProb, logits, { eps: 1e-3 }).mismatches).toEqual([]);
    expect(gradCheck(g, (l) => dist.evaluate(g, l!, Tensor.from([3, 1])).entropy, logits, { eps: 1e-3 }).mismatches).toEqual([]);
  });

  it('samples in proportion to softmax and takes the argmax as its mode', () => {
    const dist = new Categorical(3);
    const logits = new Tensor([3000, 3], new Float32Array(9000).map((_, i) => [0, Math.log(2), Math.log(7)][i % 3]!));
    const counts = [0, 0, 0];
    for (const a of dist.sample(logits, new Rng(5))) counts[a]!++;
    expect(counts[0]! / 3000).toBeCloseTo(0.1, 1);
    expect(counts[1]! / 3000).toBeCloseTo(0.2, 1);
    expect(counts[2]! / 3000).toBeCloseTo(0.7, 1);
    expect(Array.from(dist.mode(Tensor.from([[0, 5, 5], [9, 1, 2]])))).toEqual([1, 0]);
  });
});
