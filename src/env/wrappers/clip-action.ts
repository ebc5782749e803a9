import { ConfigError } from '../../errors.js';
import { Box } from '../../spaces/box.js';
import type { Env, StepResult } from '../env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Clips continuous actions into the env's Box action space before stepping (Gymnasium
 * `ClipAction`). The wrapper's own action space is the unbounded Box of the same shape, so any
 * finite action is accepted. The caller's array is not modified.
 *
 * @example
 * ```ts
 * const env = new ClipAction(registry.make<Float32Array, Float32Array>('Pendulum-v1'));
 * env.reset();
 * env.step(Float32Array.of(5));   // steps with torque 2
 * ```
 */
export class ClipAction<Obs> extends StatefulWrapper<Obs, Float32Array> {
  protected readonly stateKind = 'ClipAction';
  private readonly inner: Box;
  private readonly space: Box;

  constructor(env: Env<Obs, Float32Array>) {
    super(env);
    const inner = env.actionSpace;
    if (!(inner instanceof Box)) throw new ConfigError(`ClipAction(${env.name}): needs a Box action space, got ${inner.toString()}`);
    this.inner = inner;
    this.space = new Box(-Infinity, Infinity, inner.shape);
  }

  override get actionSpace(): Box {
    return this.space;
  }

  override step(action: Float32Array): StepResult<Obs> {
    const clipped = new Float32Array(this.inner.size);
    for (let i = 0; i < clipped.length; i++) clipped[i] = Math.min(Math.max(action[i]!, this.inner.low[i]!), this.inner.high[i]!);
    return this.env.step(clipped);
  }
}
