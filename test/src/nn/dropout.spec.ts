import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { Dropout } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

describe('Dropout', () => {
  const x = Tensor.ones([40, 50]);

  function built(rate: number): Dropout {
    const layer = new Dropout({ rate, name: 'drop' });
    layer.build([50], new Rng(0));
    return layer;
  }

  it('is the identity in inference', () => {
    const { ctx } = jsContext(false);
    expect(built(0.5).forward(x, ctx).value.data).toEqual(x.data);
  });

  it('zeroes about `rate` of the values in training and scales the rest by 1 / (1 − rate)', () => {
    const { g } = jsContext();
    const y = built(0.25).forward(x, { graph: g, training: true, rng: new Rng(1) }).value;
    const zeros = y.data.filter((v) => v === 0).length / y.size;
    expect(zeros).toBeGreaterThan(0.2);
    expect(zeros).toBeLessThan(0.3);
    expect(new Set(y.data.filter((v) => v !== 0))).toEqual(new Set([Math.fround(1 / 0.75)]));
  });

  it('draws its mask from the context rng: same seed, same mask; another seed, another', () => {
    const { g } = jsContext();
    const layer = built(0.5);
    const mask = (seed: number): Float32Array => layer.forward(x, { graph: g, training: true, rng: new Rng(seed) }).value.data;
    expect(mask(3)).toEqual(mask(3));
    expect(mask(3)).not.toEqual(mask(4));
  });

  it('passes gradients only through kept units', () => {
    const { g } = jsContext();
    const v = g.variable(Tensor.ones([4, 50]));
    const y = built(0.5).forward(v, { graph: g, training: true, rng: new Rng(2) });
    g.backward(g.sum(y));
    expect(v.grad!.data).toEqual(y.value.data);
  });

  it('throws a ConfigError naming the layer when training without an rng, and on a bad rate', () => {
    const { ctx } = jsContext(true);
    expect(() => built(0.5).forward(x, ctx)).toThrow("Dropout 'drop': training mode needs an rng in the forward context");
    expect(() => new Dropout({ rate: 1 })).toThrow(ConfigError);
    expect(() => new Dropout({ rate: -0.1 })).toThrow(/rate must be a number in \[0, 1\)/);
  });
});
