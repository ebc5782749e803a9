import { rngStateFromJson, rngStateToJson, type JsonObject, type JsonValue } from '../agent/state-snapshot.js';
import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import type { Space } from '../spaces/space.js';
import type { EnvSpec } from './env-spec.js';

/**
 * The seed of the `Rng` an env uses when it has never been reset with a seed. Gymnasium draws
 * OS entropy there; neuroloop stays deterministic instead, so an unseeded env behaves exactly
 * like one reset with `{ seed: 0 }`.
 */
export const DEFAULT_ENV_SEED = 0;

/** Free-form auxiliary data returned by `reset` and `step` (Gymnasium's `info` dict). */
export type EnvInfo = Record<string, unknown>;

/** Arguments of {@link Env.reset}. */
export interface ResetOptions {
  /**
   * Re-seeds the env's own `Rng` with `new Rng(seed)` before the episode starts. Later resets
   * without a seed continue that stream, so `reset({ seed: 1 })` then `reset()` x N replays the
   * same N episodes every time.
   */
  readonly seed?: number;
  /** Env-specific options (e.g. `{ state: [...] }` on classic-control envs); see each env's docs. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What {@link Env.reset} returns. */
export interface ResetResult<Obs> {
  readonly observation: Obs;
  readonly info: EnvInfo;
}

/** What {@link Env.step} returns (Gymnasium's 5-tuple as named fields). */
export interface StepResult<Obs> {
  /** The observation after the action; a fresh value the caller may keep. */
  readonly observation: Obs;
  /** A finite number. */
  readonly reward: number;
  /** The MDP reached a terminal state (no bootstrapping past it). */
  readonly terminated: boolean;
  /** The episode was cut short from outside the MDP (time limit...): bootstrap from `observation`. */
  readonly truncated: boolean;
  readonly info: EnvInfo;
}

/** Static facts about an env class (Gymnasium's `metadata`). */
export interface EnvMetadata {
  /** Render modes `render()` supports; neuroloop renders `'ansi'` text frames only. */
  readonly renderModes: readonly string[];
  /** Frames per second when animating rendered frames. */
  readonly renderFps?: number;
  /**
   * Keys of `reset({ options })` the env understands; `checkEnv` checks each declared option
   * is respected and rejects unknown ones. Omit when the env takes no options.
   */
  readonly resetOptions?: readonly string[];
  readonly [key: string]: unknown;
}

/**
 * The environment contract (Gymnasium `core.Env`): a partially observable MDP the agent
 * interacts with through `reset` and `step`. Subclass it to define an env; the base class is
 * the contract. Obs and Act are the member types of the observation and action spaces
 * (`Float32Array` for Box observations, `number` for Discrete actions).
 *
 * Rules every env follows (and `checkEnv` checks):
 * - `reset()` must be called before the first `step()` and after every episode end.
 * - `reset({ seed })` re-seeds the env's `rng` first: call `this.seedRng(seed)` at the top of
 *   your `reset` (Gymnasium's `super().reset(seed=seed)`); draw all randomness from `this.rng`.
 *   An env never reset with a seed uses `new Rng(DEFAULT_ENV_SEED)`.
 * - `step` returns a fresh observation each call (callers may store it) inside
 *   `observationSpace`, a finite reward and boolean `terminated` / `truncated`.
 * - Time limits are not the env's business: `EnvRegistry.make` wraps it in `TimeLimit`.
 *
 * @example
 * ```ts
 * // A coin-flip guessing game: guess 0 or 1, reward 1 when right, 10 guesses per episode.
 * class CoinEnv extends Env<number, number> {
 *   readonly observationSpace = new Discrete(1);
 *   readonly actionSpace = new Discrete(2);
 *   private flips = 0;
 *   reset({ seed }: ResetOptions = {}): ResetResult<number> {
 *     this.seedRng(seed);
 *     this.flips = 0;
 *     return { observation: 0, info: {} };
 *   }
 *   step(action: number): StepResult<number> {
 *     const coin = this.rng.int(2);
 *     this.flips++;
 *     return { observation: 0, reward: action === coin ? 1 : 0, terminated: this.flips === 10, truncated: false, info: {} };
 *   }
 * }
 * ```
 */
export abstract class Env<Obs = unknown, Act = unknown> {
  /** The set every observation lies in. */
  abstract readonly observationSpace: Space<Obs>;
  /** The set every valid action lies in. */
  abstract readonly actionSpace: Space<Act>;

  private envRng: Rng | null = null;
  private envRngSeed: number | null = null;
  private envSpec: EnvSpec | null = null;
  private envMetadata: EnvMetadata = { renderModes: [] };

  /** Starts a new episode; see {@link ResetOptions} for seeding. */
  abstract reset(options?: ResetOptions): ResetResult<Obs>;

  /** Advances one time step with `action` (which must lie in `actionSpace`). */
  abstract step(action: Act): StepResult<Obs>;

  /**
   * A text frame of the current state (ANSI escapes allowed), or null when the env does not
   * render. Envs that render list `'ansi'` in `metadata.renderModes`.
   */
  render(): string | null {
    return null;
  }

  /** Releases resources (files, workers). Idempotent. The default does nothing. */
  close(): void {}

  /** The env's random stream: seeded by `reset({ seed })`, else `new Rng(DEFAULT_ENV_SEED)`. */
  get rng(): Rng {
    if (this.envRng === null) {
      this.envRng = new Rng(DEFAULT_ENV_SEED);
      this.envRngSeed = DEFAULT_ENV_SEED;
    }
    return this.envRng;
  }

  /** Replaces the random stream (e.g. with a restored one); `rngSeed` becomes null (unknown). */
  set rng(rng: Rng) {
    this.envRng = rng;
    this.envRngSeed = null;
  }

  /** The seed of the current `rng` (null when it was set directly rather than seeded). */
  get rngSeed(): number | null {
    if (this.envRng === null) return DEFAULT_ENV_SEED;
    return this.envRngSeed;
  }

  /** Registry facts, set by `EnvRegistry.make`; null for an env built with `new`. */
  get spec(): EnvSpec | null {
    return this.envSpec;
  }

  set spec(spec: EnvSpec | null) {
    this.envSpec = spec;
  }

  /** Static facts about the env (render modes, reset options). */
  get metadata(): EnvMetadata {
    return this.envMetadata;
  }

  set metadata(metadata: EnvMetadata) {
    this.envMetadata = metadata;
  }

  /** The innermost env under all wrappers (this env itself when it is not a wrapper). */
  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }

  /** A name for messages: the spec id when made by a registry, else the class name. */
  get name(): string {
    return this.spec?.id ?? this.constructor.name;
  }

  /** `CartPoleEnv<CartPole-v1>` (Gymnasium style). */
  toString(): string {
    return this.spec === null ? this.constructor.name : `${this.constructor.name}<${this.spec.id}>`;
  }

  /**
   * The env's random stream (and the seed it came from) as JSON, for the `getState` of an env
   * that implements `StatefulEnv`; {@link Env.restoreRngState} reads it back.
   */
  protected rngState(): JsonObject {
    const rng = this.rng;
    return { seed: this.envRngSeed, state: rngStateToJson(rng) };
  }

  /** Restores the random stream saved by {@link Env.rngState}; throws a `ConfigError` naming `where`. */
  protected restoreRngState(json: JsonValue | undefined, where: string): void {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new ConfigError(`${where}: expected the env Rng as { seed, state }, got ${JSON.stringify(json) ?? 'nothing'}`);
    }
    const { seed, state } = json as JsonObject;
    if (seed !== null && !(typeof seed === 'number' && Number.isSafeInteger(seed))) {
      throw new ConfigError(`${where}: the env Rng seed must be an integer or null, got ${JSON.stringify(seed) ?? 'nothing'}`);
    }
    let rng: Rng;
    try {
      rng = Rng.fromState(rngStateFromJson(state, `${where} state`));
    } catch (error) {
      throw error instanceof ConfigError && !error.message.startsWith(where) ? new ConfigError(`${where}: ${error.message}`) : error;
    }
    this.envRng = rng;
    this.envRngSeed = seed;
  }

  /**
   * Call at the top of `reset`: with a seed, starts a fresh `new Rng(seed)`; without one,
   * keeps the current stream (Gymnasium's `super().reset(seed=seed)`).
   */
  protected seedRng(seed: number | undefined): void {
    if (seed === undefined) return;
    this.envRng = new Rng(seed);
    this.envRngSeed = seed;
  }
}
