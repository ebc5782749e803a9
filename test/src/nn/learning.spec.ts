import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/autograd/graph.js';
import { NonFiniteError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Dense, Sequential, binaryCrossEntropyWithLogits, mseLoss, softmaxCrossEntropy } from '../../../src/nn/index.js';
import { Adam, SGD } from '../../../src/optim/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

/** Two interleaved spirals of `perClass` points each, two turns, radius 0.1 -> 1, labels 0/1. */
function twoSpirals(perClass: number): { x: Tensor; labels: Int32Array } {
  const x = new Tensor([2 * perClass, 2]);
  const labels = new Int32Array(2 * perClass);
  for (let i = 0; i < perClass; i++) {
    const t = i / perClass;
    const r = 0.1 + 0.9 * t;
    const theta = 4 * Math.PI * t;
    x.data.set([r * Math.cos(theta), r * Math.sin(theta), -r * Math.cos(theta), -r * Math.sin(theta)], 4 * i);
    labels[2 * i + 1] = 1;
  }
  return { x, labels };
}

function accuracy(logits: Tensor, labels: Int32Array): number {
  const k = logits.shape[1]!;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits.data[i * k + j]! > logits.data[i * k + best]!) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}

/** Trains XOR with a 2-8-1 tanh net and BCE; returns the final weights and predictions. */
function trainXor(seed: number): { weights: Float32Array[]; logits: Tensor } {
  const g = new Graph(new JsBackend());
  const x = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = Tensor.from([[0], [1], [1], [0]]);
  const model = new Sequential([new Dense(8, { activation: 'tanh' }), new Dense(1)]);
  model.build([2], new Rng(seed).child('init'));
  const opt = new Adam(model.namedParams(), { lr: 0.05 });
  for (let step = 0; step < 300; step++) {
    opt.minimize(g, () => binaryCrossEntropyWithLogits(g, model.forward(x, { graph: g, training: true }), y));
  }
  return { weights: model.params().map((p) => p.value.data.slice()), logits: model.predict(g, x) };
}

describe('networks that learn', () => {
  it('XOR reaches 100% training accuracy', () => {
    const { logits } = trainXor(1);
    expect(Array.from(logits.data, (v) => (v > 0 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  it('the same seed twice gives bit-identical weights; another seed gives others', () => {
    const a = trainXor(7).weights;
    const b = trainXor(7).weights;
    const c = trainXor(8).weights;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('two spirals (2 x 100 points) reach >= 98% training accuracy', () => {
    const g = new Graph(new JsBackend());
    const { x, labels } = twoSpirals(100);
    const model = new Sequential([new Dense(32, { activation: 'relu' }), new Dense(32, { activation: 'relu' }), new Dense(2)]);
    model.build([2], new Rng(1).child('init'));
    const opt = new Adam(model.namedParams(), { lr: 0.01 });
    let loss = Infinity;
    for (let step = 0; step < 600; step++) {
      loss = opt.minimize(g, () => softmaxCrossEntropy(g, model.forward(x, { graph: g, training: true }), labels));
    }
    expect(loss).toBeLessThan(0.1);
    expect(accuracy(model.predict(g, x), labels)).toBeGreaterThanOrEqual(0.98);
  });

  it('a diverging run stops with a NonFiniteError naming the loss op and the step', () => {
    const g = new Graph(new JsBackend());
    const model = new Sequential([new Dense(4, { activation: 'relu' }), new Dense(1)]);
    model.build([1], new Rng(0));
    // A huge learning rate on a regression with large targets overflows within a few steps.
    const opt = new SGD(model.namedParams(), { lr: 1e6 });
    const x = Tensor.from([[1], [2], [3]]);
    const y = Tensor.from([[1e3], [2e3], [3e3]]);
    let error: unknown;
    let steps = 0;
    try {
      for (; steps < 50; steps++) opt.minimize(g, () => mseLoss(g, model.forward(x, { graph: g, training: true }), y));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    expect(steps).toBeGreaterThan(0);
    expect((error as Error).message).toBe(`SGD: loss (op 'mean') is Infinity at step ${steps}`);
  });

  it('a NaN in the data stops training at the loss, before any param changes', () => {
    const g = new Graph(new JsBackend());
    const model = new Sequential([new Dense(2)]);
    model.build([2], new Rng(0));
    const before = model.params().map((p) => p.value.data.slice());
    const opt = new Adam(model.namedParams(), { lr: 0.1 });
    const x = Tensor.from([[1, Number.NaN]]);
    expect(() => opt.minimize(g, () => mseLoss(g, model.forward(x, { graph: g, training: true }), Tensor.zeros([1, 2])))).toThrow(
      "Adam: loss (op 'mean') is NaN at step 0",
    );
    expect(model.params().map((p) => p.value.data)).toEqual(before);
  });
});
