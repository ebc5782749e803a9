import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Conv2D, Conv2DTranspose, Sequential, constant, defaultLayerRegistry } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

describe('Conv2D', () => {
  it('computes activation(conv(x, kernel) + bias) on a hand-computed case (NHWC, [kh, kw, in, out] kernel)', () => {
    const { ctx } = jsContext();
    const conv = new Conv2D(2, 2, { activation: 'relu', kernelInitializer: constant(0) });
    conv.build([3, 3, 1], new Rng(0));
    expect(conv.kernel.shape).toEqual([2, 2, 1, 2]);
    // Filter 0 is the main diagonal [[1, 0], [0, 1]]; filter 1 is -1 everywhere.
    conv.kernel.value.data.set([1, -1, 0, -1, 0, -1, 1, -1]);
    conv.bias!.value.data.set([0.5, 20]);
    const x = Tensor.from([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    // Filter 0: 1+5, 2+6, 4+8, 5+9 plus 0.5. Filter 1: 20 − (window sum) = 20 − 12, 20 − 16, 20 − 24 (relu 0), 20 − 28 (0).
    expect(conv.forward(x, ctx).value.toArray()).toEqual([[[[6.5, 8], [8.5, 4]], [[12.5, 0], [14.5, 0]]]]);
  });

  it('reports TF same-padding output shapes at build, with strides and dilation', () => {
    expect(new Conv2D(4, 3, { padding: 'same', strides: 2 }).build([28, 27, 3], new Rng(0))).toEqual([14, 14, 4]);
    expect(new Conv2D(4, 3, { dilationRate: 2 }).build([9, 9, 1], new Rng(0))).toEqual([5, 5, 4]);
    expect(new Conv2D(4, [1, 3]).build([-1, 5, 2], new Rng(0))).toEqual([-1, 3, 4]);
  });

  it('throws a ShapeError naming the layer and both shapes on a channel-count mismatch', () => {
    const { ctx } = jsContext();
    const conv = new Conv2D(8, 3, { name: 'stem' });
    conv.build([28, 28, 3], new Rng(0));
    const run = (): unknown => conv.forward(new Tensor([4, 28, 28, 1]), ctx);
    expect(run).toThrow(ShapeError);
    expect(run).toThrow("Conv2D 'stem': input [4, 28, 28, 1] has 1 channels but the layer was built for 3 (NHWC input [batch, 28, 28, 3])");
  });

  it('throws a ShapeError naming the layer when the kernel is larger than the input with valid padding', () => {
    const build = (): unknown => new Conv2D(8, 5, { name: 'big' }).build([3, 4, 1], new Rng(0));
    expect(build).toThrow(ShapeError);
    expect(build).toThrow("Conv2D 'big': the 5x5 kernel (dilation 1x1) is larger than the input [batch, 3, 4, 1] with padding 'valid'");
    // The same kernel with 'same' padding is fine.
    expect(new Conv2D(8, 5, { padding: 'same' }).build([3, 4, 1], new Rng(0))).toEqual([3, 4, 8]);
  });

  it('names the layer when an input of unknown size turns out too small at forward', () => {
    const { ctx } = jsContext();
    const conv = new Conv2D(1, 3, { name: 'fcn' });
    conv.build([-1, -1, 1], new Rng(0));
    expect(() => conv.forward(new Tensor([1, 2, 2, 1]), ctx)).toThrow("Conv2D 'fcn': conv2d: the 3x3 window is larger than the 2x2 input [1, 2, 2, 1] with padding 'valid'");
  });

  it('refuses inputs that are not NHWC images, and bad options', () => {
    expect(() => new Conv2D(2, 3, { name: 'c' }).build([28, 28], new Rng(0))).toThrow("Conv2D 'c': expects NHWC images [batch, height, width, channels] with known channels, got input shape [batch, 28, 28]");
    expect(() => new Conv2D(0, 3)).toThrow(ConfigError);
    expect(() => new Conv2D(2, [3, 0])).toThrow(/kernelSize must be a positive integer/);
    expect(() => new Conv2D(2, 3, { padding: 'full' as never })).toThrow(/padding must be 'same' or 'valid'/);
  });

  it('serializes its options (kernelSize, strides, dilationRate as pairs)', () => {
    const conv = new Conv2D(4, [3, 1], { name: 'c', strides: 2, padding: 'same', useBias: false, activation: 'elu' });
    const config = JSON.parse(JSON.stringify(conv.getConfig()));
    expect(config).toMatchObject({ className: 'Conv2D', filters: 4, kernelSize: [3, 1], strides: [2, 2], padding: 'same', dilationRate: [1, 1], activation: 'elu', useBias: false });
    expect(defaultLayerRegistry().fromConfig(config).getConfig()).toEqual(config);
    expect(() => defaultLayerRegistry().fromConfig({ ...config, filters: undefined })).toThrow("Conv2D config 'c': filters is missing");
  });
});

describe('Conv2DTranspose', () => {
  it('upsamples with a [kh, kw, filters, inChannels] kernel and Keras output shapes', () => {
    const { ctx } = jsContext();
    const up = new Conv2DTranspose(3, 4, { strides: 2, padding: 'same' });
    expect(up.build([7, 7, 5], new Rng(0))).toEqual([14, 14, 3]);
    expect(up.kernel.shape).toEqual([4, 4, 3, 5]);
    expect(up.forward(new Tensor([2, 7, 7, 5]), ctx).shape).toEqual([2, 14, 14, 3]);
    expect(new Conv2DTranspose(1, 3, { strides: 2 }).build([4, 4, 1], new Rng(0))).toEqual([9, 9, 1]);
  });

  it('spreads each input pixel over a kernel-sized patch (hand-computed, stride 2, valid)', () => {
    const { ctx } = jsContext();
    const up = new Conv2DTranspose(1, 2, { strides: 2, useBias: false, kernelInitializer: constant(0) });
    up.build([1, 2, 1], new Rng(0));
    up.kernel.value.data.set([1, 2, 3, 4]);
    // Each input value v writes v·[[1, 2], [3, 4]] into its own 2x2 block.
    expect(up.forward(Tensor.from([1, 10], [1, 1, 2, 1]), ctx).value.toArray()).toEqual([[[[1], [2], [10], [20]], [[3], [4], [30], [40]]]]);
  });

  it('round-trips in a generator-like stack', () => {
    const model = new Sequential([new Conv2DTranspose(4, 3, { strides: 2, padding: 'same', activation: 'relu' }), new Conv2D(1, 3, { padding: 'same', activation: 'tanh' })]);
    model.build([4, 4, 2], new Rng(1));
    const copy = defaultLayerRegistry().fromConfig(JSON.parse(JSON.stringify(model.getConfig()))) as Sequential;
    expect(copy.layers.map((l) => l.className)).toEqual(['Conv2DTranspose', 'Conv2D']);
  });
});
