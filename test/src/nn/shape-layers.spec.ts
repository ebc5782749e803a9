import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Dense, Flatten, Reshape, TimeDistributed, UpSampling2D } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

describe('Flatten and Reshape', () => {
  it('Flatten keeps the batch axis and NHWC row-major order', () => {
    const flatten = new Flatten();
    expect(flatten.build([2, 1, 2], new Rng(0))).toEqual([4]);
    expect(flatten.forward(Tensor.from([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]), jsContext().ctx).value.toArray()).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(() => new Flatten({ name: 'f' }).build([-1, 3], new Rng(0))).toThrow("Flatten 'f': needs every input extent known");
  });

  it('Reshape infers one -1 extent and rejects a size mismatch', () => {
    const reshape = new Reshape([2, -1]);
    expect(reshape.build([6], new Rng(0))).toEqual([2, 3]);
    expect(reshape.forward(Tensor.from([[1, 2, 3, 4, 5, 6]]), jsContext().ctx).value.toArray()).toEqual([[[1, 2, 3], [4, 5, 6]]]);
    expect(() => new Reshape([4, -1], { name: 'r' }).build([6], new Rng(0))).toThrow("Reshape 'r': cannot reshape input [batch, 6] (6 values per example) to [batch, 4, ?]");
    expect(() => new Reshape([-1, -1])).toThrow(ConfigError);
  });
});

describe('UpSampling2D', () => {
  it('repeats each pixel size[0] x size[1] times', () => {
    const up = new UpSampling2D({ size: [1, 2] });
    expect(up.build([2, 2, 1], new Rng(0))).toEqual([2, 4, 1]);
    expect(up.forward(Tensor.from([1, 2, 3, 4], [1, 2, 2, 1]), jsContext().ctx).value.toArray()).toEqual([[[[1], [1], [2], [2]], [[3], [3], [4], [4]]]]);
  });

  it('sends each pixel the sum of its copies gradients', () => {
    const { g, ctx } = jsContext();
    const up = new UpSampling2D();
    up.build([1, 2, 1], new Rng(0));
    const x = g.variable(Tensor.from([5, 7], [1, 1, 2, 1]));
    g.backward(g.sum(g.mul(up.forward(x, ctx), Tensor.from([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 4, 1]))));
    expect(Array.from(x.grad!.data)).toEqual([1 + 2 + 5 + 6, 3 + 4 + 7 + 8]);
  });
});

describe('TimeDistributed', () => {
  it('applies the wrapped layer to every step with the same weights', () => {
    const { ctx } = jsContext();
    const td = new TimeDistributed(new Dense(2));
    expect(td.build([3, 4], new Rng(0))).toEqual([3, 2]);
    expect(Object.keys(td.namedParams())).toEqual(['dense/kernel', 'dense/bias']);
    const x = new Tensor([2, 3, 4]);
    new Rng(1).fillUniform(x.data, -1, 1);
    const y = td.forward(x, ctx).value;
    const step = td.layer.forward(ctx.graph.reshape(ctx.graph.slice(x, [1, 2, 0], [1, 1, 4]), [1, 4]), ctx).value;
    expect([y.get(1, 2, 0), y.get(1, 2, 1)]).toEqual(Array.from(step.data));
  });

  it('freezes the wrapped layer with it, and needs sequences', () => {
    const td = new TimeDistributed(new Dense(2), { trainable: false, name: 'td' });
    expect(td.layer.trainable).toBe(false);
    expect(() => td.build([4], new Rng(0))).toThrow(ShapeError);
    expect(() => td.build([4], new Rng(0))).toThrow("TimeDistributed 'td': expects sequences [batch, time, ...features], got input shape [batch, 4]");
  });
});
