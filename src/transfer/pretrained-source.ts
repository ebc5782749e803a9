import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { JsonObject, JsonValue, StateSnapshot } from '../agent/state-snapshot.js';
import { ConfigError, FileFormatError, ShapeError } from '../errors.js';
import { listCheckpoints, readCheckpoint } from '../experiment/checkpoint-io.js';
import type { Layer, LayerConfig } from '../nn/layer.js';
import { defaultLayerRegistry, type LayerRegistry } from '../nn/layer-registry.js';
import { Rng } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { groupByLayer, modelLayers, type NetworkLayer } from './layer-selection.js';
import { MODEL_FILE_SUFFIX, readModelFile } from './model-file.js';
import { isNetworkSnapshotJson, restoreNetworkSnapshot } from './network-snapshot.js';
import { loadTfjsModel } from './tfjs-import.js';
import { loadWeightsSync } from './weights-io.js';

/**
 * A pretrained network as transfer learning uses it: its layers with their weights and, when the
 * source holds the architecture, the rebuilt model itself.
 */
export interface PretrainedNetwork {
  /** Where it came from, for messages: `runs/a/checkpoints/step-500 (agent.model.network)`. */
  readonly origin: string;
  /** Layers in network order (see `NetworkLayer`); weights-only sources list layers with params only. */
  readonly layers: readonly NetworkLayer<Tensor>[];
  /** The model, built and holding the weights, or null when only the weights are known. */
  readonly model: Layer | null;
  /** Why `model` is null. */
  readonly noModelReason?: string;
}

/** Options of {@link readPretrained}. */
export interface ReadPretrainedOptions {
  /**
   * Which network of a checkpoint that holds several (a DQN's `qNetwork` and `targetNetwork`):
   * its path in the checkpoint state (`agent.model.qNetwork`) or the last part(s) of it
   * (`qNetwork`). Default: the only network saved with its architecture (`networkSnapshot`),
   * else the only group of weights not named like an optimizer or a target network.
   */
  readonly network?: string;
  /** Layer types for rebuilding saved architectures (default `defaultLayerRegistry()`). */
  readonly registry?: LayerRegistry;
}

/**
 * Reads a pretrained network from any of the places neuroloop writes one, synchronously (agent
 * factories are synchronous):
 *
 * - a run folder (`config.json` + `checkpoints/`): its latest checkpoint;
 * - a checkpoint folder (`manifest.json`, `tensors.json`, `tensors.bin`), or its `manifest.json`;
 * - a weights prefix (`<prefix>.json` + `<prefix>.bin` from `saveWeights`), a folder holding
 *   `weights.json`, or a manifest path; with `<prefix>.model.json` (`saveModel`) it has its architecture;
 * - a TensorFlow.js layers model (`model.json` + weight shards), or a folder holding one.
 *
 * Throws a FileFormatError naming the path and what was looked for when nothing fits, and a
 * ConfigError listing the candidates when a checkpoint holds several networks and `network`
 * does not pick one.
 *
 * @example
 * ```ts
 * const pre = readPretrained('runs/mnist-cnn/seed-0');
 * pre.layers.map((l) => l.name);   // ['conv2d_1', 'max_pool2d_1', ..., 'logits']
 * pre.model!.summary?.();
 * ```
 */
export function readPretrained(from: string, options: ReadPretrainedOptions = {}): PretrainedNetwork {
  if (typeof from !== 'string' || from === '') throw new ConfigError(`pretrained source must be a path, got ${JSON.stringify(from)}`);
  const registry = options.registry ?? defaultLayerRegistry();
  const source = resolveSource(from);
  switch (source.kind) {
    case 'checkpoint': {
      const { state } = readCheckpoint(source.dir);
      const picked = pickNetwork(state, source.dir, options.network);
      return fromSnapshot(picked.snapshot, `${source.dir} (${picked.path})`, registry);
    }
    case 'tfjs': {
      const model = loadTfjsModel(source.path, registry);
      return describeNetwork(model, source.path);
    }
    case 'weights': {
      const withModel = readModelFile(source.prefix);
      if (withModel !== null) return fromSnapshot(withModel, source.prefix, registry);
      return fromSnapshot({ json: {}, tensors: loadWeightsSync(`${source.prefix}.json`) }, source.prefix, registry);
    }
  }
}

/**
 * The model of a pretrained source (see {@link readPretrained}), built and holding its weights;
 * throws a ConfigError when the source has only weights and no architecture.
 *
 * @example
 * ```ts
 * const cnn = loadPretrainedModel('runs/mnist-cnn/seed-0') as Sequential;
 * cnn.predict(graph, images);
 * ```
 */
export function loadPretrainedModel(from: string, options: ReadPretrainedOptions = {}): Layer {
  const pretrained = readPretrained(from, options);
  if (pretrained.model === null) {
    throw new ConfigError(`${pretrained.origin} cannot be loaded as a model: ${pretrained.noModelReason ?? 'it holds weights only'}`);
  }
  return pretrained.model;
}

/**
 * A live model as a {@link PretrainedNetwork} (its layers view the model's current weights).
 *
 * @example
 * ```ts
 * transferWeights(describeNetwork(teacher), student, { layers: 4 });
 * ```
 */
export function describeNetwork(model: Layer, origin: string = model.label): PretrainedNetwork {
  const layers = modelLayers(model).map((l) => ({
    name: l.name,
    className: l.className,
    layer: l.layer,
    params: Object.fromEntries(Object.entries(l.params).map(([k, p]) => [k, p.value])),
  }));
  return { origin, layers, model };
}

type Source = { kind: 'checkpoint'; dir: string } | { kind: 'tfjs'; path: string } | { kind: 'weights'; prefix: string };

function resolveSource(from: string): Source {
  if (isDirectory(from)) {
    if (existsSync(join(from, 'config.json'))) {
      const latest = listCheckpoints(from).pop();
      if (latest === undefined) throw new FileFormatError(`${from}: the run folder has no checkpoint yet (checkpoints/step-<n>/manifest.json)`);
      return { kind: 'checkpoint', dir: latest.path };
    }
    if (existsSync(join(from, 'manifest.json'))) return { kind: 'checkpoint', dir: from };
    if (existsSync(join(from, 'model.json'))) return { kind: 'tfjs', path: join(from, 'model.json') };
    if (existsSync(join(from, 'weights.json'))) return { kind: 'weights', prefix: join(from, 'weights') };
    throw notFound(from, 'the folder holds none of config.json (a run), manifest.json, model.json, weights.json');
  }
  if (from.endsWith('.json') && existsSync(from)) {
    if (basename(from) === 'manifest.json') return { kind: 'checkpoint', dir: dirname(from) };
    if (from.endsWith(MODEL_FILE_SUFFIX)) return { kind: 'weights', prefix: from.slice(0, -MODEL_FILE_SUFFIX.length) };
    const json = readJson(from);
    if (json !== null && typeof json === 'object' && 'modelTopology' in json) return { kind: 'tfjs', path: from };
    return { kind: 'weights', prefix: from.slice(0, -'.json'.length) };
  }
  if (existsSync(`${from}.json`)) return { kind: 'weights', prefix: from };
  throw notFound(from, `no such folder, file or weights prefix (${from}.json)`);
}

function notFound(from: string, why: string): FileFormatError {
  return new FileFormatError(
    `pretrained source ${from}: ${why}; expected a run folder, a checkpoint folder (manifest.json), a weights prefix (<prefix>.json + <prefix>.bin) or a tfjs model.json`,
  );
}

/** The network a checkpoint state holds (see {@link ReadPretrainedOptions.network}). */
function pickNetwork(state: StateSnapshot, where: string, wanted: string | undefined): { path: string; snapshot: StateSnapshot } {
  const marked = new Map<string, JsonObject>();
  const walk = (value: JsonValue, path: readonly string[]): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    if (isNetworkSnapshotJson(value)) {
      marked.set(path.join('.'), value);
      return;
    }
    for (const [key, child] of Object.entries(value as JsonObject)) walk(child, [...path, key]);
  };
  walk(state.json, []);
  // Unmarked weights: `a.b.layer/param` belongs to the group `a.b`.
  const groups = new Set<string>(marked.keys());
  for (const name of Object.keys(state.tensors)) {
    const slash = name.indexOf('/');
    if (slash < 0) continue;
    groups.add(name.slice(0, Math.max(name.lastIndexOf('.', slash), 0)));
  }
  const all = [...groups];
  let chosen: string[];
  if (wanted !== undefined) {
    chosen = all.filter((g) => g === wanted || g.endsWith(`.${wanted}`));
  } else if (marked.size > 0) {
    chosen = [...marked.keys()];
  } else {
    chosen = all.filter((g) => !/optim|target/i.test(g.split('.').pop() ?? ''));
  }
  if (chosen.length !== 1) {
    const why = wanted !== undefined ? (chosen.length === 0 ? `no network matches '${wanted}'` : `'${wanted}' matches several networks`) : 'it holds several networks';
    throw new ConfigError(`${where}: ${why}; choose one with the 'network' option (networks: ${all.join(', ') || 'none'})`);
  }
  const path = chosen[0]!;
  const prefix = path === '' ? '' : `${path}.`;
  const tensors: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(state.tensors)) {
    if (name.startsWith(prefix) && name.slice(prefix.length).includes('/')) {
      const rest = name.slice(prefix.length);
      // Only the weights of this group, not those of a group nested below it.
      if (!rest.slice(0, rest.indexOf('/')).includes('.')) tensors[rest] = tensor;
    }
  }
  return { path: path === '' ? '(root)' : path, snapshot: { json: marked.get(path) ?? {}, tensors } };
}

/** A network from a snapshot: rebuilt when its JSON has the architecture, else weights by layer. */
function fromSnapshot(snapshot: StateSnapshot, origin: string, registry: LayerRegistry): PretrainedNetwork {
  const { json, tensors } = snapshot;
  if (!isNetworkSnapshotJson(json)) {
    const layers = groupByLayer(tensors).map((g) => ({ name: g.name, className: null, params: g.params, layer: null }));
    return { origin, layers, model: null, noModelReason: 'the source holds weights only, without the architecture' };
  }
  let model: Layer | null = null;
  let noModelReason: string | undefined;
  try {
    model = registry.fromConfig(json.config as unknown as LayerConfig);
    model.build(json.inputShape as number[], new Rng(0));
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof ShapeError)) throw error;
    model = null;
    noModelReason = `its architecture could not be rebuilt (${error.message})`;
  }
  if (model !== null) {
    restoreNetworkSnapshot(model, snapshot, origin);
    return describeNetwork(model, origin);
  }
  // The architecture names the layers (parameterless ones too) even when it cannot be rebuilt.
  const configLayers = (json.config as JsonObject)['layers'];
  const grouped = new Map(groupByLayer(tensors).map((g) => [g.name, g.params]));
  const layers = Array.isArray(configLayers)
    ? (configLayers as JsonObject[]).map((c) => ({ name: String(c['name']), className: String(c['className']), params: grouped.get(String(c['name'])) ?? {}, layer: null }))
    : [...grouped].map(([name, params]) => ({ name, className: null, params, layer: null }));
  return { origin, layers, model: null, ...(noModelReason === undefined ? {} : { noModelReason }) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FileFormatError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}
