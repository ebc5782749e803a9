import type { Env, StepResult } from '../env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Applies `fn` to every reward (Gymnasium `TransformReward`), e.g. scaling or clipping. `fn`
 * should be pure: `getState` saves the wrapped env's state, not what a closure remembers.
 *
 * @example
 * ```ts
 * const env = new TransformReward(registry.make('MountainCar-v0'), (r) => r / 10);
 * ```
 */
export class TransformReward<Obs, Act> extends StatefulWrapper<Obs, Act> {
  protected readonly stateKind = 'TransformReward';
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
