import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { Dense, Embedding, GRU, LSTM, Sequential, mseLoss, softmaxCrossEntropy, type Recurrent } from '../../../src/nn/index.js';
import { Adam } from '../../../src/optim/adam.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Row `r` of a [rows, cols] param times... : plain float64 helpers for the oracles. */
function affine(x: ArrayLike<number>, w: Tensor, out: number[]): void {
  const [rows, cols] = w.shape as [number, number];
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out[j]! += x[i]! * w.data[i * cols + j]!;
}

/** LSTM in plain float64 loops straight from the equations (one example). */
function lstmOracle(layer: LSTM, sequence: number[][], h0: number[], c0: number[]): { hs: number[][]; c: number[] } {
  const u = layer.units;
  let h = [...h0];
  let c = [...c0];
  const hs: number[][] = [];
  for (const xt of sequence) {
    const z = Array.from(layer.bias!.value.data);
    affine(xt, layer.kernel.value, z);
    affine(h, layer.recurrentKernel.value, z);
    const next = Array.from({ length: u }, (_, j) => {
      const i = sigmoid(z[j]!);
      const f = sigmoid(z[u + j]!);
      const g = Math.tanh(z[2 * u + j]!);
      return f * c[j]! + i * g;
    });
    h = next.map((cj, j) => sigmoid(z[3 * u + j]!) * Math.tanh(cj));
    c = next;
    hs.push(h);
  }
  return { hs, c };
}

/** GRU (reset after) in plain float64 loops (one example). */
function gruOracle(layer: GRU, sequence: number[][]): number[][] {
  const u = layer.units;
  let h = new Array<number>(u).fill(0);
  const hs: number[][] = [];
  const bias = layer.bias!.value.data;
  for (const xt of sequence) {
    const xp = Array.from(bias.slice(0, 3 * u));
    affine(xt, layer.kernel.value, xp);
    const hp = Array.from(bias.slice(3 * u));
    affine(h, layer.recurrentKernel.value, hp);
    h = Array.from({ length: u }, (_, j) => {
      const z = sigmoid(xp[j]! + hp[j]!);
      const r = sigmoid(xp[u + j]! + hp[u + j]!);
      const cand = Math.tanh(xp[2 * u + j]! + r * hp[2 * u + j]!);
      return z * h[j]! + (1 - z) * cand;
    });
    hs.push(h);
  }
  return hs;
}

function randomSequences(batch: number, time: number, features: number, seed: number): Tensor {
  const t = new Tensor([batch, time, features]);
  new Rng(seed).fillUniform(t.data, -1, 1);
  return t;
}

function exampleSteps(x: Tensor, b: number): number[][] {
  const [, time, features] = x.shape as [number, number, number];
  return Array.from({ length: time }, (_, t) => Array.from({ length: features }, (_, f) => x.get(b, t, f)));
}

function perturbBias(layer: Recurrent): void {
  layer.bias!.value.data.forEach((v, i, a) => (a[i] = v + 0.3 * Math.sin(i)));
}

describe('LSTM', () => {
  it('matches the LSTM equations (Keras gate order i, f, c, o; forget bias 1) on every step', () => {
    const { ctx } = jsContext();
    const lstm = new LSTM(3, { returnSequences: true });
    lstm.build([-1, 2], new Rng(5));
    expect(Array.from(lstm.bias!.value.data)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    perturbBias(lstm);
    const x = randomSequences(2, 4, 2, 1);
    const y = lstm.forward(x, ctx).value;
    expect(y.shape).toEqual([2, 4, 3]);
    for (let b = 0; b < 2; b++) {
      const { hs } = lstmOracle(lstm, exampleSteps(x, b), [0, 0, 0], [0, 0, 0]);
      hs.forEach((h, t) => h.forEach((v, j) => expect(y.get(b, t, j)).toBeCloseTo(v, 5)));
    }
  });

  it('takes an initial state and returns the final one: two chained halves equal the whole run', () => {
    const { ctx } = jsContext();
    const lstm = new LSTM(3);
    lstm.build([-1, 2], new Rng(6));
    const x = randomSequences(2, 6, 2, 2);
    const whole = lstm.run(x, ctx);
    const first = lstm.run(ctx.graph.slice(x, [0, 0, 0], [2, 3, 2]), ctx);
    const second = lstm.run(ctx.graph.slice(x, [0, 3, 0], [2, 3, 2]), ctx, first.state);
    expect(Array.from(second.output.value.data)).toEqual(Array.from(whole.output.value.data));
    expect(Array.from(second.state.c.value.data)).toEqual(Array.from(whole.state.c.value.data));
    expect(whole.output.value.data).toEqual(whole.state.h.value.data);
    // The oracle from a non-zero state agrees too.
    const h0 = [0.5, -0.5, 0.25];
    const c0 = [1, 0, -1];
    const from = lstm.run(x, ctx, { h: Tensor.from([h0, h0]), c: Tensor.from([c0, c0]) });
    const { hs, c } = lstmOracle(lstm, exampleSteps(x, 1), h0, c0);
    hs.at(-1)!.forEach((v, j) => expect(from.state.h.value.get(1, j)).toBeCloseTo(v, 5));
    c.forEach((v, j) => expect(from.state.c.value.get(1, j)).toBeCloseTo(v, 5));
  });

  it('throws ShapeErrors naming the layer for sequences of the wrong rank and bad states', () => {
    const { ctx } = jsContext();
    const lstm = new LSTM(4, { name: 'encoder' });
    expect(() => lstm.build([8], new Rng(0))).toThrow("LSTM 'encoder': expects sequences [batch, time, features] with known features, got input shape [batch, 8]");
    lstm.build([-1, 8], new Rng(0));
    const run = (): unknown => lstm.forward(new Tensor([16, 8]), ctx);
    expect(run).toThrow(ShapeError);
    expect(run).toThrow("LSTM 'encoder': expects a batch of sequences [batch, time, 8], got [16, 8] (rank 2); add a time axis for single steps");
    expect(() => lstm.forward(new Tensor([16, 5, 7]), ctx)).toThrow('got [16, 5, 7] (rank 3)');
    expect(() => lstm.run(new Tensor([2, 3, 8]), ctx, { h: new Tensor([2, 4]), c: new Tensor([4]) })).toThrow("LSTM 'encoder': initial state 'c' must be [batch, units] = [2, 4], got [4]");
  });

  it('learns the next character of a repeating text to near-zero loss (Embedding + LSTM + Dense)', () => {
    const { g } = jsContext();
    const text = 'hello world ';
    const vocabulary = [...new Set(text)];
    const window = 6;
    const rng = new Rng(3);
    const model = new Sequential([new Embedding(vocabulary.length, 8), new LSTM(24), new Dense(vocabulary.length)]);
    model.build([window], rng.child('init'));
    const optimizer = new Adam(model.namedParams(), { lr: 0.02 });
    // Every window of the cycle, as a batch: input ids and the id that follows.
    const inputs = new Tensor([text.length, window]);
    const labels = new Int32Array(text.length);
    for (let s = 0; s < text.length; s++) {
      for (let t = 0; t < window; t++) inputs.data[s * window + t] = vocabulary.indexOf(text[(s + t) % text.length]!);
      labels[s] = vocabulary.indexOf(text[(s + window) % text.length]!);
    }
    let loss = Infinity;
    for (let step = 0; step < 150 && loss > 0.01; step++) {
      loss = optimizer.minimize(g, () => softmaxCrossEntropy(g, model.forward(inputs, { graph: g, training: true }), labels));
    }
    expect(loss).toBeLessThan(0.01);
  });
});

describe('GRU', () => {
  it('matches the GRU equations (reset after, gate order z, r, h, [2, 3·units] bias) on every step', () => {
    const { ctx } = jsContext();
    const gru = new GRU(3, { returnSequences: true });
    gru.build([4, 2], new Rng(7));
    expect(gru.bias!.shape).toEqual([2, 9]);
    perturbBias(gru);
    const x = randomSequences(2, 4, 2, 3);
    const y = gru.forward(x, ctx).value;
    for (let b = 0; b < 2; b++) {
      gruOracle(gru, exampleSteps(x, b)).forEach((h, t) => h.forEach((v, j) => expect(y.get(b, t, j)).toBeCloseTo(v, 5)));
    }
  });

  it('chains state across calls like a single run', () => {
    const { ctx } = jsContext();
    const gru = new GRU(2);
    gru.build([-1, 3], new Rng(8));
    const x = randomSequences(3, 5, 3, 4);
    const whole = gru.run(x, ctx);
    const first = gru.run(ctx.graph.slice(x, [0, 0, 0], [3, 2, 3]), ctx);
    const second = gru.run(ctx.graph.slice(x, [0, 2, 0], [3, 3, 3]), ctx, first.state);
    expect(Array.from(second.state.h.value.data)).toEqual(Array.from(whole.state.h.value.data));
  });

  it('rejects a sequence whose length differs from the built one', () => {
    const { ctx } = jsContext();
    const gru = new GRU(2, { name: 'g' });
    gru.build([4, 3], new Rng(0));
    expect(() => gru.run(new Tensor([1, 5, 3]), ctx)).toThrow("GRU 'g': the sequence [1, 5, 3] must have 4 steps");
  });

  it('learns the sum of a sequence to near-zero loss', () => {
    const { g } = jsContext();
    const rng = new Rng(11);
    const model = new Sequential([new GRU(16), new Dense(1)]);
    model.build([6, 1], rng.child('init'));
    const optimizer = new Adam(model.namedParams(), { lr: 0.02 });
    const batch = (seed: number): { x: Tensor; y: Tensor } => {
      const x = randomSequences(32, 6, 1, seed);
      const y = new Tensor([32, 1]);
      for (let b = 0; b < 32; b++) for (let t = 0; t < 6; t++) y.data[b]! += x.get(b, t, 0);
      return { x, y };
    };
    // The targets have variance 6/3 = 2; a held-out batch must be fit to well under 1% of it.
    const test = batch(99);
    let loss = Infinity;
    for (let step = 0; step < 500 && loss >= 0.01; step++) {
      const { x, y } = batch(100 + step);
      optimizer.minimize(g, () => mseLoss(g, model.forward(x, { graph: g, training: true }), y));
      if (step % 25 === 24) loss = mseLoss(g, model.predict(g, test.x), test.y).item();
    }
    expect(loss).toBeLessThan(0.01);
  });
});
