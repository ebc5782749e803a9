import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/autograd/graph.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import {
  AvgPool2D, BatchNormalization, Conv2D, Conv2DTranspose, Dense, Dropout, Embedding, Flatten, GRU, GlobalAveragePooling2D,
  LSTM, LayerNormalization, MaxPool2D, Reshape, Sequential, TimeDistributed, UpSampling2D, type Layer,
} from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { expectFreezeExcludesParams, expectLayerGradients, expectRoundTrip, type LayerGradOptions } from './layer-checks.js';

/*
 * The contract every vision and sequence layer meets, checked the same way for each: numeric
 * gradients for its input and params, a serialization round trip, and `trainable = false`
 * keeping its params out of optimizer updates.
 */

function uniform(shape: readonly number[], seed: number, low = -1, high = 1): Tensor {
  const t = new Tensor(shape);
  new Rng(seed).fillUniform(t.data, low, high);
  return t;
}

/** Distinct values 0.05 apart in random order: no near-ties for max pooling. */
function distinct(shape: readonly number[], seed: number): Tensor {
  const t = new Tensor(shape);
  const order = new Rng(seed).permutation(t.size);
  for (let i = 0; i < t.size; i++) t.data[i] = (order[i]! - t.size / 2) * 0.05;
  return t;
}

function ids(shape: readonly number[], vocabulary: number, seed: number): Tensor {
  const rng = new Rng(seed);
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.int(0, vocabulary);
  return t;
}

interface LayerCase {
  readonly name: string;
  readonly make: () => Layer;
  /** Per-example input shape. */
  readonly inputShape: readonly number[];
  /** A batch input. */
  readonly x: Tensor;
  readonly grad?: LayerGradOptions;
  /** Has params to freeze. */
  readonly hasParams: boolean;
  /** Run one training forward before the round trip (to move BatchNorm's statistics). */
  readonly warmUp?: boolean;
}

const seededDropout = (graph: Graph) => ({ graph, training: true, rng: new Rng(9) });

const CASES: readonly LayerCase[] = [
  { name: 'Conv2D same, stride 2, tanh', make: () => new Conv2D(3, 3, { padding: 'same', strides: 2, activation: 'tanh' }), inputShape: [5, 6, 2], x: uniform([2, 5, 6, 2], 1), hasParams: true },
  { name: 'Conv2D valid, 2x3 kernel, dilation [2, 1]', make: () => new Conv2D(2, [2, 3], { dilationRate: [2, 1] }), inputShape: [5, 5, 1], x: uniform([2, 5, 5, 1], 2), hasParams: true },
  { name: 'Conv2DTranspose same, stride 2', make: () => new Conv2DTranspose(2, 3, { strides: 2, padding: 'same', activation: 'tanh' }), inputShape: [3, 3, 2], x: uniform([2, 3, 3, 2], 3), hasParams: true },
  { name: 'Conv2DTranspose valid, stride 2', make: () => new Conv2DTranspose(3, 2, { strides: 2 }), inputShape: [2, 3, 1], x: uniform([1, 2, 3, 1], 4), hasParams: true },
  { name: 'MaxPool2D 2x2', make: () => new MaxPool2D({ poolSize: 2 }), inputShape: [4, 6, 2], x: distinct([2, 4, 6, 2], 5), hasParams: false },
  { name: 'AvgPool2D 3x3 stride 2 same', make: () => new AvgPool2D({ poolSize: 3, strides: 2, padding: 'same' }), inputShape: [5, 5, 2], x: uniform([2, 5, 5, 2], 6), hasParams: false },
  { name: 'GlobalAveragePooling2D', make: () => new GlobalAveragePooling2D(), inputShape: [3, 4, 2], x: uniform([2, 3, 4, 2], 7), hasParams: false },
  { name: 'Flatten', make: () => new Flatten(), inputShape: [2, 3, 2], x: uniform([2, 2, 3, 2], 8), hasParams: false },
  { name: 'Reshape [3, -1]', make: () => new Reshape([3, -1]), inputShape: [2, 6], x: uniform([2, 2, 6], 9), hasParams: false },
  { name: 'UpSampling2D [2, 3]', make: () => new UpSampling2D({ size: [2, 3] }), inputShape: [2, 2, 2], x: uniform([2, 2, 2, 2], 10), hasParams: false },
  { name: 'BatchNormalization (training, NHWC)', make: () => new BatchNormalization({ momentum: 0.5 }), inputShape: [2, 2, 3], x: uniform([3, 2, 2, 3], 11, -2, 2), hasParams: true, warmUp: true, grad: { eps: 1e-3, atol: 3e-3 } },
  { name: 'BatchNormalization (inference, axis 1)', make: () => new BatchNormalization({ axis: 1 }), inputShape: [3, 2], x: uniform([4, 3, 2], 12), hasParams: true, grad: { ctx: (graph) => ({ graph, training: false }) } },
  { name: 'LayerNormalization last axis', make: () => new LayerNormalization(), inputShape: [3, 5], x: uniform([2, 3, 5], 13, -2, 2), hasParams: true, grad: { eps: 1e-3, atol: 3e-3 } },
  { name: 'LayerNormalization over a whole image', make: () => new LayerNormalization({ axis: [1, 2, 3] }), inputShape: [2, 2, 2], x: uniform([2, 2, 2, 2], 14, -2, 2), hasParams: true, grad: { eps: 1e-3, atol: 3e-3 } },
  { name: 'Dropout 0.3', make: () => new Dropout({ rate: 0.3 }), inputShape: [4, 3], x: uniform([2, 4, 3], 15), hasParams: false, grad: { ctx: seededDropout } },
  { name: 'Embedding', make: () => new Embedding(7, 3), inputShape: [4], x: ids([3, 4], 7, 16), hasParams: true, grad: { input: false } },
  { name: 'LSTM last output', make: () => new LSTM(3), inputShape: [4, 2], x: uniform([2, 4, 2], 17), hasParams: true },
  { name: 'LSTM sequences', make: () => new LSTM(2, { returnSequences: true }), inputShape: [-1, 3], x: uniform([2, 3, 3], 18), hasParams: true },
  { name: 'GRU last output', make: () => new GRU(3), inputShape: [4, 2], x: uniform([2, 4, 2], 19), hasParams: true },
  { name: 'GRU sequences', make: () => new GRU(2, { returnSequences: true }), inputShape: [-1, 3], x: uniform([2, 3, 3], 20), hasParams: true },
  { name: 'TimeDistributed(Dense)', make: () => new TimeDistributed(new Dense(2, { activation: 'tanh' })), inputShape: [3, 4], x: uniform([2, 3, 4], 21), hasParams: true },
  { name: 'TimeDistributed(Conv2D)', make: () => new TimeDistributed(new Conv2D(2, 2, { activation: 'tanh' })), inputShape: [2, 3, 3, 1], x: uniform([2, 2, 3, 3, 1], 22), hasParams: true },
];

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
  it('has input and param gradients that match central differences', () => {
    const layer = c.make();
    layer.build(c.inputShape, new Rng(1));
    // Non-trivial params (biases start at 0, gammas at 1) so every gradient term is exercised.
    for (const p of layer.params()) if (p.trainable) p.value.data.forEach((v, i) => (p.value.data[i] = v + 0.1 * Math.sin(i + 1)));
    expectLayerGradients(layer, c.x, c.grad);
  });

  it('round-trips through getConfig / fromConfig with copied weights', () => {
    const model = new Sequential([c.make()]);
    model.build(c.inputShape, new Rng(2));
    if (c.warmUp === true) {
      const g = new Graph(new JsBackend());
      model.forward(c.x, { graph: g, training: true });
    }
    expectRoundTrip(model, c.inputShape, c.x);
  });

  it.runIf(c.hasParams)('keeps its params out of optimizer updates when trainable = false', () => {
    expectFreezeExcludesParams(c.make, c.inputShape, c.x);
  });

  it('produces the output shape it reported at build', () => {
    const layer = c.make();
    const out = layer.build(c.inputShape, new Rng(1));
    const g = new Graph(new JsBackend());
    const y = layer.forward(c.x, { graph: g, training: true, rng: new Rng(0) });
    expect(y.shape).toEqual([c.x.shape[0], ...out.map((d, i) => (d === -1 ? c.x.shape[i + 1] : d))]);
  });
});
