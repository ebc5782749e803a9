import { NeuroloopError } from '../errors.js';

/**
 * An env was stepped when it could not be: before its first `reset()`, or after an episode
 * ended (terminated or truncated) without a new `reset()`. Thrown by `OrderEnforcing`.
 *
 * @example
 * ```ts
 * const env = makeEnv(registry, 'CartPole-v1');
 * try { env.step(0); } catch (e) { if (e instanceof ResetNeededError) env.reset({ seed: 0 }); }
 * ```
 */
export class ResetNeededError extends NeuroloopError {}

/**
 * An action outside the env's action space was passed to `step()`; the message names the env,
 * the action and the space. Thrown by `OrderEnforcing` (applied by `EnvRegistry.make`) and by
 * `VectorEnv` for each copy.
 */
export class InvalidActionError extends NeuroloopError {}

/**
 * `checkEnv` found an env that breaks the Env contract; `rule` names the violated rule
 * (e.g. `'observation-in-space'`), `envName` the env.
 */
export class EnvCheckError extends NeuroloopError {
  constructor(
    readonly envName: string,
    readonly rule: string,
    detail: string,
  ) {
    super(`checkEnv(${envName}) failed rule '${rule}': ${detail}`);
  }
}
