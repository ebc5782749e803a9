import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileFormatError, ShapeError, formatShape } from '../errors.js';
import type { ConfigValue, Layer, LayerConfig } from '../nn/layer.js';
import { defaultLayerRegistry, type LayerRegistry } from '../nn/layer-registry.js';
import { Sequential } from '../nn/sequential.js';
import { Rng } from '../random/rng.js';
import { shapeSize } from '../tensor/shape.js';

// TensorFlow.js layers format (what `model.save('file://...')` and tensorflowjs_converter
// --output_format tfjs_layers_model write): model.json = { modelTopology, weightsManifest }, and
// the weights as raw little-endian binary shards, concatenated in manifest order.
//
// Layouts: tfjs keeps Dense kernels as [inFeatures, units] and Conv2D kernels as
// [kernelHeight, kernelWidth, inChannels, outChannels] (channels_last), which are exactly
// neuroloop's Dense kernel and Conv2D filter layouts, so weights are copied as they are.

/** One weight of a tfjs weights manifest group. */
interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: unknown;
}

type TfjsLayer = { readonly className: string; readonly config: Readonly<Record<string, unknown>> };

/** The tfjs layer types this importer understands. */
export const TFJS_SUPPORTED_LAYERS: readonly string[] = Object.freeze([
  'InputLayer', 'Dense', 'Conv2D', 'MaxPooling2D', 'MaxPool2D', 'AveragePooling2D', 'AvgPool2D', 'Flatten', 'Dropout', 'Activation', 'ReLU', 'Softmax',
]);

const ACTIVATIONS: Readonly<Record<string, string>> = {
  linear: 'linear', relu: 'relu', tanh: 'tanh', sigmoid: 'sigmoid', softmax: 'softmax', elu: 'elu', softplus: 'softplus',
};
const ACTIVATION_LAYERS: Readonly<Record<string, string>> = { relu: 'ReLU', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax', elu: 'ELU', softplus: 'Softplus' };

/**
 * Loads a TensorFlow.js layers-format model (`model.json` + its weight shards, e.g.
 * `group1-shard1of1.bin`) as a built neuroloop `Sequential` holding the weights. Supports
 * Sequential topologies of Dense, Conv2D (channels_last), pooling, Flatten, Dropout and
 * activation layers; anything else throws a FileFormatError naming the layer and what is
 * supported. Reads synchronously.
 *
 * @example
 * ```ts
 * const model = loadTfjsModel('models/mnist-tfjs/model.json');
 * model.predict(graph, images);            // same outputs as tf.loadLayersModel(...).predict
 * ```
 */
export function loadTfjsModel(path: string, registry: LayerRegistry = defaultLayerRegistry()): Sequential {
  const modelJson = readJsonFile(path);
  const manifest = manifestOf(modelJson, path);
  const shards = manifest.flatMap((group) => group.paths.map((p) => readShard(join(dirname(path), p), path)));
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    data.set(shard, offset);
    offset += shard.byteLength;
  }
  return tfjsModelFromArtifacts(modelJson, data, path, registry);
}

/**
 * The pure core of {@link loadTfjsModel}: a parsed `model.json` and the concatenated weight
 * shards -> a built `Sequential` with the weights. `where` names the model in errors.
 *
 * @example
 * ```ts
 * const model = tfjsModelFromArtifacts(JSON.parse(text), shardBytes, 'model.json');
 * ```
 */
export function tfjsModelFromArtifacts(modelJson: unknown, weightData: Uint8Array, where: string, registry: LayerRegistry = defaultLayerRegistry()): Sequential {
  const { name, layers } = topologyOf(modelJson, where);
  const inputShape = inputShapeOf(layers, where);
  const converted: Array<{ layer: Layer; tfjsName: string }> = [];
  for (const tfjs of layers) {
    for (const layer of convertLayer(tfjs, where, registry)) converted.push({ layer, tfjsName: String(tfjs.config['name']) });
  }
  const model = new Sequential(
    converted.map((c) => c.layer),
    { name: sanitizeName(name ?? 'tfjs_model') },
  );
  model.build(inputShape, new Rng(0));
  const weights = decodeTfjsWeights(manifestOf(modelJson, where).flatMap((g) => g.weights), weightData, where);
  const used = new Set<string>();
  for (const { layer, tfjsName } of converted) {
    for (const [paramName, param] of Object.entries(layer.namedParams())) {
      const key = findWeight(weights, tfjsName, paramName);
      if (key === undefined) {
        throw new FileFormatError(`${where}: no weight '${tfjsName}/${paramName}' for layer '${tfjsName}' in weightsManifest (weights: ${[...weights.keys()].join(', ')})`);
      }
      const { shape, values } = weights.get(key)!;
      if (shape.length !== param.shape.length || shape.some((d, i) => d !== param.shape[i])) {
        throw new ShapeError(`${where}: weight '${key}' has shape ${formatShape(shape)}, layer '${tfjsName}' needs ${formatShape(param.shape)} for '${paramName}'`);
      }
      param.value.data.set(values);
      used.add(key);
    }
  }
  const unused = [...weights.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) throw new FileFormatError(`${where}: weights ${unused.join(', ')} belong to no imported layer`);
  return model;
}

function convertLayer(tfjs: TfjsLayer, where: string, registry: LayerRegistry): Layer[] {
  const c = tfjs.config;
  const name = sanitizeName(String(c['name'] ?? tfjs.className.toLowerCase()));
  const trainable = c['trainable'] !== false;
  const make = (className: string, options: Record<string, ConfigValue>): Layer => {
    if (!registry.has(className)) throw new FileFormatError(`${where}: layer '${name}' (${tfjs.className}) needs neuroloop's ${className} layer, which the layer registry does not have`);
    return registry.fromConfig({ className, name, trainable, ...options } as LayerConfig);
  };
  const activation = (): string => {
    const a = String(c['activation'] ?? 'linear');
    const mapped = ACTIVATIONS[a];
    if (mapped === undefined) throw new FileFormatError(`${where}: layer '${name}' uses activation '${a}'; supported: ${Object.keys(ACTIVATIONS).join(', ')}`);
    return mapped;
  };
  switch (tfjs.className) {
    case 'InputLayer':
      return [];
    case 'Dense':
      return [make('Dense', { units: num(c, 'units', name, where), activation: activation(), useBias: c['use_bias'] !== false })];
    case 'Conv2D': {
      channelsLast(c, name, where);
      const dilation = pairOf(c['dilation_rate'] ?? 1, 'dilation_rate', name, where);
      const options: Record<string, ConfigValue> = {
        filters: num(c, 'filters', name, where),
        kernelSize: pairOf(c['kernel_size'], 'kernel_size', name, where),
        strides: pairOf(c['strides'] ?? 1, 'strides', name, where),
        padding: paddingOf(c, name, where),
        activation: activation(),
        useBias: c['use_bias'] !== false,
      };
      if (dilation[0] !== 1 || dilation[1] !== 1) options['dilationRate'] = dilation;
      return [make('Conv2D', options)];
    }
    case 'MaxPooling2D':
    case 'MaxPool2D':
    case 'AveragePooling2D':
    case 'AvgPool2D': {
      channelsLast(c, name, where);
      const poolSize = pairOf(c['pool_size'] ?? 2, 'pool_size', name, where);
      const strides = c['strides'] === null || c['strides'] === undefined ? poolSize : pairOf(c['strides'], 'strides', name, where);
      const className = tfjs.className.startsWith('Max') ? 'MaxPool2D' : 'AvgPool2D';
      return [make(className, { poolSize, strides, padding: paddingOf(c, name, where) })];
    }
    case 'Flatten':
      channelsLast(c, name, where);
      return [make('Flatten', {})];
    case 'Dropout':
      return [make('Dropout', { rate: num(c, 'rate', name, where) })];
    case 'ReLU':
      return [make('ReLU', {})];
    case 'Softmax':
      return [make('Softmax', {})];
    case 'Activation': {
      const a = activation();
      return a === 'linear' ? [] : [make(ACTIVATION_LAYERS[a]!, {})];
    }
    default:
      throw new FileFormatError(`${where}: layer '${name}' has type ${tfjs.className}, which the tfjs importer does not support (supported: ${TFJS_SUPPORTED_LAYERS.join(', ')})`);
  }
}

function topologyOf(json: unknown, where: string): { name: string | undefined; layers: TfjsLayer[] } {
  const root = record(json, where, 'model.json');
  let topology = record(root['modelTopology'], where, 'modelTopology');
  // Converted Keras files nest the model under model_config.
  if (topology['model_config'] !== undefined) topology = record(topology['model_config'], where, 'modelTopology.model_config');
  const className = topology['class_name'] ?? topology['className'];
  if (className !== 'Sequential') {
    throw new FileFormatError(`${where}: modelTopology is a ${JSON.stringify(className)} model; only Sequential models can be imported`);
  }
  const config = topology['config'];
  const rawLayers = Array.isArray(config) ? config : record(config, where, 'modelTopology.config')['layers'];
  if (!Array.isArray(rawLayers)) throw new FileFormatError(`${where}: modelTopology.config.layers must be an array of layers`);
  const layers = rawLayers.map((raw, i): TfjsLayer => {
    const l = record(raw, where, `modelTopology.config.layers[${i}]`);
    const cls = l['class_name'] ?? l['className'];
    if (typeof cls !== 'string') throw new FileFormatError(`${where}: modelTopology.config.layers[${i}] has no class_name`);
    return { className: cls, config: record(l['config'], where, `modelTopology.config.layers[${i}].config`) };
  });
  const name = Array.isArray(config) ? undefined : (record(config, where, 'modelTopology.config')['name'] as string | undefined);
  return { name, layers };
}

function inputShapeOf(layers: readonly TfjsLayer[], where: string): number[] {
  const first = layers[0];
  if (first === undefined) throw new FileFormatError(`${where}: the model has no layers`);
  const batchShape = first.config['batch_input_shape'] ?? first.config['batchInputShape'];
  const shape = Array.isArray(batchShape) ? batchShape.slice(1) : first.config['input_shape'] ?? first.config['inputShape'];
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    throw new FileFormatError(`${where}: the first layer must give its input shape (batch_input_shape [null, ...]) with known extents, got ${JSON.stringify(batchShape ?? shape)}`);
  }
  return shape as number[];
}

function manifestOf(json: unknown, where: string): { paths: string[]; weights: TfjsWeightSpec[] }[] {
  const manifest = record(json, where, 'model.json')['weightsManifest'];
  if (!Array.isArray(manifest)) throw new FileFormatError(`${where}: weightsManifest must be an array of { paths, weights } groups`);
  return manifest.map((raw, i) => {
    const group = record(raw, where, `weightsManifest[${i}]`);
    const { paths, weights } = group;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p !== '')) throw new FileFormatError(`${where}: weightsManifest[${i}].paths must list the shard files`);
    if (!Array.isArray(weights)) throw new FileFormatError(`${where}: weightsManifest[${i}].weights must be an array`);
    return { paths: paths as string[], weights: weights as TfjsWeightSpec[] };
  });
}

function decodeTfjsWeights(specs: readonly TfjsWeightSpec[], data: Uint8Array, where: string): Map<string, { shape: number[]; values: Float32Array }> {
  const out = new Map<string, { shape: number[]; values: Float32Array }>();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const label = `weight '${String(spec?.name)}'`;
    if (typeof spec?.name !== 'string' || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new FileFormatError(`${where}: ${label} needs a name and a shape of non-negative integers`);
    }
    if (spec.quantization !== undefined) throw new FileFormatError(`${where}: ${label} is quantized; only float32 weights can be imported`);
    if (spec.dtype !== 'float32') throw new FileFormatError(`${where}: ${label} has dtype ${JSON.stringify(spec.dtype)}; only float32 weights can be imported`);
    const count = shapeSize(spec.shape);
    if (offset + 4 * count > data.byteLength) {
      throw new FileFormatError(`${where}: the weight shards hold ${data.byteLength} bytes, too few for ${label} at bytes [${offset}, ${offset + 4 * count})`);
    }
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + 4 * i, true);
    offset += 4 * count;
    out.set(spec.name.replace(/:\d+$/, ''), { shape: [...spec.shape], values });
  }
  if (offset !== data.byteLength) throw new FileFormatError(`${where}: the weight shards hold ${data.byteLength} bytes, the manifest describes ${offset}`);
  return out;
}

/** The manifest key of `<layer>/<param>`, allowing a scope in front (`model/dense_1/kernel`). */
function findWeight(weights: ReadonlyMap<string, unknown>, layerName: string, paramName: string): string | undefined {
  const exact = `${layerName}/${paramName}`;
  if (weights.has(exact)) return exact;
  return [...weights.keys()].find((k) => k.endsWith(`/${exact}`));
}

function record(value: unknown, where: string, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FileFormatError(`${where}: ${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function num(c: Readonly<Record<string, unknown>>, key: string, layer: string, where: string): number {
  const v = c[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FileFormatError(`${where}: layer '${layer}' needs a number '${key}', got ${JSON.stringify(v)}`);
  return v;
}

function pairOf(value: unknown, key: string, layer: string, where: string): [number, number] {
  const p = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    throw new FileFormatError(`${where}: layer '${layer}': ${key} must be a positive integer or a pair of them, got ${JSON.stringify(value)}`);
  }
  return [p[0] as number, p[1] as number];
}

function paddingOf(c: Readonly<Record<string, unknown>>, layer: string, where: string): string {
  const p = c['padding'] ?? 'valid';
  if (p !== 'valid' && p !== 'same') throw new FileFormatError(`${where}: layer '${layer}': padding ${JSON.stringify(p)} is not supported (valid, same)`);
  return p;
}

function channelsLast(c: Readonly<Record<string, unknown>>, layer: string, where: string): void {
  const format = c['data_format'] ?? c['dataFormat'];
  if (format !== undefined && format !== null && format !== 'channels_last') {
    throw new FileFormatError(`${where}: layer '${layer}' uses data_format ${JSON.stringify(format)}; neuroloop is NHWC (channels_last) only`);
  }
}

function sanitizeName(name: string): string {
  // Layer names may not contain '/', which separates layers in param paths.
  return name.replace(/\//g, '_') || 'layer';
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FileFormatError(`${path}: cannot read tfjs model.json (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FileFormatError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

function readShard(path: string, modelPath: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileFormatError(`${path}: weight shard named by ${modelPath} ${code === 'ENOENT' ? 'not found' : `cannot be read (${(error as Error).message})`}`);
  }
}
