import { nestSnapshots, pickSnapshot, snapshotTensor, type JsonObject, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import { ConfigError } from '../../src/errors.js';
import type { NamedParams } from '../../src/nn/param.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { deserializeOptimizerState, serializeOptimizerState, type OptimizerStateJson } from '../../src/optim/optimizer-state-io.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** One network of a model: its params (buffers such as batch-norm statistics included) and, if trained, its optimizer. */
export interface NetworkPart {
  readonly params: NamedParams;
  readonly optimizer?: Optimizer;
}

/**
 * The learned state of a model made of named networks (a GAN's generator and discriminator, a
 * VAE's encoder and decoder) as one snapshot: part `p`'s params become `p.<path>`, its optimizer
 * `p-optimizer.<path>/<slot>`, and `json` (counters) goes under `counters`. Tensors are copies.
 *
 * @example
 * ```ts
 * const state = networksSnapshot({ generator: { params: g.namedParams(), optimizer: gOpt } }, { updates: 3 });
 * const counters = restoreNetworks(state, parts, 'Gan.setState');
 * ```
 */
export function networksSnapshot(parts: Readonly<Record<string, NetworkPart>>, json: JsonObject): StateSnapshot {
  const snapshots: Record<string, StateSnapshot> = { counters: { json, tensors: {} } };
  for (const [name, part] of Object.entries(parts)) {
    const tensors: Record<string, Tensor> = {};
    for (const [path, p] of Object.entries(part.params)) tensors[path] = p.value.clone();
    snapshots[name] = { json: {}, tensors };
    if (part.optimizer !== undefined) {
      const { json: optimizerJson, tensors: slots } = serializeOptimizerState(part.optimizer.getState());
      snapshots[`${name}-optimizer`] = { json: optimizerJson as unknown as JsonObject, tensors: slots };
    }
  }
  return nestSnapshots(snapshots);
}

/**
 * Restores what {@link networksSnapshot} saved into the params (in place) and optimizers of
 * `parts`; returns the `json` counters. Checks every param's presence and shape before writing
 * any, and throws a `ConfigError` / `ShapeError` naming `where` and the missing or mis-shaped tensor.
 */
export function restoreNetworks(state: StateSnapshot, parts: Readonly<Record<string, NetworkPart>>, where: string): JsonObject {
  const writes: Array<() => void> = [];
  for (const [name, part] of Object.entries(parts)) {
    const saved = pickSnapshot(state, name);
    const expected = Object.keys(part.params);
    const extra = Object.keys(saved.tensors).filter((key) => !(key in part.params));
    if (extra.length > 0) throw new ConfigError(`${where}: the state's ${name} has params ${extra.join(', ')} that this model lacks (it has ${expected.join(', ')})`);
    for (const [path, p] of Object.entries(part.params)) {
      const value = snapshotTensor(saved, path, p.shape, `${where} (${name})`);
      writes.push(() => p.value.data.set(value.data));
    }
    if (part.optimizer !== undefined) {
      const optimizerPart = pickSnapshot(state, `${name}-optimizer`);
      const optimizerState = deserializeOptimizerState(optimizerPart.json as unknown as OptimizerStateJson, optimizerPart.tensors);
      const optimizer = part.optimizer;
      writes.push(() => optimizer.setState(optimizerState));
    }
  }
  const counters = pickSnapshot(state, 'counters').json;
  for (const write of writes) write();
  return counters;
}
