import { ConfigError } from '../errors.js';
import { Box } from '../spaces/box.js';
import type { Space } from '../spaces/space.js';
import { DEFAULT_ENV_SEED, type Env, type EnvInfo } from './env.js';
import { InvalidActionError, ResetNeededError } from './env-errors.js';
import { formatValue } from './wrappers/order-enforcing.js';

/** Arguments of {@link VectorEnv.reset}. */
export interface VectorResetOptions {
  /**
   * One seed (copy `i` gets `seed + i`, as Gymnasium) or one seed per copy. Omitted on the
   * first reset, copies get `DEFAULT_ENV_SEED + i` so they never replay the same episodes;
   * omitted later, each copy continues its own stream.
   */
  readonly seed?: number | readonly number[];
  /** Passed to every copy's `reset`. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** The info of one copy after a vector step. */
export interface VectorStepInfo<Obs> extends EnvInfo {
  /**
   * Present only when this copy's episode ended on this step: the last observation of that
   * episode (the one to bootstrap from on truncation). `observations[i]` is then already the
   * first observation of the next episode.
   */
  finalObservation?: Obs;
  /** Present with `finalObservation`: the info `reset()` returned for the next episode. */
  resetInfo?: EnvInfo;
}

/** What {@link VectorEnv.reset} returns. */
export interface VectorResetResult<Obs> {
  /** One observation per copy. */
  readonly observations: Obs[];
  /** For Box observation spaces, the observations stacked row-major `[numEnvs * obsSize]` (fresh each call); else null. */
  readonly observationBatch: Float32Array | null;
  readonly infos: EnvInfo[];
}

/** What {@link VectorEnv.step} returns; entry `i` belongs to copy `i`. */
export interface VectorStepResult<Obs> {
  /** Observations after the step; at an episode boundary, the new episode's first observation. */
  readonly observations: Obs[];
  /** For Box observation spaces, `observations` stacked row-major `[numEnvs * obsSize]` (fresh each call); else null. */
  readonly observationBatch: Float32Array | null;
  readonly rewards: Float64Array;
  readonly terminated: boolean[];
  readonly truncated: boolean[];
  readonly infos: VectorStepInfo<Obs>[];
}

/**
 * `n` copies of an env stepped in lock-step, one after another in this thread (Gymnasium
 * `SyncVectorEnv`), with automatic resets.
 *
 * Autoreset is SB3-style **same-step** (Gymnasium's `AutoresetMode.SAME_STEP`), not Gymnasium
 * 1.x's default next-step mode: when copy `i`'s episode ends (terminated or truncated) on a
 * step, that same `step()` call resets copy `i` (without a seed, continuing its stream) and
 * returns
 * - `observations[i]`: the first observation of the new episode,
 * - `rewards[i]`, `terminated[i]`, `truncated[i]`: those of the final transition,
 * - `infos[i]`: the final step's info plus `finalObservation` (the episode's last observation)
 *   and `resetInfo` (the new episode's reset info).
 * So every `step()` returns one real transition per copy, and an agent storing
 * `(obs, action, reward, next = finalObservation ?? observations[i], terminated)` bootstraps
 * correctly on truncation (SB3's DQN/PPO do exactly this with `terminal_observation`).
 *
 * Seeding: `reset({ seed })` seeds copy `i` with `seed + i`.
 *
 * @example
 * ```ts
 * const venv = new VectorEnv(Array.from({ length: 8 }, () => registry.make<Float32Array, number>('CartPole-v1')));
 * let { observationBatch } = venv.reset({ seed: 42 });   // Float32Array [8 * 4]
 * const step = venv.step([0, 1, 0, 1, 0, 1, 0, 1]);
 * for (let i = 0; i < venv.numEnvs; i++) {
 *   const next = step.infos[i]!.finalObservation ?? step.observations[i]!;
 * }
 * ```
 */
export class VectorEnv<Obs = unknown, Act = unknown> {
  /** Number of copies. */
  readonly numEnvs: number;
  /** The observation space of one copy. */
  readonly singleObservationSpace: Space<Obs>;
  /** The action space of one copy. */
  readonly singleActionSpace: Space<Act>;
  /** Values per observation in `observationBatch` (Box size), or 0 when there is no batch. */
  readonly observationSize: number;
  private readonly copies: readonly Env<Obs, Act>[];
  private everReset = false;
  private closed = false;

  /**
   * @param envs the copies (at least one), all with equal observation and action spaces.
   * @param options `checkActions`: validate each action against the action space (default true).
   */
  constructor(
    envs: readonly Env<Obs, Act>[],
    readonly options: { readonly checkActions?: boolean } = {},
  ) {
    if (envs.length === 0) throw new ConfigError('VectorEnv: needs at least one env');
    if (new Set(envs).size !== envs.length) throw new ConfigError('VectorEnv: the same env instance appears twice; pass distinct copies');
    const first = envs[0]!;
    envs.forEach((env, i) => {
      if (!env.observationSpace.equals(first.observationSpace) || !env.actionSpace.equals(first.actionSpace)) {
        throw new ConfigError(
          `VectorEnv: copy ${i} (${env.name}) has spaces ${env.observationSpace.toString()} / ${env.actionSpace.toString()}, ` +
            `but copy 0 has ${first.observationSpace.toString()} / ${first.actionSpace.toString()}`,
        );
      }
    });
    this.copies = Object.freeze([...envs]);
    this.numEnvs = envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.observationSize = first.observationSpace instanceof Box ? first.observationSpace.size : 0;
  }

  /** Builds `numEnvs` copies with `create(i)`. */
  static fromFactory<O, A>(numEnvs: number, create: (index: number) => Env<O, A>, options?: { readonly checkActions?: boolean }): VectorEnv<O, A> {
    if (!Number.isSafeInteger(numEnvs) || numEnvs <= 0) throw new ConfigError(`VectorEnv: numEnvs must be a positive integer, got ${numEnvs}`);
    return new VectorEnv(Array.from({ length: numEnvs }, (_, i) => create(i)), options);
  }

  /** The copies, in order (e.g. to read a wrapper's statistics). */
  get envs(): readonly Env<Obs, Act>[] {
    return this.copies;
  }

  /** Resets every copy; see {@link VectorResetOptions} for seeds. */
  reset(options: VectorResetOptions = {}): VectorResetResult<Obs> {
    this.assertOpen();
    const seeds = this.seedsFor(options.seed);
    const observations: Obs[] = new Array(this.numEnvs);
    const infos: EnvInfo[] = new Array(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      const seed = seeds?.[i];
      const result = this.copies[i]!.reset(
        seed === undefined ? (options.options === undefined ? undefined : { options: options.options }) : { seed, options: options.options },
      );
      observations[i] = result.observation;
      infos[i] = result.info;
    }
    this.everReset = true;
    return { observations, observationBatch: this.stack(observations), infos };
  }

  /** Steps every copy with its action, autoresetting finished copies (see the class docs). */
  step(actions: ArrayLike<Act>): VectorStepResult<Obs> {
    this.assertOpen();
    if (!this.everReset) throw new ResetNeededError('VectorEnv: step() called before reset(); call reset() first');
    if (actions.length !== this.numEnvs) {
      throw new ConfigError(`VectorEnv: step() needs ${this.numEnvs} actions (one per copy), got ${actions.length}`);
    }
    const check = this.options.checkActions !== false;
    const observations: Obs[] = new Array(this.numEnvs);
    const rewards = new Float64Array(this.numEnvs);
    const terminated: boolean[] = new Array(this.numEnvs);
    const truncated: boolean[] = new Array(this.numEnvs);
    const infos: VectorStepInfo<Obs>[] = new Array(this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.copies[i]!;
      const action = actions[i]!;
      if (check) {
        const why = this.singleActionSpace.explainMismatch(action);
        if (why !== null) {
          throw new InvalidActionError(
            `VectorEnv copy ${i} (${env.name}): action ${formatValue(action)} is not in the action space ${this.singleActionSpace.toString()}: ${why}`,
          );
        }
      }
      const result = env.step(action);
      rewards[i] = result.reward;
      terminated[i] = result.terminated;
      truncated[i] = result.truncated;
      if (result.terminated || result.truncated) {
        const next = env.reset();
        observations[i] = next.observation;
        infos[i] = { ...result.info, finalObservation: result.observation, resetInfo: next.info };
      } else {
        observations[i] = result.observation;
        infos[i] = result.info;
      }
    }
    return { observations, observationBatch: this.stack(observations), rewards, terminated, truncated, infos };
  }

  /** Closes every copy; later calls to reset/step throw. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.copies) env.close();
  }

  private seedsFor(seed: number | readonly number[] | undefined): readonly number[] | null {
    if (seed === undefined) {
      if (this.everReset) return null;
      seed = DEFAULT_ENV_SEED;
    }
    if (typeof seed === 'number') return Array.from({ length: this.numEnvs }, (_, i) => seed + i);
    if (seed.length !== this.numEnvs) throw new ConfigError(`VectorEnv: reset() got ${seed.length} seeds for ${this.numEnvs} copies`);
    return seed;
  }

  private stack(observations: Obs[]): Float32Array | null {
    const size = this.observationSize;
    if (size === 0) return null;
    const batch = new Float32Array(this.numEnvs * size);
    for (let i = 0; i < this.numEnvs; i++) batch.set(observations[i] as unknown as Float32Array, i * size);
    return batch;
  }

  private assertOpen(): void {
    if (this.closed) throw new ConfigError('VectorEnv: used after close()');
  }
}
