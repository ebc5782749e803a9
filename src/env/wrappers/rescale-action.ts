import { ConfigError } from '../../errors.js';
import { Box } from '../../spaces/box.js';
import type { Env, StepResult } from '../env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Maps actions from `[minAction, maxAction]` affinely onto the env's bounded Box action space
 * (Gymnasium `RescaleAction`), e.g. so a tanh policy in [-1, 1] drives Pendulum's [-2, 2]:
 * `low + (high - low) * (action - minAction) / (maxAction - minAction)`, clipped to
 * `[low, high]` against float32 rounding. The wrapper's action space is `Box(minAction, maxAction)`.
 *
 * @example
 * ```ts
 * const env = new RescaleAction(registry.make<Float32Array, Float32Array>('Pendulum-v1'), -1, 1);
 * env.reset();
 * env.step(Float32Array.of(1));   // torque 2
 * ```
 */
export class RescaleAction<Obs> extends StatefulWrapper<Obs, Float32Array> {
  protected readonly stateKind = 'RescaleAction';
  private readonly inner: Box;
  private readonly space: Box;

  /**
   * @param minAction per-dimension lower bounds of the new space (a number: the same everywhere).
   * @param maxAction per-dimension upper bounds of the new space.
   */
  constructor(env: Env<Obs, Float32Array>, minAction: number | ArrayLike<number>, maxAction: number | ArrayLike<number>) {
    super(env);
    const inner = env.actionSpace;
    if (!(inner instanceof Box) || !inner.isBounded()) {
      throw new ConfigError(`RescaleAction(${env.name}): needs a bounded Box action space, got ${inner.toString()}`);
    }
    this.inner = inner;
    this.space = new Box(minAction, maxAction, inner.shape);
    for (let i = 0; i < inner.size; i++) {
      if (!(this.space.low[i]! < this.space.high[i]!) || !Number.isFinite(this.space.low[i]!) || !Number.isFinite(this.space.high[i]!)) {
        throw new ConfigError(`RescaleAction(${env.name}): need finite minAction < maxAction, got [${this.space.low[i]}, ${this.space.high[i]}] at ${i}`);
      }
    }
  }

  override get actionSpace(): Box {
    return this.space;
  }

  override step(action: Float32Array): StepResult<Obs> {
    const { low, high } = this.inner;
    const out = new Float32Array(this.inner.size);
    for (let i = 0; i < out.length; i++) {
      const fraction = (action[i]! - this.space.low[i]!) / (this.space.high[i]! - this.space.low[i]!);
      const value = low[i]! + (high[i]! - low[i]!) * fraction;
      out[i] = Math.min(Math.max(value, low[i]!), high[i]!);
    }
    return this.env.step(out);
  }
}
