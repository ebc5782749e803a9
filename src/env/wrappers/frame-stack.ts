import type { JsonObject } from '../../agent/state-snapshot.js';
import { ConfigError } from '../../errors.js';
import { Box } from '../../spaces/box.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { encodeDouble, type EnvStateReader } from '../stateful-env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Observes the last `stackSize` Box observations at once (Gymnasium `FrameStackObservation`):
 * the observation is a Float32Array of shape `[stackSize, ...shape]`, oldest frame first.
 * After `reset()` the earlier slots are padded with the reset observation (`padding: 'reset'`,
 * Gymnasium's default) or with zeros (`padding: 'zero'`). Its state (`getState`) holds the frames.
 *
 * @example
 * ```ts
 * const env = new FrameStack(registry.make<Float32Array, number>('CartPole-v1'), 4);
 * env.observationSpace.shape;   // [4, 4]
 * ```
 */
export class FrameStack<Act> extends StatefulWrapper<Float32Array, Act> {
  protected readonly stateKind = 'FrameStack';
  private readonly space: Box;
  private readonly frameSize: number;
  private frames: Float32Array;

  constructor(
    env: Env<Float32Array, Act>,
    readonly stackSize: number,
    readonly padding: 'reset' | 'zero' = 'reset',
  ) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new ConfigError(`FrameStack(${env.name}): needs a Box observation space, got ${inner.toString()}`);
    if (!Number.isSafeInteger(stackSize) || stackSize <= 0) throw new ConfigError(`FrameStack(${env.name}): stackSize must be a positive integer, got ${stackSize}`);
    if (padding !== 'reset' && padding !== 'zero') throw new ConfigError(`FrameStack(${env.name}): padding must be 'reset' or 'zero', got ${String(padding)}`);
    this.frameSize = inner.size;
    const repeat = (b: Float32Array): Float32Array => {
      const out = new Float32Array(stackSize * b.length);
      for (let k = 0; k < stackSize; k++) out.set(b, k * b.length);
      return out;
    };
    const low = repeat(inner.low);
    const high = repeat(inner.high);
    if (padding === 'zero') {
      // Zero padding must lie inside the space too.
      for (let i = 0; i < low.length; i++) {
        low[i] = Math.min(low[i]!, 0);
        high[i] = Math.max(high[i]!, 0);
      }
    }
    this.space = new Box(low, high, [stackSize, ...inner.shape]);
    this.frames = new Float32Array(stackSize * this.frameSize);
  }

  override get observationSpace(): Box {
    return this.space;
  }

  override reset(options?: ResetOptions): ResetResult<Float32Array> {
    const result = this.env.reset(options);
    this.frames = new Float32Array(this.stackSize * this.frameSize);
    if (this.padding === 'reset') for (let k = 0; k < this.stackSize; k++) this.frames.set(result.observation, k * this.frameSize);
    else this.frames.set(result.observation, (this.stackSize - 1) * this.frameSize);
    return { ...result, observation: this.frames.slice() };
  }

  override step(action: Act): StepResult<Float32Array> {
    const result = this.env.step(action);
    this.frames.copyWithin(0, this.frameSize);
    this.frames.set(result.observation, (this.stackSize - 1) * this.frameSize);
    return { ...result, observation: this.frames.slice() };
  }

  protected override ownState(): JsonObject {
    return { frames: Array.from(this.frames, encodeDouble) };
  }

  protected override restoreOwnState(state: EnvStateReader): void {
    this.frames = Float32Array.from(state.doubles('frames', this.stackSize * this.frameSize));
  }
}
