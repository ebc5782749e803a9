import { ConfigError } from '../errors.js';

/**
 * What the registry knows about an env id (Gymnasium `EnvSpec`). `make` sets it on the env it
 * builds (`env.spec`), with the kwargs actually used (defaults merged with the caller's).
 *
 * @example
 * ```ts
 * const spec = registry.spec('CartPole-v1');
 * spec.maxEpisodeSteps;   // 500
 * spec.rewardThreshold;   // 475
 * ```
 */
export interface EnvSpec {
  /** The full id: `[namespace/]Name-vN`. */
  readonly id: string;
  /** The part before `/`, or null. */
  readonly namespace: string | null;
  /** The name without namespace and version, e.g. `CartPole`. */
  readonly name: string;
  /** The version number N of `-vN`. */
  readonly version: number;
  /** Episode length after which `make`'s TimeLimit truncates; null for none. */
  readonly maxEpisodeSteps: number | null;
  /** Mean return at which the task counts as solved; null when there is none. */
  readonly rewardThreshold: number | null;
  /** Constructor kwargs: the registered defaults, or (on a made env) the ones used. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** One line for listings. */
  readonly description: string;
}

/** The parts of an env id. */
export interface ParsedEnvId {
  readonly namespace: string | null;
  readonly name: string;
  readonly version: number;
}

const ENV_ID = /^(?:([A-Za-z][\w.-]*)\/)?([A-Za-z][\w:.-]*?)-v(0|[1-9]\d*)$/;

/**
 * Splits `[namespace/]Name-vN` into its parts; throws a {@link ConfigError} for anything else.
 * Names start with a letter and may hold letters, digits, `_ . : -`; the version is a
 * non-negative integer without leading zeros (ids never change meaning: a change bumps N).
 *
 * @example
 * ```ts
 * parseEnvId('toy/GridWorld-v0'); // { namespace: 'toy', name: 'GridWorld', version: 0 }
 * ```
 */
export function parseEnvId(id: string): ParsedEnvId {
  const m = typeof id === 'string' ? ENV_ID.exec(id) : null;
  if (m === null) {
    throw new ConfigError(`Malformed env id ${JSON.stringify(id)}: expected '[namespace/]Name-vN', e.g. 'CartPole-v1' or 'toy/GridWorld-v0'`);
  }
  return { namespace: m[1] ?? null, name: m[2]!, version: Number(m[3]) };
}
