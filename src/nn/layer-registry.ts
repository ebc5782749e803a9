import { ConfigError } from '../errors.js';
import { ELU, LeakyReLU, ReLU, Sigmoid, Softmax, Softplus, Tanh } from './activation-layers.js';
import { BatchNormalization } from './batch-normalization.js';
import { Conv2D } from './conv2d.js';
import { Conv2DTranspose } from './conv2d-transpose.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { Flatten } from './flatten.js';
import { GRU } from './gru.js';
import { LayerNormalization } from './layer-normalization.js';
import { LSTM } from './lstm.js';
import { AvgPool2D, GlobalAveragePooling2D, MaxPool2D } from './pooling.js';
import { Reshape } from './reshape.js';
import { TimeDistributed } from './time-distributed.js';
import { UpSampling2D } from './up-sampling2d.js';
import type { Layer, LayerConfig } from './layer.js';
import { Sequential } from './sequential.js';

/** Builds a layer from its config; containers use the registry for their sub-layers. */
export type LayerFactory = (config: LayerConfig, registry: LayerRegistry) => Layer;

/**
 * Maps config class names to layer factories, so models can be rebuilt from `getConfig()`
 * output. An instance per use (no global registry): plugins add their layers to the one they get.
 *
 * @example
 * ```ts
 * const registry = defaultLayerRegistry().register('Scale', (c) => Scale.fromConfig(c));
 * const model = registry.fromConfig(JSON.parse(text)) as Sequential;
 * ```
 */
export class LayerRegistry {
  private readonly factories = new Map<string, LayerFactory>();

  /** Adds (or replaces) the factory of `className`. */
  register(className: string, factory: LayerFactory): this {
    this.factories.set(className, factory);
    return this;
  }

  has(className: string): boolean {
    return this.factories.has(className);
  }

  /** A new, unbuilt layer from a config; throws naming the class when it is not registered. */
  fromConfig(config: LayerConfig): Layer {
    const factory = this.factories.get(config.className);
    if (factory === undefined) {
      throw new ConfigError(
        `layer config '${config.name}': unknown className '${config.className}'; registered: ${[...this.factories.keys()].join(', ')}`,
      );
    }
    return factory(config, this);
  }
}

/**
 * A new registry holding the built-in layers: Dense, Sequential, the activation layers, and the
 * vision and sequence layers (Conv2D, Conv2DTranspose, pooling, Flatten, Reshape, UpSampling2D,
 * normalization, Dropout, Embedding, LSTM, GRU, TimeDistributed). `MaxPooling2D` and
 * `AveragePooling2D` (the Keras / tfjs class names) are accepted as aliases.
 */
export function defaultLayerRegistry(): LayerRegistry {
  const base = (c: LayerConfig) => ({ name: c.name, trainable: c.trainable });
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return new LayerRegistry()
    .register('Dense', (c) => Dense.fromConfig(c))
    .register('Sequential', (c, r) => Sequential.fromConfig(c, r))
    .register('ReLU', (c) => new ReLU(base(c)))
    .register('Tanh', (c) => new Tanh(base(c)))
    .register('Sigmoid', (c) => new Sigmoid(base(c)))
    .register('Softplus', (c) => new Softplus(base(c)))
    .register('LeakyReLU', (c) => new LeakyReLU({ ...base(c), alpha: num(c['alpha']) }))
    .register('ELU', (c) => new ELU({ ...base(c), alpha: num(c['alpha']) }))
    .register('Softmax', (c) => new Softmax({ ...base(c), axis: num(c['axis']) }))
    .register('Conv2D', (c) => Conv2D.fromConfig(c))
    .register('Conv2DTranspose', (c) => Conv2DTranspose.fromConfig(c))
    .register('MaxPool2D', (c) => MaxPool2D.fromConfig(c))
    .register('MaxPooling2D', (c) => MaxPool2D.fromConfig(c))
    .register('AvgPool2D', (c) => AvgPool2D.fromConfig(c))
    .register('AveragePooling2D', (c) => AvgPool2D.fromConfig(c))
    .register('GlobalAveragePooling2D', (c) => new GlobalAveragePooling2D(base(c)))
    .register('Flatten', (c) => new Flatten(base(c)))
    .register('Reshape', (c) => Reshape.fromConfig(c))
    .register('UpSampling2D', (c) => UpSampling2D.fromConfig(c))
    .register('BatchNormalization', (c) => BatchNormalization.fromConfig(c))
    .register('LayerNormalization', (c) => LayerNormalization.fromConfig(c))
    .register('Dropout', (c) => Dropout.fromConfig(c))
    .register('Embedding', (c) => Embedding.fromConfig(c))
    .register('LSTM', (c) => LSTM.fromConfig(c))
    .register('GRU', (c) => GRU.fromConfig(c))
    .register('TimeDistributed', (c, r) => TimeDistributed.fromConfig(c, r));
}
