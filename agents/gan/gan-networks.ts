import { ConfigError, ShapeError, formatShape } from '../../src/errors.js';
import { ELU, LeakyReLU, ReLU, Tanh } from '../../src/nn/activation-layers.js';
import { BatchNormalization } from '../../src/nn/batch-normalization.js';
import { Conv2D } from '../../src/nn/conv2d.js';
import { Conv2DTranspose } from '../../src/nn/conv2d-transpose.js';
import { Dense } from '../../src/nn/dense.js';
import { Flatten } from '../../src/nn/flatten.js';
import type { Layer } from '../../src/nn/layer.js';
import { Reshape } from '../../src/nn/reshape.js';
import { Sequential } from '../../src/nn/sequential.js';
import type { GanOptions } from './gan-options.js';
import { MinibatchStdDev } from './minibatch-std-dev.js';

/** What the generator ends with, `auto` already resolved. */
export type ResolvedOutputActivation = 'linear' | 'tanh' | 'sigmoid';

// DCGAN's (Radford et al., 2016) guidelines: strided convolutions instead of pooling, batch norm
// in both networks except the generator's output and the discriminator's input layers, ReLU in
// the generator, leaky ReLU 0.2 in the discriminator. The kernel is 4x4 (5x5 in the paper):
// a multiple of the stride avoids checkerboard artifacts (Odena et al., 2016) and costs less.
const DCGAN_KERNEL = 4;
// Batch norm momentum: GAN statistics drift fast, so the moving averages must follow them.
const BN_MOMENTUM = 0.9;

/**
 * The hidden activation layer named in the options (leaky ReLU with slope 0.2, as in DCGAN).
 *
 * @example
 * ```ts
 * hiddenActivation('leakyRelu');   // new LeakyReLU({ alpha: 0.2 })
 * ```
 */
export function hiddenActivation(name: GanOptions['generatorActivation']): Layer {
  switch (name) {
    case 'relu': return new ReLU();
    case 'leakyRelu': return new LeakyReLU({ alpha: 0.2 });
    case 'tanh': return new Tanh();
    case 'elu': return new ELU();
  }
}

/**
 * The MLP generator: `z [batch, latentDim] -> Dense(h) [-> BN] -> act -> ... -> Dense(outputSize,
 * out)`, unbuilt; its output is flat `[batch, outputSize]`.
 *
 * @example
 * ```ts
 * const generator = mlpGenerator({ ...GAN_DEFAULTS, generatorHidden: [128, 128] }, 2, 'linear');
 * generator.build([GAN_DEFAULTS.latentDim], rng.child('generator'));
 * ```
 */
export function mlpGenerator(options: GanOptions, outputSize: number, outputActivation: ResolvedOutputActivation): Sequential {
  const layers: Layer[] = [];
  options.generatorHidden.forEach((units, i) => {
    layers.push(new Dense(units, { name: `hidden_${i + 1}` }));
    if (options.generatorBatchNorm) layers.push(new BatchNormalization({ name: `bn_${i + 1}`, momentum: BN_MOMENTUM }));
    layers.push(hiddenActivation(options.generatorActivation));
  });
  layers.push(new Dense(outputSize, { activation: outputActivation, name: 'output' }));
  return new Sequential(layers, { name: 'generator' });
}

/**
 * The MLP discriminator (critic): `[batch, pack·features] -> Dense(h) -> act -> ... -> Dense(1)`
 * (a logit, or the critic's score), with a {@link MinibatchStdDev} before the output layer when
 * asked. Unbuilt.
 *
 * @example
 * ```ts
 * const discriminator = mlpDiscriminator({ ...GAN_DEFAULTS, discriminatorHidden: [128, 128] });
 * discriminator.build([2 * pack], rng.child('discriminator'));
 * ```
 */
export function mlpDiscriminator(options: GanOptions): Sequential {
  const layers: Layer[] = [];
  options.discriminatorHidden.forEach((units, i) => {
    layers.push(new Dense(units, { name: `hidden_${i + 1}` }));
    layers.push(hiddenActivation(options.discriminatorActivation));
  });
  if (options.minibatchStdDev) layers.push(new MinibatchStdDev({ name: 'minibatch_std' }));
  layers.push(new Dense(1, { name: 'output' }));
  return new Sequential(layers, { name: 'discriminator' });
}

/**
 * How many 2x upsamplings a DCGAN uses for images of `height` x `width`: halve while both
 * extents are even and the halves stay at least 4 (28 -> 14 -> 7: two; 32 -> 16 -> 8 -> 4:
 * three). Throws for an image that cannot be halved once.
 *
 * @example
 * ```ts
 * dcganUpsamplings(28, 28);   // 2 (7x7 base)
 * ```
 */
export function dcganUpsamplings(height: number, width: number): number {
  let steps = 0;
  for (let h = height, w = width; h % 2 === 0 && w % 2 === 0 && h / 2 >= 4 && w / 2 >= 4; h /= 2, w /= 2) steps++;
  if (steps === 0) {
    throw new ShapeError(`gan: DCGAN networks need an image whose sides halve at least once to 4 or more, got ${height}x${width}; use architecture 'mlp'`);
  }
  return steps;
}

/** Channels at each resolution, from the smallest map (`dcganChannels`) halving per 2x upsampling, at least 8. */
function channelLadder(options: GanOptions, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => Math.max(8, Math.floor(options.dcganChannels / 2 ** i)));
}

/**
 * The DCGAN generator for NHWC images `[h, w, c]`: `z -> Dense(h₀·w₀·ch) -> BN -> ReLU -> Reshape
 * [h₀, w₀, ch] -> (ConvTranspose 4x4 stride 2 -> BN -> ReLU)* -> ConvTranspose(c) -> out`, with
 * h₀ = h / 2^k ({@link dcganUpsamplings}). Outputs `[batch, h, w, c]`. Unbuilt.
 *
 * @example
 * ```ts
 * const generator = dcganGenerator({ ...GAN_DEFAULTS, dcganChannels: 32 }, [28, 28, 1], 'tanh');
 * generator.build([64], rng);   // 7x7x32 -> 14x14x16 -> 28x28x1
 * ```
 */
export function dcganGenerator(options: GanOptions, imageShape: readonly number[], outputActivation: ResolvedOutputActivation): Sequential {
  const [height, width, channels] = checkImage(imageShape);
  const steps = dcganUpsamplings(height, width);
  const ladder = channelLadder(options, steps);
  const bn = (name: string): Layer[] => (options.generatorBatchNorm ? [new BatchNormalization({ name, momentum: BN_MOMENTUM })] : []);
  const act = (): Layer => hiddenActivation(options.generatorActivation);
  const base = [height / 2 ** steps, width / 2 ** steps, ladder[0]!];
  const layers: Layer[] = [new Dense(base[0]! * base[1]! * base[2]!, { name: 'project' }), ...bn('bn_project'), act(), new Reshape(base, { name: 'to_map' })];
  for (let i = 1; i < steps; i++) {
    layers.push(new Conv2DTranspose(ladder[i]!, DCGAN_KERNEL, { strides: 2, padding: 'same', name: `up_${i}` }), ...bn(`bn_up_${i}`), act());
  }
  layers.push(new Conv2DTranspose(channels, DCGAN_KERNEL, { strides: 2, padding: 'same', activation: outputActivation, name: 'output' }));
  return new Sequential(layers, { name: 'generator' });
}

/**
 * The DCGAN discriminator (critic) for images `[h, w, c·pack]` (packed samples are stacked along
 * channels): `(Conv 4x4 stride 2 [-> BN] -> LeakyReLU 0.2)* [-> MinibatchStdDev] -> Flatten ->
 * Dense(1)`, the mirror of {@link dcganGenerator}; no batch norm on the first layer, and none at
 * all with `wasserstein` (the gradient penalty needs per-example scores). Unbuilt.
 *
 * @example
 * ```ts
 * const discriminator = dcganDiscriminator({ ...GAN_DEFAULTS, dcganChannels: 32 }, [28, 28, 1]);
 * discriminator.build([28, 28, 1], rng);   // 14x14x16 -> 7x7x32 -> 1
 * ```
 */
export function dcganDiscriminator(options: GanOptions, imageShape: readonly number[]): Sequential {
  const [height, width] = checkImage(imageShape);
  const steps = dcganUpsamplings(height, width);
  const ladder = channelLadder(options, steps).reverse();
  const batchNorm = options.discriminatorBatchNorm && options.loss !== 'wasserstein';
  const layers: Layer[] = [];
  ladder.forEach((filters, i) => {
    layers.push(new Conv2D(filters, DCGAN_KERNEL, { strides: 2, padding: 'same', name: `down_${i + 1}` }));
    if (batchNorm && i > 0) layers.push(new BatchNormalization({ name: `bn_down_${i + 1}`, momentum: BN_MOMENTUM }));
    layers.push(hiddenActivation(options.discriminatorActivation));
  });
  if (options.minibatchStdDev) layers.push(new MinibatchStdDev({ name: 'minibatch_std' }));
  layers.push(new Flatten(), new Dense(1, { name: 'output' }));
  return new Sequential(layers, { name: 'discriminator' });
}

function checkImage(shape: readonly number[]): [number, number, number] {
  if (shape.length !== 3) throw new ConfigError(`gan: DCGAN networks need NHWC images [height, width, channels], got examples of shape ${formatShape(shape)}`);
  return [shape[0]!, shape[1]!, shape[2]!];
}
