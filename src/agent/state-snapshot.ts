import { ConfigError, ShapeError, formatShape } from '../errors.js';
import type { Rng, RngState } from '../random/rng.js';
import { shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A value that survives `JSON.stringify` / `JSON.parse` unchanged (finite numbers only). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * The checkpointable state of an agent, learner, buffer or loop: a JSON-safe part (options,
 * counters, Rng states) and named tensors (weights, optimizer moments, replay contents).
 *
 * The experiment layer writes `json` into the checkpoint manifest and each tensor as a
 * little-endian float32 blob; nothing here touches files. `getState()` returns copies, so a
 * snapshot never changes after it was taken, and `setState()` copies in.
 *
 * Tensor names are flat keys; nested components are prefixed with {@link nestSnapshots}
 * (`replay.observations`, `policy.dense1.kernel`).
 *
 * @example
 * ```ts
 * const snapshot = agent.getState();
 * JSON.stringify(snapshot.json);            // safe
 * snapshot.tensors['qTable']!.shape;        // [25, 4]
 * other.setState(snapshot);                 // continues exactly where `agent` was
 * ```
 */
export interface StateSnapshot {
  readonly json: JsonObject;
  readonly tensors: Readonly<Record<string, Tensor>>;
}

/** Something whose state can be checkpointed and restored exactly. */
export interface Stateful {
  /** A deep copy of the current state. */
  getState(): StateSnapshot;
  /** Restores a state from {@link Stateful.getState}; throws a `ConfigError` if it does not fit. */
  setState(state: StateSnapshot): void;
}

/**
 * Combines the snapshots of named parts into one: part `p`'s json goes under `json[p]`, its
 * tensor `t` becomes `p.t`. {@link pickSnapshot} undoes it.
 *
 * @example
 * ```ts
 * const state = nestSnapshots({ own: { json: { steps: 3 }, tensors: {} }, replay: buffer.getState() });
 * pickSnapshot(state, 'replay');   // equals buffer.getState()
 * ```
 */
export function nestSnapshots(parts: Readonly<Record<string, StateSnapshot>>): StateSnapshot {
  const json: Record<string, JsonValue> = {};
  const tensors: Record<string, Tensor> = {};
  for (const [name, part] of Object.entries(parts)) {
    if (name.includes('.')) throw new ConfigError(`nestSnapshots: part name '${name}' must not contain '.'`);
    json[name] = part.json;
    for (const [key, tensor] of Object.entries(part.tensors)) tensors[`${name}.${key}`] = tensor;
  }
  return { json, tensors };
}

/**
 * The part `name` of a snapshot built by {@link nestSnapshots}; throws if it is missing.
 *
 * @example
 * ```ts
 * this.replay.setState(pickSnapshot(state, 'replay'));
 * ```
 */
export function pickSnapshot(state: StateSnapshot, name: string): StateSnapshot {
  const json = state.json[name];
  if (json === undefined || json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError(`state snapshot has no part '${name}' (parts: ${Object.keys(state.json).join(', ') || 'none'})`);
  }
  const prefix = `${name}.`;
  const tensors: Record<string, Tensor> = {};
  for (const [key, tensor] of Object.entries(state.tensors)) {
    if (key.startsWith(prefix)) tensors[key.slice(prefix.length)] = tensor;
  }
  return { json: json as JsonObject, tensors };
}

/**
 * The tensor `name` of a snapshot, checked against the expected shape; throws if absent or mis-shaped.
 *
 * @example
 * ```ts
 * this.q.set(snapshotTensor(state, 'q', [numStates, numActions], 'QLearningAgent.setState').data);
 * ```
 */
export function snapshotTensor(state: StateSnapshot, name: string, shape: readonly number[], where: string): Tensor {
  const tensor = state.tensors[name];
  if (tensor === undefined) {
    throw new ConfigError(`${where}: state has no tensor '${name}' (has: ${Object.keys(state.tensors).join(', ') || 'none'})`);
  }
  if (!shapesEqual(tensor.shape, shape)) {
    throw new ShapeError(`${where}: state tensor '${name}' has shape ${formatShape(tensor.shape)}, expected ${formatShape(shape)}`);
  }
  return tensor;
}

/**
 * A number from a snapshot's json; throws a `ConfigError` naming the field if it is not one.
 *
 * @example
 * ```ts
 * this.steps = snapshotNumber(state.json, 'steps', 'MyAgent.setState');
 * ```
 */
export function snapshotNumber(json: JsonObject, field: string, where: string): number {
  const value = json[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${where}: state field '${field}' must be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * An Rng's state as a JSON object (a plain copy of {@link RngState}).
 *
 * @example
 * ```ts
 * const json = { rng: rngStateToJson(this.rng) };
 * ```
 */
export function rngStateToJson(rng: Rng): JsonObject {
  const state = rng.getState();
  return { s: [...state.s], key: [...state.key], spareNormal: state.spareNormal };
}

/**
 * Reads an Rng state written by {@link rngStateToJson}; throws a `ConfigError` naming `where`.
 *
 * @example
 * ```ts
 * this.rng.setState(rngStateFromJson(state.json.rng, 'MyAgent.setState rng'));
 * ```
 */
export function rngStateFromJson(value: JsonValue | undefined, where: string): RngState {
  const words = (v: JsonValue | undefined): v is readonly number[] =>
    Array.isArray(v) && v.length === 4 && v.every((w) => typeof w === 'number');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${where}: expected an Rng state object { s, key, spareNormal }, got ${JSON.stringify(value)}`);
  }
  const record = value as JsonObject;
  const { s, key, spareNormal } = record;
  if (!words(s) || !words(key) || !(spareNormal === null || typeof spareNormal === 'number')) {
    throw new ConfigError(`${where}: malformed Rng state (expected s and key as four numbers, spareNormal a number or null)`);
  }
  return { s: [s[0]!, s[1]!, s[2]!, s[3]!], key: [key[0]!, key[1]!, key[2]!, key[3]!], spareNormal };
}
