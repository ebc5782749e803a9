import { describe, expect, it } from 'vitest';
import { Env, type ResetResult, type StepResult } from '../../../../src/env/env.js';
import { ClipAction } from '../../../../src/env/wrappers/clip-action.js';
import { FrameStack } from '../../../../src/env/wrappers/frame-stack.js';
import { RescaleAction } from '../../../../src/env/wrappers/rescale-action.js';
import { TransformObservation } from '../../../../src/env/wrappers/transform-observation.js';
import { TransformReward } from '../../../../src/env/wrappers/transform-reward.js';
import { Box } from '../../../../src/spaces/box.js';
import { WalkEnv } from '../test-envs.js';

/** Records the last action; observation = [action[0], t]. */
class TorqueEnv extends Env<Float32Array, Float32Array> {
  readonly observationSpace = new Box([-10, 0], [10, 100]);
  readonly actionSpace = new Box([-2, 0], [2, 4]);
  lastAction: Float32Array | null = null;
  private t = 0;
  reset(): ResetResult<Float32Array> {
    this.t = 0;
    return { observation: Float32Array.of(0, 0), info: {} };
  }
  step(action: Float32Array): StepResult<Float32Array> {
    this.lastAction = action;
    this.t++;
    return { observation: Float32Array.of(action[0]!, this.t), reward: 1, terminated: false, truncated: false, info: {} };
  }
}

describe('ClipAction', () => {
  it('clips into the inner space without touching the caller array, and accepts any action', () => {
    const inner = new TorqueEnv();
    const env = new ClipAction(inner);
    env.reset();
    const action = Float32Array.of(5, -1);
    env.step(action);
    expect(Array.from(inner.lastAction!)).toEqual([2, 0]);
    expect(Array.from(action)).toEqual([5, -1]);
    expect(env.actionSpace.isBounded('below')).toBe(false);
    expect(() => new ClipAction(new WalkEnv() as never)).toThrow('ClipAction(WalkEnv): needs a Box action space, got Discrete(2)');
  });
});

describe('RescaleAction', () => {
  it('maps [min, max] affinely onto the inner bounds', () => {
    const inner = new TorqueEnv();
    const env = new RescaleAction(inner, -1, 1);
    env.reset();
    env.step(Float32Array.of(-1, 1));
    expect(Array.from(inner.lastAction!)).toEqual([-2, 4]);
    env.step(Float32Array.of(0, 0));
    expect(Array.from(inner.lastAction!)).toEqual([0, 2]);
    env.step(Float32Array.of(0.5, -0.5));
    expect(Array.from(inner.lastAction!)).toEqual([1, 1]);
    expect(env.actionSpace.toString()).toBe('Box(-1.0, 1.0, (2,), float32)');
    expect(() => new RescaleAction(inner, 1, 1)).toThrow('need finite minAction < maxAction');
  });
});

describe('FrameStack', () => {
  it('stacks the last k observations, oldest first, padding with the reset observation', () => {
    const env = new FrameStack(new TorqueEnv(), 3);
    expect(env.observationSpace.shape).toEqual([3, 2]);
    expect(Array.from(env.reset().observation)).toEqual([0, 0, 0, 0, 0, 0]);
    env.step(Float32Array.of(1, 0));
    const o = env.step(Float32Array.of(2, 0)).observation;
    expect(Array.from(o)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(env.step(Float32Array.of(-1, 0)).observation)).toEqual([1, 1, 2, 2, -1, 3]);
    expect(Array.from(o)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(env.observationSpace.contains(o)).toBe(true);
  });

  it('pads with zeros when asked', () => {
    const env = new FrameStack(new TorqueEnv(), 2, 'zero');
    env.reset();
    expect(Array.from(env.step(Float32Array.of(1, 1)).observation)).toEqual([0, 0, 1, 1]);
  });
});

describe('TransformObservation and TransformReward', () => {
  it('apply the function to every observation and reward', () => {
    const env = new TransformReward(
      new TransformObservation(new TorqueEnv(), (o: Float32Array) => Float32Array.of(o[1]!), new Box(0, 100, [1])),
      (r) => r * 10,
    );
    expect(Array.from(env.reset().observation)).toEqual([0]);
    const r = env.step(Float32Array.of(1, 1));
    expect([Array.from(r.observation), r.reward]).toEqual([[1], 10]);
    expect(env.observationSpace.toString()).toBe('Box(0.0, 100.0, (1,), float32)');
    expect(env.toString()).toBe('TransformReward<TransformObservation<TorqueEnv>>');
  });
});
