import type { JsonObject, JsonValue } from '../agent/state-snapshot.js';
import { ConfigError } from '../errors.js';

/**
 * An env whose full state (physics, episode counters of its wrappers, Rng) can be saved and
 * restored exactly. Optional: when every env copy the loop drives has it, loop checkpoints
 * include env states and a resumed run continues the episodes in progress exactly (the
 * experiment gives other envs the same ability by replay, see `EpisodeReplayEnv`).
 *
 * The contract:
 * - `getState()` returns a fresh JSON-safe value (it survives `JSON.stringify`/`JSON.parse`);
 * - `setState(s)` on a FRESH env built the same way (same id and kwargs, never reset) makes it
 *   behave exactly like the env `s` was taken from: same observations, rewards and flags for
 *   the same actions, across episode ends and unseeded resets;
 * - `setState` throws a `ConfigError` naming the env for a state that does not fit.
 *
 * All built-in envs and wrappers implement it. A wrapper implements it by adding its own fields
 * to its inner env's state; it sets `savesState` to false when that inner env cannot save its
 * state, so the chain as a whole reports what it can do.
 *
 * @example
 * ```ts
 * class Corridor extends Env<number, number> implements StatefulEnv {
 *   getState(): JsonValue { return { position: this.position, rng: this.rngState() }; }
 *   setState(state: JsonValue): void { ... }
 * }
 * ```
 */
export interface StatefulEnv {
  getState(): JsonValue;
  setState(state: JsonValue): void;
  /**
   * False when this env has `getState`/`setState` but cannot save its state right now (a
   * wrapper around an env that cannot). Absent means true.
   */
  readonly savesState?: boolean;
}

/**
 * True when `env` implements {@link StatefulEnv} and can save its state (for a wrapper: the
 * whole chain beneath it can).
 *
 * @example
 * ```ts
 * isStatefulEnv(registry.make('CartPole-v1'));           // true: built-in env and wrappers
 * isStatefulEnv(new OrderEnforcing(new MyUserEnv()));    // false unless MyUserEnv saves its state
 * ```
 */
export function isStatefulEnv(env: unknown): env is StatefulEnv {
  const e = env as Partial<StatefulEnv> | null;
  return typeof e === 'object' && e !== null && typeof e.getState === 'function' && typeof e.setState === 'function' && e.savesState !== false;
}

/**
 * A float64 as JSON, exactly: finite numbers as themselves (JSON round-trips doubles), and the
 * values JSON cannot hold (-0, NaN, +-Infinity) as the strings `'-0'`, `'NaN'`, `'Infinity'`,
 * `'-Infinity'`. {@link decodeDouble} is the inverse.
 *
 * @example
 * ```ts
 * encodeDouble(0.1);   // 0.1
 * encodeDouble(-0);    // '-0'
 * ```
 */
export function encodeDouble(x: number): number | string {
  if (Object.is(x, -0)) return '-0';
  return Number.isFinite(x) ? x : String(x);
}

/**
 * The number {@link encodeDouble} encoded; throws a `ConfigError` naming `where` for anything else.
 *
 * @example
 * ```ts
 * decodeDouble('-0', 'CartPole state.x');   // -0
 * ```
 */
export function decodeDouble(json: JsonValue | undefined, where: string): number {
  if (typeof json === 'number' && Number.isFinite(json)) return json;
  if (json === '-0') return -0;
  if (json === 'NaN') return Number.NaN;
  if (json === 'Infinity') return Infinity;
  if (json === '-Infinity') return -Infinity;
  throw new ConfigError(`${where}: expected a number (or '-0', 'NaN', 'Infinity', '-Infinity'), got ${JSON.stringify(json) ?? 'nothing'}`);
}

/**
 * Reads the fields of a saved env state: each accessor throws a `ConfigError` that names the env
 * state and the field, so a checkpoint of another env (or a damaged one) fails clearly.
 *
 * @example
 * ```ts
 * const s = new EnvStateReader(state, 'CartPoleEnv<CartPole-v1>', 'CartPole');
 * this.x = s.double('x');
 * ```
 */
export class EnvStateReader {
  readonly json: JsonObject;

  /**
   * @param state the saved state (an object with `kind: kind`).
   * @param where names the env in messages (e.g. `env.toString()`).
   * @param kind the `kind` tag the state must carry (e.g. `'CartPole'`, `'TimeLimit'`).
   */
  constructor(
    state: JsonValue,
    readonly where: string,
    kind: string,
  ) {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new ConfigError(`${where}.setState: expected a state object { kind: '${kind}', ... }, got ${JSON.stringify(state)}`);
    }
    this.json = state as JsonObject;
    if (this.json['kind'] !== kind) {
      throw new ConfigError(`${where}.setState: expected the state of a '${kind}', got one of ${JSON.stringify(this.json['kind']) ?? 'nothing'} (was it saved from another env or wrapper chain?)`);
    }
  }

  /** The raw value of `field` (undefined when absent). */
  value(field: string): JsonValue | undefined {
    return this.json[field];
  }

  /** A float64 written with {@link encodeDouble}. */
  double(field: string): number {
    return decodeDouble(this.json[field], `${this.where}.setState: field '${field}'`);
  }

  /** `count` float64s written with {@link encodeDouble}. */
  doubles(field: string, count: number): number[] {
    const list = this.json[field];
    if (!Array.isArray(list) || list.length !== count) {
      throw new ConfigError(`${this.where}.setState: field '${field}' must be an array of ${count} numbers, got ${JSON.stringify(list) ?? 'nothing'}`);
    }
    return (list as readonly JsonValue[]).map((v, i) => decodeDouble(v, `${this.where}.setState: field '${field}[${i}]'`));
  }

  /** An integer in `[min, max]`. */
  integer(field: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.json[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      throw new ConfigError(`${this.where}.setState: field '${field}' must be an integer in [${min}, ${max}], got ${JSON.stringify(v) ?? 'nothing'}`);
    }
    return v;
  }

  /** A boolean. */
  boolean(field: string): boolean {
    const v = this.json[field];
    if (typeof v !== 'boolean') throw new ConfigError(`${this.where}.setState: field '${field}' must be true or false, got ${JSON.stringify(v) ?? 'nothing'}`);
    return v;
  }

  /** One of `choices`. */
  oneOf<T extends JsonValue>(field: string, choices: readonly T[]): T {
    const v = this.json[field];
    if (!choices.some((c) => c === v)) {
      throw new ConfigError(`${this.where}.setState: field '${field}' must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(v) ?? 'nothing'}`);
    }
    return v as T;
  }
}
