import type { Space } from '../../spaces/space.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Applies `fn` to every observation from `reset` and `step` (Gymnasium `TransformObservation`).
 * Pass the new `observationSpace` when `fn` changes the set of observations; it defaults to the
 * wrapped env's space (only correct when `fn` maps that space into itself). `fn` should be pure:
 * `getState` saves the wrapped env's state, not what a closure remembers.
 *
 * @example
 * ```ts
 * // Drop CartPole's velocities: observe [x, theta] only.
 * const env = new TransformObservation(
 *   registry.make<Float32Array, number>('CartPole-v1'),
 *   (o: Float32Array) => Float32Array.of(o[0]!, o[2]!),
 *   new Box([-4.8, -0.419], [4.8, 0.419]),
 * );
 * ```
 */
export class TransformObservation<Obs, Act, InnerObs = Obs> extends StatefulWrapper<Obs, Act, InnerObs, Act> {
  protected readonly stateKind = 'TransformObservation';
  private readonly space: Space<Obs>;

  constructor(
    env: Env<InnerObs, Act>,
    readonly fn: (observation: InnerObs) => Obs,
    observationSpace?: Space<Obs>,
  ) {
    super(env);
    this.space = observationSpace ?? (env.observationSpace as unknown as Space<Obs>);
  }

  override get observationSpace(): Space<Obs> {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    return { ...result, observation: this.fn(result.observation) };
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    return { ...result, observation: this.fn(result.observation) };
  }
}
