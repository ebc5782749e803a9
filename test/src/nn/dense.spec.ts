import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Dense, constant, defaultLayerRegistry } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

describe('Dense', () => {
  it('computes activation(x · kernel + bias) against a hand-computed case', () => {
    const { ctx } = jsContext();
    const layer = new Dense(2, { activation: 'relu', kernelInitializer: constant(0), name: 'd' });
    layer.build([3], new Rng(0));
    layer.kernel.value.data.set([1, -1, 2, 0, 0, 1]); // [[1, -1], [2, 0], [0, 1]]
    layer.bias!.value.data.set([0.5, -10]);
    const y = layer.forward(Tensor.from([[1, 1, 1], [2, 0, -1]]), ctx);
    expect(y.value.toArray()).toEqual([[3.5, 0], [2.5, 0]]);
    expect(layer.outputShape).toEqual([2]);
  });

  it('creates a [in, units] kernel and a [units] bias, named kernel and bias', () => {
    const layer = new Dense(5);
    layer.build([3], new Rng(1));
    expect(Object.keys(layer.namedParams())).toEqual(['kernel', 'bias']);
    expect(layer.kernel.shape).toEqual([3, 5]);
    expect(layer.bias?.shape).toEqual([5]);
    expect(layer.bias?.value.toArray()).toEqual([0, 0, 0, 0, 0]);
  });

  it('omits the bias with useBias: false', () => {
    const layer = new Dense(2, { useBias: false });
    layer.build([2], new Rng(1));
    expect(layer.bias).toBeNull();
    expect(layer.params().length).toBe(1);
  });

  it('applies along the last axis for rank-3 inputs', () => {
    const { ctx } = jsContext();
    const layer = new Dense(4);
    layer.build([5, 3], new Rng(2));
    const x = Tensor.from(Array.from({ length: 30 }, (_, i) => i / 30), [2, 5, 3]);
    const y = layer.forward(x, ctx);
    expect(y.shape).toEqual([2, 5, 4]);
    expect(layer.outputShape).toEqual([5, 4]);
    // Entry [1, 2, j] is the affine map of the row x[1, 2, :].
    const w = layer.kernel.value;
    for (let j = 0; j < 4; j++) {
      let expected = 0;
      for (let k = 0; k < 3; k++) expected += x.get(1, 2, k) * w.get(k, j);
      expect(y.value.get(1, 2, j)).toBeCloseTo(expected, 5);
    }
  });

  it('throws a ShapeError naming the layer and both shapes on a wrong input', () => {
    const { ctx } = jsContext();
    const layer = new Dense(2, { name: 'policy_head' });
    layer.build([4], new Rng(0));
    expect(() => layer.forward(Tensor.zeros([8, 3]), ctx)).toThrow(ShapeError);
    expect(() => layer.forward(Tensor.zeros([8, 3]), ctx)).toThrow("Dense 'policy_head': expected input of shape [batch, 4], got [8, 3]");
    expect(() => layer.forward(Tensor.zeros([4]), ctx)).toThrow(/got \[4\]/);
  });

  it('refuses to run unbuilt or to build twice', () => {
    const { ctx } = jsContext();
    const layer = new Dense(2);
    expect(() => layer.forward(Tensor.zeros([1, 2]), ctx)).toThrow(/is not built/);
    layer.build([2], new Rng(0));
    expect(() => layer.build([2], new Rng(0))).toThrow(ConfigError);
  });

  it('rejects bad options with ConfigErrors', () => {
    expect(() => new Dense(0)).toThrow(ConfigError);
    expect(() => new Dense(2.5)).toThrow(ConfigError);
    expect(() => new Dense(2, { activation: 'swish' as never })).toThrow(/unknown activation 'swish'/);
  });

  it('round-trips through getConfig and the layer registry', () => {
    const layer = new Dense(3, { activation: 'tanh', useBias: false, name: 'h', kernelInitializer: 'orthogonal' });
    const config = JSON.parse(JSON.stringify(layer.getConfig()));
    expect(config).toEqual({
      className: 'Dense',
      name: 'h',
      trainable: true,
      units: 3,
      activation: 'tanh',
      useBias: false,
      kernelInitializer: { className: 'Orthogonal', gain: 1 },
      biasInitializer: { className: 'Zeros' },
    });
    const copy = defaultLayerRegistry().fromConfig(config);
    expect(copy.getConfig()).toEqual(config);
    // Same config + same Rng = same weights.
    layer.build([4], new Rng(7));
    copy.build([4], new Rng(7));
    expect(copy.params()[0]!.value.data).toEqual(layer.params()[0]!.value.data);
  });
});
