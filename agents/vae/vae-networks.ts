import { ShapeError, formatShape } from '../../src/errors.js';
import { Conv2D } from '../../src/nn/conv2d.js';
import { Conv2DTranspose } from '../../src/nn/conv2d-transpose.js';
import { Dense } from '../../src/nn/dense.js';
import { Flatten } from '../../src/nn/flatten.js';
import type { Layer } from '../../src/nn/layer.js';
import { Reshape } from '../../src/nn/reshape.js';
import { Sequential } from '../../src/nn/sequential.js';
import type { VaeOptions } from './vae-options.js';

/** An encoder and a decoder, unbuilt. */
export interface VaeNetworks {
  /** `[batch, ...input] -> [batch, 2·latentDim]`: the posterior's mean, then its log-variance. */
  readonly encoder: Sequential;
  /** `[batch, latentDim] -> [batch, ...output]`: Bernoulli logits or Gaussian means. */
  readonly decoder: Sequential;
  /** The shape the encoder reads (flat for MLPs). */
  readonly inputShape: readonly number[];
}

/**
 * MLP networks over flattened examples of `dataSize` values: encoder `Dense(h, act)... ->
 * Dense(2·latentDim)`, decoder `Dense(h, act)... (reversed) -> Dense(dataSize)`.
 *
 * @example
 * ```ts
 * const { encoder, decoder } = mlpVaeNetworks(VAE_DEFAULTS, 784);   // 784-400-(20+20), 20-400-784
 * ```
 */
export function mlpVaeNetworks(options: VaeOptions, dataSize: number): VaeNetworks {
  const dense = (units: number, name: string): Layer => new Dense(units, { activation: options.activation, name });
  const encoder = new Sequential([...options.hidden.map((h, i) => dense(h, `hidden_${i + 1}`)), new Dense(2 * options.latentDim, { name: 'posterior' })], { name: 'encoder' });
  const decoder = new Sequential([...[...options.hidden].reverse().map((h, i) => dense(h, `hidden_${i + 1}`)), new Dense(dataSize, { name: 'output' })], { name: 'decoder' });
  return { encoder, decoder, inputShape: [dataSize] };
}

/**
 * Convolutional networks for NHWC images whose sides divide by 4: encoder `Conv 4x4/2 (c₁) ->
 * Conv 4x4/2 (c₂) -> Flatten -> Dense(2·latentDim)`, decoder `Dense(h/4·w/4·c₂) -> Reshape ->
 * ConvTranspose 4x4/2 (c₁) -> ConvTranspose 4x4/2 (channels)`.
 *
 * @example
 * ```ts
 * const { encoder, decoder } = convVaeNetworks(VAE_DEFAULTS, [28, 28, 1]);   // 28 -> 14 -> 7 and back
 * ```
 */
export function convVaeNetworks(options: VaeOptions, imageShape: readonly number[]): VaeNetworks {
  const [height, width, channels] = imageShape as [number, number, number];
  if (imageShape.length !== 3 || height % 4 !== 0 || width % 4 !== 0) {
    throw new ShapeError(`vae: the conv architecture needs NHWC images with sides divisible by 4, got examples of shape ${formatShape(imageShape)}; use architecture 'mlp'`);
  }
  const [c1, c2] = options.convChannels as [number, number];
  const act = options.activation;
  const conv = { strides: 2, padding: 'same', activation: act } as const;
  const encoder = new Sequential(
    [new Conv2D(c1, 4, { ...conv, name: 'down_1' }), new Conv2D(c2, 4, { ...conv, name: 'down_2' }), new Flatten(), new Dense(2 * options.latentDim, { name: 'posterior' })],
    { name: 'encoder' },
  );
  const base = [height / 4, width / 4, c2];
  const decoder = new Sequential(
    [
      new Dense(base[0]! * base[1]! * c2, { activation: act, name: 'project' }),
      new Reshape(base, { name: 'to_map' }),
      new Conv2DTranspose(c1, 4, { ...conv, name: 'up_1' }),
      new Conv2DTranspose(channels, 4, { strides: 2, padding: 'same', name: 'output' }),
    ],
    { name: 'decoder' },
  );
  return { encoder, decoder, inputShape: [...imageShape] };
}
