import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { BatchNormalization, LayerNormalization, Sequential } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { loadWeights, saveWeights } from '../../../src/transfer/weights-io.js';
import { loadInto } from '../../../src/transfer/weights-load-into.js';
import { jsContext } from './nn-helpers.js';

describe('BatchNormalization', () => {
  // Two features over a batch of 3: means [2, 20], biased variances [2/3, 200/3].
  const x = Tensor.from([[1, 10], [2, 20], [3, 30]]);

  it('normalizes with batch statistics in training and moves the averages by momentum', () => {
    const { ctx } = jsContext(true);
    const bn = new BatchNormalization({ momentum: 0.75, epsilon: 1e-6 });
    bn.build([2], new Rng(0));
    const y = bn.forward(x, ctx).value;
    expect(y.get(0, 0)).toBeCloseTo(-1 / Math.sqrt(2 / 3), 4);
    expect(y.get(2, 1)).toBeCloseTo(10 / Math.sqrt(200 / 3), 4);
    // moving = 0.75·moving + 0.25·batch, from mean 0 and variance 1.
    expect(bn.movingMean.value.data[0]).toBeCloseTo(0.5, 6);
    expect(bn.movingMean.value.data[1]).toBeCloseTo(5, 5);
    expect(bn.movingVariance.value.data[0]).toBeCloseTo(0.75 + 0.25 * (2 / 3), 6);
    expect(bn.movingVariance.value.data[1]).toBeCloseTo(0.75 + 0.25 * (200 / 3), 4);
  });

  it('uses the moving statistics, gamma and beta in inference and updates nothing', () => {
    const { ctx } = jsContext(false);
    const bn = new BatchNormalization({ epsilon: 1e-6 });
    bn.build([2], new Rng(0));
    bn.movingMean.value.data.set([1, 2]);
    bn.movingVariance.value.data.set([4, 16]);
    bn.gamma!.value.data.set([2, 3]);
    bn.beta!.value.data.set([0.5, -1]);
    const y = bn.forward(Tensor.from([[3, 10]]), ctx).value;
    // 2·(3 − 1)/2 + 0.5 = 2.5 and 3·(10 − 2)/4 − 1 = 5.
    expect(y.get(0, 0)).toBeCloseTo(2.5, 5);
    expect(y.get(0, 1)).toBeCloseTo(5, 5);
    expect(Array.from(bn.movingMean.value.data)).toEqual([1, 2]);
  });

  it('runs in inference mode when frozen, even in a training pass (Keras >= 2.1.3)', () => {
    const { ctx } = jsContext(true);
    const bn = new BatchNormalization({ trainable: false });
    bn.build([2], new Rng(0));
    const y = bn.forward(x, ctx).value;
    expect(Array.from(bn.movingMean.value.data)).toEqual([0, 0]);
    // Moving mean 0, variance 1: y = x / sqrt(1 + 1e-3).
    expect(y.get(1, 1)).toBeCloseTo(20 / Math.sqrt(1.001), 4);
  });

  it('normalizes NHWC images per channel over batch, height and width', () => {
    const { ctx } = jsContext(true);
    const bn = new BatchNormalization();
    bn.build([2, 2, 3], new Rng(0));
    const images = new Tensor([4, 2, 2, 3]);
    new Rng(1).fillUniform(images.data, 0, 10);
    const y = bn.forward(images, ctx).value;
    for (let c = 0; c < 3; c++) {
      let sum = 0;
      for (let i = c; i < y.size; i += 3) sum += y.data[i]!;
      expect(sum / 16).toBeCloseTo(0, 4);
    }
  });

  it('keeps its moving statistics as non-trainable state params saved with the weights', () => {
    const model = new Sequential([new BatchNormalization({ name: 'bn' })]);
    model.build([3], new Rng(0));
    const named = model.namedParams();
    expect(Object.keys(named)).toEqual(['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']);
    expect(named['bn/moving_mean']!.isState).toBe(true);
    expect(named['bn/moving_mean']!.trainable).toBe(false);
    expect(model.countParams()).toEqual({ trainable: 6, frozen: 6 });
  });

  it('saves its moving statistics with the weights and restores them into a fresh model', async () => {
    const make = (): Sequential => {
      const model = new Sequential([new BatchNormalization({ name: 'bn', momentum: 0 })]);
      model.build([2], new Rng(0));
      return model;
    };
    const trained = make();
    trained.forward(x, jsContext(true).ctx);
    expect(Array.from(trained.namedParams()['bn/moving_mean']!.value.data)).toEqual([2, 20]);
    const dir = mkdtempSync(join(tmpdir(), 'neuroloop-bn-'));
    try {
      await saveWeights(join(dir, 'bn'), trained.namedParams());
      const restored = make();
      loadInto(restored, await loadWeights(join(dir, 'bn')));
      expect(Array.from(restored.namedParams()['bn/moving_mean']!.value.data)).toEqual([2, 20]);
      const { g } = jsContext(false);
      expect(restored.predict(g, x).data).toEqual(trained.predict(g, x).data);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad options and axes', () => {
    expect(() => new BatchNormalization({ momentum: 1.5 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ epsilon: 0 })).toThrow(ConfigError);
    expect(() => new BatchNormalization({ axis: 0, name: 'b' }).build([3], new Rng(0))).toThrow("BatchNormalization 'b': axis 0 is the batch axis");
    expect(() => new BatchNormalization({ axis: 3 }).build([3], new Rng(0))).toThrow(ShapeError);
  });
});

describe('LayerNormalization', () => {
  it('normalizes each example over its features, the same in training and inference', () => {
    const layer = new LayerNormalization({ epsilon: 1e-6 });
    layer.build([3], new Rng(0));
    const input = Tensor.from([[1, 2, 3], [10, 10, 40]]);
    const train = layer.forward(input, jsContext(true).ctx).value;
    const infer = layer.forward(input, jsContext(false).ctx).value;
    expect(train.data).toEqual(infer.data);
    const s = Math.sqrt(2 / 3);
    expect(Array.from(train.data.slice(0, 3)).map((v) => Number(v.toFixed(4)))).toEqual([-1 / s, 0, 1 / s].map((v) => Number(v.toFixed(4))));
    expect(train.get(1, 2)).toBeCloseTo(20 / Math.sqrt(200), 4);
  });

  it('rejects the batch axis and repeated axes', () => {
    expect(() => new LayerNormalization({ axis: 0, name: 'ln' }).build([3], new Rng(0))).toThrow("LayerNormalization 'ln': axis [0] must name distinct feature axes of input [batch, 3]");
    expect(() => new LayerNormalization({ axis: [1, -1] }).build([3], new Rng(0))).toThrow(ShapeError);
  });
});
