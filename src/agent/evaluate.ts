import { ConfigError } from '../errors.js';
import type { Env } from '../env/env.js';
import type { Agent } from './agent.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Episodes to run (a positive integer). */
  readonly episodes: number;
  /** Seed of the first reset; later episodes continue the env's stream (Gymnasium semantics). */
  readonly seed: number;
  /**
   * Ends (truncates) an episode after this many steps. Use it for envs without a time limit,
   * where a greedy policy may loop forever; default: no limit.
   */
  readonly maxEpisodeSteps?: number;
}

/** Per-episode returns and lengths of an evaluation, with their summary. */
export interface EvaluationResult {
  readonly meanReturn: number;
  /** Population standard deviation (NumPy's default, as SB3's `evaluate_policy`). */
  readonly stdReturn: number;
  readonly returns: readonly number[];
  readonly lengths: readonly number[];
}

/**
 * Runs `episodes` episodes with the agent's deterministic `predict` policy on `env` and
 * reports their undiscounted returns (SB3's `evaluate_policy` with `deterministic=True`).
 * Use an env of its own, not the training env: evaluation resets it.
 *
 * @example
 * ```ts
 * const { meanReturn, stdReturn } = evaluate(agent, registry.make('CartPole-v1'), { episodes: 10, seed: 123 });
 * ```
 */
export function evaluate<Obs, Act>(agent: Pick<Agent<Obs, Act>, 'predict'>, env: Env<Obs, Act>, options: EvaluateOptions): EvaluationResult {
  const { episodes, seed, maxEpisodeSteps = Infinity } = options;
  if (!Number.isSafeInteger(episodes) || episodes <= 0) throw new ConfigError(`evaluate: episodes must be a positive integer, got ${String(episodes)}`);
  if (!(maxEpisodeSteps > 0)) throw new ConfigError(`evaluate: maxEpisodeSteps must be positive, got ${String(maxEpisodeSteps)}`);
  const returns: number[] = [];
  const lengths: number[] = [];
  for (let episode = 0; episode < episodes; episode++) {
    let observation = env.reset(episode === 0 ? { seed } : {}).observation;
    let total = 0;
    let length = 0;
    for (;;) {
      const result = env.step(agent.predict(observation));
      total += result.reward;
      length++;
      if (result.terminated || result.truncated || length >= maxEpisodeSteps) break;
      observation = result.observation;
    }
    returns.push(total);
    lengths.push(length);
  }
  const meanReturn = returns.reduce((a, b) => a + b, 0) / episodes;
  const variance = returns.reduce((a, r) => a + (r - meanReturn) ** 2, 0) / episodes;
  return { meanReturn, stdReturn: Math.sqrt(variance), returns, lengths };
}
