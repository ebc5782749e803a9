import { describe, expect, it } from 'vitest';
import { discriminatorLoss, generatorLoss } from '../../../agents/gan/gan-losses.js';
import { MinibatchStdDev } from '../../../agents/gan/minibatch-std-dev.js';
import { Graph } from '../../../src/autograd/graph.js';
import { gradCheck } from '../../../src/autograd/grad-check.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const softplus = (x: number): number => Math.log1p(Math.exp(x));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

describe('GAN losses', () => {
  const g = new Graph(new JsBackend());
  const real = g.constant(Tensor.from([[2], [-1]]));
  const fake = g.constant(Tensor.from([[0.5], [-3]]));

  it('discriminator: BCE(real, label) + BCE(fake, 0); Wasserstein: mean fake − mean real', () => {
    const bce = (l: number, z: number): number => softplus(l) - l * z;
    const expected = (bce(2, 0.9) + bce(-1, 0.9)) / 2 + (bce(0.5, 0) + bce(-3, 0)) / 2;
    expect(discriminatorLoss(g, 'nonSaturating', real, fake, 0.9).item()).toBeCloseTo(expected, 5);
    expect(discriminatorLoss(g, 'minimax', real, fake, 0.9).item()).toBeCloseTo(expected, 5);
    expect(discriminatorLoss(g, 'wasserstein', real, fake).item()).toBeCloseTo((0.5 - 3) / 2 - (2 - 1) / 2, 6);
  });

  it('generator: minimax log(1 − D), non-saturating −log D, Wasserstein −mean C', () => {
    expect(generatorLoss(g, 'minimax', fake).item()).toBeCloseTo((Math.log(1 - sigmoid(0.5)) + Math.log(1 - sigmoid(-3))) / 2, 5);
    expect(generatorLoss(g, 'nonSaturating', fake).item()).toBeCloseTo(-(Math.log(sigmoid(0.5)) + Math.log(sigmoid(-3))) / 2, 5);
    expect(generatorLoss(g, 'wasserstein', fake).item()).toBeCloseTo(1.25, 6);
  });

  it('non-saturating keeps a strong generator gradient where minimax vanishes (D confidently rejects)', () => {
    const gradient = (kind: 'minimax' | 'nonSaturating'): number => g.grad((x) => generatorLoss(g, kind, x))(Tensor.from([[-8]]))[0]!.data[0]!;
    expect(Math.abs(gradient('minimax'))).toBeLessThan(1e-3);
    expect(Math.abs(gradient('nonSaturating'))).toBeGreaterThan(0.99);
  });
});

describe('MinibatchStdDev', () => {
  it('appends the mean over features of the batch standard deviations', () => {
    const g = new Graph(new JsBackend());
    const layer = new MinibatchStdDev();
    layer.build([2], new Rng(0));
    // Feature 0: {1, 3} -> std 1; feature 1: {0, 4} -> std 2; mean 1.5.
    const y = layer.forward(Tensor.from([[1, 0], [3, 4]]), { graph: g, training: true });
    expect(y.shape).toEqual([2, 3]);
    Array.from(y.value.data).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 1.5, 3, 4, 1.5][i]!, 4));
    const images = new MinibatchStdDev();
    expect(images.build([2, 2, 3], new Rng(0))).toEqual([2, 2, 4]);
  });

  it('has correct gradients', () => {
    const g = new Graph(new JsBackend());
    const layer = new MinibatchStdDev();
    layer.build([3], new Rng(0));
    const x = new Tensor([4, 3], new Rng(1).fillNormal(new Float32Array(12)));
    expect(gradCheck(g, (v) => layer.forward(v, { graph: g, training: true }), [x]).mismatches).toEqual([]);
  });
});
