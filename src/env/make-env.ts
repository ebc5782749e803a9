import type { Env } from './env.js';
import type { EnvKwargs, EnvRegistry, MakeOptions } from './registry.js';

/**
 * `registry.make(id, kwargs, options)` as a function, for code that reads better that way.
 *
 * @example
 * ```ts
 * const env = makeEnv<Float32Array, number>(registry, 'CartPole-v1', { length: 0.75 });
 * const { observation } = env.reset({ seed: 42 });
 * ```
 */
export function makeEnv<Obs = unknown, Act = unknown>(
  registry: EnvRegistry,
  id: string,
  kwargs: EnvKwargs = {},
  options: MakeOptions = {},
): Env<Obs, Act> {
  return registry.make<Obs, Act>(id, kwargs, options);
}
