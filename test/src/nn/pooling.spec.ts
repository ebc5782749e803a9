import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../../src/errors.js';
import { AvgPool2D, GlobalAveragePooling2D, MaxPool2D, defaultLayerRegistry } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

const image = Tensor.from(Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);

describe('pooling layers', () => {
  it('MaxPool2D takes the largest value of each window', () => {
    const pool = new MaxPool2D({ poolSize: 2 });
    expect(pool.build([4, 4, 1], new Rng(0))).toEqual([2, 2, 1]);
    expect(pool.forward(image, jsContext().ctx).value.toArray()).toEqual([[[[6], [8]], [[14], [16]]]]);
  });

  it('AvgPool2D averages windows; with same padding only the real cells', () => {
    const pool = new AvgPool2D({ poolSize: 3, strides: 2, padding: 'same' });
    expect(pool.build([4, 4, 1], new Rng(0))).toEqual([2, 2, 1]);
    // Total pad 1 per axis, after: windows rows/cols 0-2 and 2-3.
    // (1+2+3+5+6+7+9+10+11)/9 = 6, (3+4+7+8+11+12)/6 = 7.5, (9+10+11+13+14+15)/6 = 12, (11+12+15+16)/4 = 13.5
    expect(pool.forward(image, jsContext().ctx).value.toArray()).toEqual([[[[6], [7.5]], [[12], [13.5]]]]);
  });

  it('GlobalAveragePooling2D averages over height and width per channel', () => {
    const gap = new GlobalAveragePooling2D();
    expect(gap.build([2, 2, 2], new Rng(0))).toEqual([2]);
    expect(gap.forward(Tensor.from([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]), jsContext().ctx).value.toArray()).toEqual([[2.5, 25]]);
  });

  it('throws ShapeErrors naming the layer for a pool larger than a valid input and for non-images', () => {
    expect(() => new MaxPool2D({ poolSize: 3, name: 'p' }).build([2, 5, 1], new Rng(0))).toThrow("MaxPool2D 'p': the 3x3 pool is larger than the input [batch, 2, 5, 1] with padding 'valid'");
    expect(() => new AvgPool2D({ name: 'a' }).build([8], new Rng(0))).toThrow(ShapeError);
  });

  it('accepts the Keras / tfjs class names MaxPooling2D and AveragePooling2D', () => {
    const registry = defaultLayerRegistry();
    const max = registry.fromConfig({ className: 'MaxPooling2D', name: 'm', trainable: true, poolSize: [3, 3], strides: [1, 1], padding: 'same' });
    expect(max).toBeInstanceOf(MaxPool2D);
    expect((max as MaxPool2D).poolSize).toEqual([3, 3]);
    expect(registry.fromConfig({ className: 'AveragePooling2D', name: 'a', trainable: true })).toBeInstanceOf(AvgPool2D);
  });
});
