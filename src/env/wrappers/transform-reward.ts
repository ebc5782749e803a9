import type { Env, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Applies `fn` to every reward (Gymnasium `TransformReward`), e.g. scaling or clipping.
 *
 * @example
 * ```ts
 * const env = new TransformReward(registry.make('MountainCar-v0'), (r) => r / 10);
 * ```
 */
export class TransformReward<Obs, Act> extends Wrapper<Obs, Act> {
  constructor(
    env: Env<Obs, Act>,
    readonly fn: (reward: number) => number,
  ) {
    super(env);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    return { ...result, reward: this.fn(result.reward) };
  }
}
