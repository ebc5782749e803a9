import { ConfigError } from '../errors.js';
import type { Layer } from '../nn/layer.js';
import type { LayerRegistry } from '../nn/layer-registry.js';
import type { LayerSelection } from './layer-selection.js';
import { readPretrained } from './pretrained-source.js';
import { transferWeights, type TransferReport } from './transfer-weights.js';

/**
 * The `pretrained` option of a learner's or agent's network, plain JSON so it fits an experiment
 * config:
 *
 * ```json
 * "pretrained": { "from": "runs/digits-0-4/seed-0", "layers": 5, "freeze": true }
 * ```
 */
export interface PretrainedOptions {
  /** A run folder, checkpoint folder, weights prefix or tfjs model.json (see `readPretrained`). */
  readonly from: string;
  /** The first `k` layers, or layer names / globs; default every layer the source has, by name. */
  readonly layers?: LayerSelection | null;
  /** Freeze the layers that received weights (default false). */
  readonly freeze?: boolean;
  /** Which network of a checkpoint holding several (`qNetwork`); see `ReadPretrainedOptions.network`. */
  readonly network?: string | null;
}

const KEYS = ['from', 'layers', 'freeze', 'network'];

/**
 * Validates a `pretrained` option from JSON: null / undefined mean none; anything malformed
 * throws a ConfigError naming `where` and the field.
 *
 * @example
 * ```ts
 * const pretrained = parsePretrainedOptions(options.pretrained, "agent 'classifier' option pretrained");
 * ```
 */
export function parsePretrainedOptions(value: unknown, where: string): PretrainedOptions | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${where}: expected null or an object { from, layers, freeze, network }, got ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) throw new ConfigError(`${where}: unknown field ${unknown.map((k) => `'${k}'`).join(', ')} (accepted: ${KEYS.join(', ')})`);
  const { from, layers = null, freeze = false, network = null } = record;
  if (typeof from !== 'string' || from === '') throw new ConfigError(`${where}.from: expected a run folder, checkpoint or weights path, got ${JSON.stringify(from)}`);
  const layersOk =
    layers === null ||
    (typeof layers === 'number' && Number.isSafeInteger(layers) && layers >= 0) ||
    (Array.isArray(layers) && layers.every((name) => typeof name === 'string' && name !== ''));
  if (!layersOk) throw new ConfigError(`${where}.layers: expected a number of leading layers or an array of layer names, got ${JSON.stringify(layers)}`);
  if (typeof freeze !== 'boolean') throw new ConfigError(`${where}.freeze: expected true or false, got ${JSON.stringify(freeze)}`);
  if (network !== null && (typeof network !== 'string' || network === '')) throw new ConfigError(`${where}.network: expected a network name, got ${JSON.stringify(network)}`);
  return { from, layers: layers as LayerSelection | null, freeze, network: network as string | null };
}

/**
 * Loads pretrained layers into a freshly built network: reads `options.from`, copies the
 * selected layers (checked: names, types, shapes) and freezes them when asked. The one helper
 * every agent's `pretrained` option goes through: the classifier calls it after building its
 * network; a DQN or PPO agent calls it the same way on its Q-network or policy right after
 * `build` and before creating its optimizer and copying the target network:
 *
 * ```ts
 * this.qNetwork.build(observationShape, rng.child('init'));
 * if (pretrained !== null) applyPretrained(this.qNetwork, pretrained);   // e.g. { from, layers: ['hidden_*'], network: 'qNetwork' }
 * this.targetNetwork.build(...); copy qNetwork -> targetNetwork; new Adam(...)
 * ```
 *
 * @example
 * ```ts
 * const report = applyPretrained(network, { from: 'runs/digits-0-4/seed-0', layers: 5, freeze: true });
 * report.copied.map((c) => c.to);   // ['conv2d_1', 'max_pool2d_1', 'conv2d_2', 'max_pool2d_2', 'flatten_1']
 * ```
 */
export function applyPretrained(target: Layer, options: PretrainedOptions, context: { readonly registry?: LayerRegistry } = {}): TransferReport {
  const source = readPretrained(options.from, {
    ...(options.network === null || options.network === undefined ? {} : { network: options.network }),
    ...(context.registry === undefined ? {} : { registry: context.registry }),
  });
  return transferWeights(source, target, {
    ...(options.layers === null || options.layers === undefined ? {} : { layers: options.layers }),
    freeze: options.freeze === true,
  });
}
