import { ConfigError } from '../errors.js';
import { Layer } from '../nn/layer.js';
import { defaultLayerRegistry, type LayerRegistry } from '../nn/layer-registry.js';
import { Sequential } from '../nn/sequential.js';
import type { Rng } from '../random/rng.js';
import { selectLayers, type LayerSelection } from './layer-selection.js';
import { describeNetwork, type PretrainedNetwork } from './pretrained-source.js';
import { transferWeights } from './transfer-weights.js';

/**
 * Fresh, unbuilt copies (same config, same names) of the selected layers of a pretrained
 * `Sequential`, to put into a new model; {@link transferModel} also copies their weights once
 * the new model is built. Needs the architecture: a weights-only source throws a ConfigError.
 *
 * @example
 * ```ts
 * const trunk = takeLayers(pretrained, 5);          // conv, pool, conv, pool, flatten
 * const model = new Sequential([...trunk, new Dense(5)]);
 * ```
 */
export function takeLayers(source: Layer | PretrainedNetwork, selection: LayerSelection, registry: LayerRegistry = defaultLayerRegistry()): Layer[] {
  const pretrained = source instanceof Layer ? describeNetwork(source) : source;
  if (!(pretrained.model instanceof Sequential)) {
    throw new ConfigError(
      `takeLayers: ${pretrained.origin} is not a Sequential model${pretrained.noModelReason === undefined ? '' : ` (${pretrained.noModelReason})`}; copy weights into a model you build with transferWeights instead`,
    );
  }
  const model = pretrained.model;
  return selectLayers(pretrained.layers, selection, `takeLayers from ${pretrained.origin}`).map((l) => registry.fromConfig(model.getLayer(l.name).getConfig()));
}

/** Options of {@link transferModel}. */
export interface TransferModelOptions {
  /** The pretrained layers to keep: the first `k`, or names / globs. */
  readonly take: LayerSelection;
  /** New layers after them (a fresh classification head...), initialized from `rng`. */
  readonly head?: readonly Layer[];
  /** Freeze the taken layers (default false). */
  readonly freeze?: boolean;
  /** Initializes the head (the taken layers get the pretrained weights). */
  readonly rng: Rng;
  readonly registry?: LayerRegistry;
  /** Name of the new model (default `transfer`). */
  readonly name?: string;
}

/**
 * A new model made of pretrained layers and a new head, built for the source's input shape, with
 * the pretrained weights copied in and the taken layers frozen when asked: the usual first step
 * of fine-tuning.
 *
 * @example
 * ```ts
 * const model = transferModel(readPretrained('runs/mnist-cnn/seed-0'), {
 *   take: ['conv*', 'max_pool*', 'flatten*'], head: [new Dense(64, { activation: 'relu' }), new Dense(5)],
 *   freeze: true, rng: rng.child('head'),
 * });
 * console.log(model.summary());   // ... Frozen params: ...
 * ```
 */
export function transferModel(source: Layer | PretrainedNetwork, options: TransferModelOptions): Sequential {
  const pretrained = source instanceof Layer ? describeNetwork(source) : source;
  const taken = takeLayers(pretrained, options.take, options.registry);
  const model = new Sequential([...taken, ...(options.head ?? [])], { name: options.name ?? 'transfer' });
  model.build(pretrained.model!.inputShape, options.rng);
  transferWeights(pretrained, model, { layers: taken.map((l) => l.name), freeze: options.freeze === true });
  return model;
}
