import { describe, expect, it } from 'vitest';
import { polyakUpdate } from '../../../agents/dqn/polyak-update.js';
import { QNetwork } from '../../../agents/dqn/q-network.js';
import { Graph } from '../../../src/autograd/graph.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Dense } from '../../../src/nn/dense.js';
import { Sequential } from '../../../src/nn/sequential.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';

const graph = new Graph(new JsBackend());

/** x·W + b of one row, in float64: the oracle of a Dense layer. */
function affine(x: readonly number[], kernel: Tensor, bias: Tensor): number[] {
  const [inputs, units] = kernel.shape as [number, number];
  return Array.from({ length: units }, (_, j) => {
    let s = bias.data[j]!;
    for (let i = 0; i < inputs; i++) s += x[i]! * kernel.data[i * units + j]!;
    return s;
  });
}

function param(network: QNetwork, name: string): Tensor {
  return network.namedParams()[name]!.value;
}

describe('QNetwork', () => {
  const x = Tensor.from([[0.5, -1, 2], [1, 0, -0.5]]);

  it('is an MLP with a linear Q head', () => {
    const q = new QNetwork({ numActions: 2, netArch: [4], activation: 'relu', dueling: false });
    q.build([3], new Rng(1));
    expect(Object.keys(q.namedParams())).toEqual(['hidden_1/kernel', 'hidden_1/bias', 'q/kernel', 'q/bias']);
    const out = q.predict(graph, x);
    expect(out.shape).toEqual([2, 2]);
    for (let r = 0; r < 2; r++) {
      const row = [...x.data.subarray(r * 3, r * 3 + 3)];
      const h = affine(row, param(q, 'hidden_1/kernel'), param(q, 'hidden_1/bias')).map((v) => Math.max(v, 0));
      const expected = affine(h, param(q, 'q/kernel'), param(q, 'q/bias'));
      expected.forEach((v, a) => expect(out.data[r * 2 + a]).toBeCloseTo(v, 5));
    }
  });

  it('dueling: Q = V + A - mean(A)', () => {
    const q = new QNetwork({ numActions: 3, netArch: [5], activation: 'tanh', dueling: true });
    q.build([3], new Rng(2));
    expect(Object.keys(q.namedParams())).toEqual(['hidden_1/kernel', 'hidden_1/bias', 'value/kernel', 'value/bias', 'advantage/kernel', 'advantage/bias']);
    // Nonzero biases so that every term matters.
    new Rng(3).fillUniform(param(q, 'value/bias').data, -1, 1);
    new Rng(4).fillUniform(param(q, 'advantage/bias').data, -1, 1);
    const out = q.predict(graph, x);
    for (let r = 0; r < 2; r++) {
      const row = [...x.data.subarray(r * 3, r * 3 + 3)];
      const h = affine(row, param(q, 'hidden_1/kernel'), param(q, 'hidden_1/bias')).map(Math.tanh);
      const [v] = affine(h, param(q, 'value/kernel'), param(q, 'value/bias'));
      const adv = affine(h, param(q, 'advantage/kernel'), param(q, 'advantage/bias'));
      const mean = adv.reduce((s, a) => s + a, 0) / adv.length;
      adv.forEach((a, i) => expect(out.data[r * 3 + i]).toBeCloseTo(v! + a - mean, 5));
    }
    // The advantages' mean is subtracted: Q averages to V over actions.
    const rowMean = (out.data[0]! + out.data[1]! + out.data[2]!) / 3;
    const h0 = affine([0.5, -1, 2], param(q, 'hidden_1/kernel'), param(q, 'hidden_1/bias')).map(Math.tanh);
    expect(rowMean).toBeCloseTo(affine(h0, param(q, 'value/kernel'), param(q, 'value/bias'))[0]!, 5);
  });

  it("weightInit 'torch' draws kernels and biases from U(±1/sqrt(fanIn)), as PyTorch's nn.Linear", () => {
    const q = new QNetwork({ numActions: 2, netArch: [64], activation: 'relu', dueling: false, weightInit: 'torch' });
    q.build([4], new Rng(6));
    for (const [name, fanIn] of [['hidden_1/kernel', 4], ['hidden_1/bias', 4], ['q/kernel', 64], ['q/bias', 64]] as const) {
      const values = [...param(q, name).data];
      const bound = 1 / Math.sqrt(fanIn);
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
      // Spread over the whole interval (the largest of n uniform draws is near the bound).
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(bound * 0.5);
    }
    const glorot = new QNetwork({ numActions: 2, netArch: [64], activation: 'relu', dueling: false });
    glorot.build([4], new Rng(6));
    expect([...param(glorot, 'q/bias').data]).toEqual([0, 0]);
    expect(() => new QNetwork({ numActions: 2, netArch: [4], activation: 'relu', dueling: false, weightInit: 'he' as 'torch' })).toThrow(/weightInit must be 'glorot' or 'torch'/);
  });

  it('runs a features trunk first, named features, and needs vector inputs without one', () => {
    const trunk = new Sequential([new Dense(6, { activation: 'relu' })]);
    const q = new QNetwork({ numActions: 2, netArch: [], activation: 'relu', dueling: false, features: trunk });
    q.build([3], new Rng(5));
    expect(Object.keys(q.namedParams())).toEqual(['features/dense_1/kernel', 'features/dense_1/bias', 'q/kernel', 'q/bias']);
    const h = trunk.predict(graph, x);
    const out = q.predict(graph, x);
    for (let r = 0; r < 2; r++) {
      affine([...h.data.subarray(r * 6, r * 6 + 6)], param(q, 'q/kernel'), param(q, 'q/bias')).forEach((v, a) => expect(out.data[r * 2 + a]).toBeCloseTo(v, 5));
    }
    const flat = new QNetwork({ numActions: 2, netArch: [4], activation: 'relu', dueling: false });
    expect(() => flat.build([2, 3], new Rng(0))).toThrow(ShapeError);
    expect(() => new QNetwork({ numActions: 0, netArch: [4], activation: 'relu', dueling: false })).toThrow(/numActions must be a positive integer/);
    expect(() => new QNetwork({ numActions: 2, netArch: [4, 0], activation: 'relu', dueling: false })).toThrow(/netArch must be an array of positive integers/);
  });
});

describe('polyakUpdate', () => {
  function pair(): [QNetwork, QNetwork] {
    const make = (seed: number) => {
      const q = new QNetwork({ numActions: 2, netArch: [3], activation: 'relu', dueling: false });
      q.build([2], new Rng(seed));
      return q;
    };
    return [make(1), make(2)];
  }

  it('copies exactly with tau 1 and averages with tau < 1', () => {
    const [online, target] = pair();
    const before = param(target, 'hidden_1/kernel').clone();
    polyakUpdate(online, target, 0.25);
    const after = param(target, 'hidden_1/kernel');
    after.data.forEach((v, i) => expect(v).toBeCloseTo(0.25 * param(online, 'hidden_1/kernel').data[i]! + 0.75 * before.data[i]!, 6));
    polyakUpdate(online, target, 1);
    for (const name of Object.keys(online.namedParams())) expect(param(target, name).data).toEqual(param(online, name).data);
  });

  it('refuses tau outside (0, 1] and networks that differ', () => {
    const [online, target] = pair();
    expect(() => polyakUpdate(online, target, 0)).toThrow(/tau must lie in \(0, 1\], got 0/);
    const other = new QNetwork({ numActions: 2, netArch: [3], activation: 'relu', dueling: true });
    other.build([2], new Rng(0));
    expect(() => polyakUpdate(online, other, 1)).toThrow(ConfigError);
    const wider = new QNetwork({ numActions: 2, netArch: [4], activation: 'relu', dueling: false });
    wider.build([2], new Rng(0));
    expect(() => polyakUpdate(online, wider, 1)).toThrow(/param 'hidden_1\/kernel' is \[2, 3\]/);
  });
});
