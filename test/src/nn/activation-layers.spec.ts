import { describe, expect, it } from 'vitest';
import { ELU, LeakyReLU, ReLU, Sigmoid, Softmax, Softplus, Tanh, defaultLayerRegistry, type Layer } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

const x = Tensor.from([[-2, -0.5, 0, 0.5, 2]]);

/** Reference values computed in float64. */
const cases: Array<[Layer, (v: number) => number]> = [
  [new ReLU(), (v) => Math.max(v, 0)],
  [new Tanh(), Math.tanh],
  [new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
  [new Softplus(), (v) => Math.log1p(Math.exp(v))],
  [new LeakyReLU({ alpha: 0.2 }), (v) => (v > 0 ? v : 0.2 * v)],
  [new ELU({ alpha: 0.5 }), (v) => (v > 0 ? v : 0.5 * Math.expm1(v))],
];

describe('activation layers', () => {
  for (const [layer, reference] of cases) {
    it(`${layer.className} matches its float64 reference and keeps the shape`, () => {
      const { ctx } = jsContext();
      layer.build([5], new Rng(0));
      expect(layer.outputShape).toEqual([5]);
      expect(layer.params()).toEqual([]);
      const y = layer.forward(x, ctx).value;
      Array.from(x.data).forEach((v, i) => expect(y.data[i]).toBeCloseTo(reference(v), 6));
    });
  }

  it('Softmax normalizes the last axis', () => {
    const { ctx } = jsContext();
    const layer = new Softmax();
    layer.build([5], new Rng(0));
    const y = layer.forward(x, ctx).value;
    const z = Array.from(x.data).reduce((s, v) => s + Math.exp(v), 0);
    Array.from(x.data).forEach((v, i) => expect(y.data[i]).toBeCloseTo(Math.exp(v) / z, 6));
  });

  it('round-trips their options through the registry', () => {
    const registry = defaultLayerRegistry();
    for (const layer of [new LeakyReLU({ alpha: 0.3, name: 'lr' }), new ELU({ alpha: 2 }), new Softmax({ axis: 1 }), new Tanh()]) {
      const config = layer.getConfig();
      expect(registry.fromConfig(config).getConfig()).toEqual(config);
    }
    expect(new LeakyReLU({ alpha: 0.3 }).getConfig()['alpha']).toBe(0.3);
  });
});
