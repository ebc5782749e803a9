import { ConfigError } from '../../src/errors.js';
import { Dense } from '../../src/nn/dense.js';
import type { ConfigValue, LayerConfig } from '../../src/nn/layer.js';
import type { LayerRegistry } from '../../src/nn/layer-registry.js';
import { Sequential } from '../../src/nn/sequential.js';

/**
 * One layer of a network written as JSON: `type` plus the layer's own options in camelCase, as
 * its `getConfig()` writes them (`{ "type": "conv2d", "filters": 16, "kernelSize": 3,
 * "activation": "relu" }`). `name` and `trainable` are optional.
 */
export interface LayerSpec {
  readonly type: string;
  readonly name?: string;
  readonly trainable?: boolean;
  readonly [option: string]: ConfigValue | undefined;
}

// Friendly type names -> layer registry class names (several spellings where frameworks differ).
// A type that is already a registered class name (`Conv2D`) is used as it is.
const TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  dense: ['Dense'],
  conv2d: ['Conv2D'],
  conv2dtranspose: ['Conv2DTranspose'],
  maxpool2d: ['MaxPool2D', 'MaxPooling2D'],
  maxpooling2d: ['MaxPool2D', 'MaxPooling2D'],
  avgpool2d: ['AvgPool2D', 'AveragePooling2D'],
  averagepooling2d: ['AvgPool2D', 'AveragePooling2D'],
  globalavgpool2d: ['GlobalAvgPool2D', 'GlobalAveragePooling2D'],
  flatten: ['Flatten'],
  reshape: ['Reshape'],
  upsampling2d: ['UpSampling2D'],
  dropout: ['Dropout'],
  batchnorm: ['BatchNorm', 'BatchNormalization'],
  batchnormalization: ['BatchNorm', 'BatchNormalization'],
  layernorm: ['LayerNorm', 'LayerNormalization'],
  relu: ['ReLU'],
  leakyrelu: ['LeakyReLU'],
  elu: ['ELU'],
  tanh: ['Tanh'],
  sigmoid: ['Sigmoid'],
  softplus: ['Softplus'],
  softmax: ['Softmax'],
};

/**
 * The registry class name of a spec's `type`; throws a ConfigError naming `where` and listing
 * the types this registry can build.
 *
 * @example
 * ```ts
 * layerClassName('maxPool2d', registry, 'layers[1]');   // 'MaxPool2D'
 * ```
 */
export function layerClassName(type: string, registry: LayerRegistry, where: string): string {
  if (typeof type !== 'string' || type === '') throw new ConfigError(`${where}: expected a layer type such as "dense" or "conv2d", got ${JSON.stringify(type)}`);
  if (registry.has(type)) return type;
  const candidates = TYPE_ALIASES[type.toLowerCase().replace(/[_-]/g, '')] ?? [];
  const found = candidates.find((c) => registry.has(c));
  if (found !== undefined) return found;
  const known = Object.entries(TYPE_ALIASES)
    .filter(([, classes]) => classes.some((c) => registry.has(c)))
    .map(([alias]) => alias);
  throw new ConfigError(`${where}: unknown layer type '${type}'; known types: ${[...new Set(known)].join(', ')}`);
}

/**
 * An unbuilt `Sequential` from layer specs, through the layer registry (so plugin layers work
 * too), followed by the output layer `Dense(outputUnits)` named `logits` when `outputUnits` is
 * given. Layer options are checked by the layers themselves; errors name `layers[i]`.
 *
 * @example
 * ```ts
 * const model = buildNetwork([{ type: 'flatten' }, { type: 'dense', units: 128, activation: 'relu' }], registry, { outputUnits: 10 });
 * model.build([28, 28, 1], rng.child('init'));
 * ```
 */
export function buildNetwork(specs: readonly LayerSpec[], registry: LayerRegistry, options: { readonly outputUnits?: number; readonly name?: string } = {}): Sequential {
  if (!Array.isArray(specs)) throw new ConfigError(`layers: expected an array of layer specs ({ "type": "dense", "units": 64 }), got ${JSON.stringify(specs)}`);
  const layers = specs.map((spec, i) => {
    const where = `layers[${i}]`;
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ConfigError(`${where}: expected a layer spec object with a "type", got ${JSON.stringify(spec)}`);
    const { type, name, trainable, ...rest } = spec;
    const className = layerClassName(type, registry, where);
    if (name !== undefined && (typeof name !== 'string' || name === '')) throw new ConfigError(`${where}.name: expected a non-empty string, got ${JSON.stringify(name)}`);
    if (trainable !== undefined && typeof trainable !== 'boolean') throw new ConfigError(`${where}.trainable: expected true or false, got ${JSON.stringify(trainable)}`);
    try {
      // No name: the model names the layer (`conv2d_1`), as for layers added in code.
      return registry.fromConfig({ ...rest, className, name: name as string, trainable: trainable ?? true } as LayerConfig);
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`${where} (${type}): ${error.message}`);
      throw error;
    }
  });
  if (options.outputUnits !== undefined) layers.push(new Dense(options.outputUnits, { name: 'logits' }));
  try {
    return new Sequential(layers, { name: options.name ?? 'network' });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`layers: ${error.message}`);
    throw error;
  }
}
