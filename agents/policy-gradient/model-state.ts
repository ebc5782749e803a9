import { nestSnapshots, pickSnapshot, snapshotTensor, type JsonObject, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { ConfigError } from '../../src/errors.js';
import type { NamedParams } from '../../src/nn/param.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { deserializeOptimizerState, serializeOptimizerState, type OptimizerStateJson } from '../../src/optim/optimizer-state-io.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/**
 * The learned state of a policy-gradient model as one snapshot: the params (`params.<path>`),
 * the optimizer's counters and moments (`optimizer.<path>/<slot>`), and `extra` JSON (normalizer
 * statistics...). Tensors are copies.
 *
 * @example
 * ```ts
 * const state = modelSnapshot(policy.namedParams(), optimizer, { normalizer: normalizer.getState() });
 * const extra = restoreModel(state, policy.namedParams(), optimizer, 'PPO.setState');
 * ```
 */
export function modelSnapshot(params: NamedParams, optimizer: Optimizer, extra: JsonObject): StateSnapshot {
  const tensors: Record<string, Tensor> = {};
  for (const [name, p] of Object.entries(params)) tensors[name] = p.value.clone();
  const optimizerState = serializeOptimizerState(optimizer.getState());
  return nestSnapshots({
    params: { json: {}, tensors },
    optimizer: { json: optimizerState.json as unknown as JsonObject, tensors: optimizerState.tensors },
    extra: { json: extra, tensors: {} },
  });
}

/**
 * Restores what {@link modelSnapshot} saved into `params` (in place) and `optimizer`; returns the
 * `extra` JSON. Throws a `ConfigError` / `ShapeError` naming `where` and the missing or
 * mis-shaped tensor.
 */
export function restoreModel(state: StateSnapshot, params: NamedParams, optimizer: Optimizer, where: string): JsonObject {
  const saved = pickSnapshot(state, 'params');
  const values = Object.entries(params).map(([name, p]) => [p, snapshotTensor(saved, name, p.shape, where)] as const);
  const optimizerPart = pickSnapshot(state, 'optimizer');
  const optimizerState = deserializeOptimizerState(optimizerPart.json as unknown as OptimizerStateJson, optimizerPart.tensors);
  const extra = pickSnapshot(state, 'extra').json;
  if (Object.keys(saved.tensors).length !== values.length) {
    throw new ConfigError(`${where}: the state holds params ${Object.keys(saved.tensors).join(', ')}; this model has ${Object.keys(params).join(', ')}`);
  }
  optimizer.setState(optimizerState);
  for (const [p, value] of values) p.value.data.set(value.data);
  return extra;
}
