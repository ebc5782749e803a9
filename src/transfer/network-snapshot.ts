import type { JsonObject, JsonValue, StateSnapshot } from '../agent/state-snapshot.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Layer } from '../nn/layer.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** The `format` tag that marks a network inside a state snapshot's JSON. */
export const NETWORK_SNAPSHOT_FORMAT = 'neuroloop.network';

/**
 * A network's part of a checkpoint, self-describing so that transfer learning can rebuild it
 * from the checkpoint alone: the JSON holds `{ format: 'neuroloop.network', config, inputShape }`
 * (the model's `getConfig()` and build shape), the tensors are its params by path
 * (`conv2d_1/kernel`, copies). Learners nest it into their state (`nestSnapshots({ network:
 * networkSnapshot(model), ... })`); `readPretrained` finds it wherever it sits.
 *
 * @example
 * ```ts
 * protected getModelState() { return nestSnapshots({ network: networkSnapshot(this.network), optimizer }); }
 * ```
 */
export function networkSnapshot(model: Layer): StateSnapshot {
  const tensors: Record<string, Tensor> = {};
  for (const [path, param] of Object.entries(model.namedParams())) tensors[path] = param.value.clone();
  const json: JsonObject = {
    format: NETWORK_SNAPSHOT_FORMAT,
    config: model.getConfig() as unknown as JsonObject,
    inputShape: [...model.inputShape],
  };
  return { json, tensors };
}

/**
 * Copies the weights of a {@link networkSnapshot} into `model` (in place). Checks every name and
 * shape before writing anything, and throws a ConfigError / ShapeError naming `where`, the param
 * and both shapes when the snapshot does not fit.
 *
 * @example
 * ```ts
 * restoreNetworkSnapshot(this.network, pickSnapshot(state, 'network'), 'Classifier.setState');
 * ```
 */
export function restoreNetworkSnapshot(model: Layer, snapshot: StateSnapshot, where: string): void {
  const params = model.namedParams();
  const saved = Object.keys(snapshot.tensors);
  const missing = Object.keys(params).filter((path) => snapshot.tensors[path] === undefined);
  const unexpected = saved.filter((path) => params[path] === undefined);
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unexpected.length > 0 ? `unknown to the model ${unexpected.join(', ')}` : ''];
    throw new ConfigError(`${where}: the saved network does not match ${model.label} (${parts.filter((p) => p !== '').join('; ')})`);
  }
  for (const [path, param] of Object.entries(params)) {
    const tensor = snapshot.tensors[path]!;
    if (!shapesEqual(tensor.shape, param.shape)) {
      throw new ShapeError(`${where}: saved weight '${path}' has shape ${formatShape(tensor.shape)}, ${model.label} has ${formatShape(param.shape)}`);
    }
  }
  for (const [path, param] of Object.entries(params)) {
    param.value.data.set(snapshot.tensors[path]!.data);
    param.grad = null;
  }
}

/**
 * True when `json` is the JSON part of a {@link networkSnapshot}.
 *
 * @example
 * ```ts
 * if (isNetworkSnapshotJson(state.json['network'])) ...
 * ```
 */
export function isNetworkSnapshotJson(json: JsonValue | undefined): json is JsonObject & { readonly config: JsonObject; readonly inputShape: readonly number[] } {
  if (json === null || json === undefined || typeof json !== 'object' || Array.isArray(json)) return false;
  const record = json as JsonObject;
  return (
    record['format'] === NETWORK_SNAPSHOT_FORMAT &&
    typeof record['config'] === 'object' &&
    record['config'] !== null &&
    Array.isArray(record['inputShape'])
  );
}
