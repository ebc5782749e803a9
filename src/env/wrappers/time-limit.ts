import { ConfigError } from '../../errors.js';
import type { JsonObject } from '../../agent/state-snapshot.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import type { EnvStateReader } from '../stateful-env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Truncates episodes after `maxEpisodeSteps` steps (Gymnasium `TimeLimit`): the step that
 * reaches the limit returns `truncated: true` (alongside whatever `terminated` the env said).
 * `EnvRegistry.make` applies it with the spec's `maxEpisodeSteps`. Its state (`getState`) holds
 * the episode's elapsed steps.
 *
 * @example
 * ```ts
 * const env = new TimeLimit(new PendulumEnv(), 200);
 * env.reset({ seed: 0 });
 * // ... the 200th step returns truncated: true
 * ```
 */
export class TimeLimit<Obs, Act> extends StatefulWrapper<Obs, Act> {
  protected readonly stateKind = 'TimeLimit';
  private elapsed = 0;

  /** @param maxEpisodeSteps a positive integer. */
  constructor(
    env: Env<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps <= 0) {
      throw new ConfigError(`TimeLimit(${env.name}): maxEpisodeSteps must be a positive integer, got ${String(maxEpisodeSteps)}`);
    }
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    this.elapsed = 0;
    return this.env.reset(options);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps && !result.truncated) return { ...result, truncated: true };
    return result;
  }

  protected override ownState(): JsonObject {
    return { elapsedSteps: this.elapsed };
  }

  protected override restoreOwnState(state: EnvStateReader): void {
    this.elapsed = state.integer('elapsedSteps');
  }
}
