import { describe, expect, it } from 'vitest';
import { criticWithInputGradient, gradientPenalty } from '../../../agents/gan/critic-input-gradient.js';
import { MinibatchStdDev } from '../../../agents/gan/minibatch-std-dev.js';
import { Graph } from '../../../src/autograd/graph.js';
import { Variable } from '../../../src/autograd/variable.js';
import { ConfigError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { ELU, LeakyReLU, Sigmoid } from '../../../src/nn/activation-layers.js';
import { Conv2D } from '../../../src/nn/conv2d.js';
import { Dense } from '../../../src/nn/dense.js';
import { Flatten } from '../../../src/nn/flatten.js';
import type { Layer } from '../../../src/nn/layer.js';
import { Sequential } from '../../../src/nn/sequential.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

/** A critic touching every supported kind of layer: Dense activations and activation layers, smooth and piecewise linear. */
function mixedCritic(inputSize: number, seed: number): Sequential {
  const critic = new Sequential([
    new Dense(6, { activation: 'tanh' }),
    new LeakyReLU({ alpha: 0.2 }),
    new Dense(5, { activation: 'softplus' }),
    new Dense(5, { activation: 'elu' }),
    new ELU({ alpha: 0.7 }),
    new Dense(4, { activation: 'sigmoid' }),
    new Dense(4, { activation: 'leakyRelu' }),
    new Sigmoid(),
    new Dense(4, { activation: 'relu' }),
    new Dense(1),
  ]);
  critic.build([inputSize], new Rng(seed));
  // Non-zero biases, so the relu-family kinks do not all sit at the same place.
  const rng = new Rng(seed + 100);
  for (const p of critic.params()) if (p.name === 'bias') rng.fillUniform(p.value.data, -0.5, 0.5);
  return critic;
}

/** A DCGAN-style critic: strided convolutions (smooth and piecewise-linear activations), flatten, dense. */
function convCritic(seed: number): Sequential {
  const critic = new Sequential([
    new Conv2D(3, 3, { strides: 2, padding: 'same', activation: 'tanh' }),
    new Conv2D(2, 2, { activation: 'softplus' }),
    new LeakyReLU({ alpha: 0.2 }),
    new Flatten(),
    new Dense(1),
  ]);
  critic.build([5, 5, 2], new Rng(seed));
  const rng = new Rng(seed + 100);
  for (const p of critic.params()) if (p.name === 'bias') rng.fillUniform(p.value.data, -0.5, 0.5);
  return critic;
}

function randomInputs(rows: number, cols: number, seed: number, shape: readonly number[] = [rows, cols]): Tensor {
  return new Tensor(shape, new Rng(seed).fillNormal(new Float32Array(rows * cols)));
}

/** Checks the analytic gradient of the penalty w.r.t. every param against central differences. */
function checkPenaltyGradient(critic: Sequential, interpolates: Tensor): void {
  const g = new Graph(new JsBackend());
  critic.zeroGrad();
  g.backward(gradientPenalty(g, critic.layers, interpolates));
  const eps = 1e-2;
  // Central differences in float64 of the float32 penalty; `value` runs without recording.
  const value = (): number => g.noGrad(() => gradientPenalty(g, critic.layers, interpolates)).item();
  let checked = 0;
  let largest = 0;
  for (const p of critic.params()) {
    // A param the penalty does not depend on (the output bias) gets no gradient at all: 0.
    const analytic = p.grad?.data ?? new Float32Array(p.size);
    for (let i = 0; i < p.size; i++) {
      const original = p.value.data[i]!;
      const up = Math.fround(original + eps);
      const down = Math.fround(original - eps);
      p.value.data[i] = up;
      const fUp = value();
      p.value.data[i] = down;
      const fDown = value();
      p.value.data[i] = original;
      const numeric = (fUp - fDown) / (up - down);
      expect(Math.abs(analytic[i]! - numeric)).toBeLessThanOrEqual(2e-3 + 2e-2 * Math.abs(numeric));
      largest = Math.max(largest, Math.abs(numeric));
      checked++;
    }
  }
  expect(checked).toBe(critic.countParams().trainable);
  // The check means something only if the penalty actually depends on the params.
  expect(largest).toBeGreaterThan(1e-2);
}

describe('criticWithInputGradient', () => {
  it('matches the tape gradient of sum C(x) w.r.t. x, and C(x) itself', () => {
    const g = new Graph(new JsBackend());
    const critic = mixedCritic(3, 1);
    const x = randomInputs(7, 3, 2);
    const { output, inputGradient } = criticWithInputGradient(g, critic.layers, x);

    const leaf = new Variable(x.clone(), { requiresGrad: true });
    const reference = critic.forward(leaf, { graph: g, training: true });
    g.backward(g.sum(reference));
    expect(Array.from(output.value.data)).toEqual(Array.from(reference.value.data));
    const expected = leaf.grad!.data;
    inputGradient.value.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('gives the penalty an exact gradient w.r.t. every MLP critic param (central differences)', () => {
    checkPenaltyGradient(mixedCritic(3, 3), randomInputs(5, 3, 4));
  });

  it('gives the penalty an exact gradient w.r.t. every conv critic param (central differences)', () => {
    checkPenaltyGradient(convCritic(5), randomInputs(3, 50, 6, [3, 5, 5, 2]));
  });

  it('matches the tape input gradient of a conv critic', () => {
    const g = new Graph(new JsBackend());
    const critic = convCritic(7);
    const x = randomInputs(2, 50, 8, [2, 5, 5, 2]);
    const { inputGradient } = criticWithInputGradient(g, critic.layers, x);
    const leaf = new Variable(x.clone(), { requiresGrad: true });
    g.backward(g.sum(critic.forward(leaf, { graph: g, training: true })));
    expect(inputGradient.shape).toEqual([2, 5, 5, 2]);
    inputGradient.value.data.forEach((v, i) => expect(v).toBeCloseTo(leaf.grad!.data[i]!, 5));
  });

  it('is zero-penalty for a linear critic with a unit-norm weight vector', () => {
    const g = new Graph(new JsBackend());
    const critic = new Sequential([new Dense(1)]);
    critic.build([2], new Rng(0));
    (critic.layers[0] as Dense).kernel.value.data.set([0.6, 0.8]);
    expect(gradientPenalty(g, critic.layers, randomInputs(4, 2, 0)).item()).toBeCloseTo(0, 6);
    (critic.layers[0] as Dense).kernel.value.data.set([1.2, 1.6]);
    // ‖∇C‖ = 2 everywhere: (2 - 1)² = 1.
    expect(gradientPenalty(g, critic.layers, randomInputs(4, 2, 0)).item()).toBeCloseTo(1, 5);
  });

  it('refuses layers whose input gradient it cannot build exactly', () => {
    const g = new Graph(new JsBackend());
    const critic = new Sequential([new Dense(3), new MinibatchStdDev(), new Dense(1)]);
    critic.build([2], new Rng(0));
    expect(() => criticWithInputGradient(g, critic.layers, randomInputs(4, 2, 0))).toThrow(ConfigError);
    const softmaxCritic: Layer[] = [new Dense(1, { activation: 'softmax' })];
    softmaxCritic[0]!.build([2], new Rng(0));
    expect(() => criticWithInputGradient(g, softmaxCritic, randomInputs(4, 2, 0))).toThrow(/softmax/);
  });
});
