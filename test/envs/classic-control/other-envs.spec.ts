import { describe, expect, it } from 'vitest';
import { AcrobotEnv } from '../../../envs/classic-control/acrobot.js';
import { MountainCarEnv } from '../../../envs/classic-control/mountain-car.js';
import { PendulumEnv, angleNormalize } from '../../../envs/classic-control/pendulum.js';

describe('MountainCarEnv', () => {
  it('starts in [-0.6, -0.4] at rest and clips velocity before position', () => {
    const env = new MountainCarEnv();
    const obs = env.reset({ seed: 2 }).observation;
    expect(obs[0]).toBeGreaterThanOrEqual(-0.6);
    expect(obs[0]).toBeLessThanOrEqual(-0.4);
    expect(obs[1]).toBe(0);
    // Against the left wall moving left: position clips to -1.2 and the velocity is zeroed.
    env.reset({ options: { state: [-1.19, -0.07] } });
    const r = env.step(0);
    expect(Array.from(r.observation)).toEqual([Math.fround(-1.2), 0]);
  });

  it('terminates at the goal only with enough velocity', () => {
    const env = new MountainCarEnv({ goalVelocity: 0.01 });
    env.reset({ options: { state: [0.49, 0.005] } });
    expect(env.step(2).terminated).toBe(false);
    env.reset({ options: { state: [0.49, 0.02] } });
    expect(env.step(2).terminated).toBe(true);
  });
});

describe('AcrobotEnv', () => {
  it('starts with float32-rounded state in [-0.1, 0.1] and wraps angles into [-pi, pi]', () => {
    const env = new AcrobotEnv();
    env.reset({ seed: 3 });
    expect(env.state!.every((v) => Math.abs(v) <= 0.1 && Math.fround(v) === v)).toBe(true);
    env.reset({ options: { state: [3.1, 3.1, 4 * Math.PI, 9 * Math.PI] } });
    env.step(2);
    const [t1, t2, v1, v2] = env.state!;
    expect(Math.abs(t1!)).toBeLessThanOrEqual(Math.PI);
    expect(Math.abs(t2!)).toBeLessThanOrEqual(Math.PI);
    expect(Math.abs(v1!)).toBeLessThanOrEqual(4 * Math.PI);
    expect(Math.abs(v2!)).toBeLessThanOrEqual(9 * Math.PI);
  });

  it('terminates with reward 0 when the tip is above the line', () => {
    const env = new AcrobotEnv();
    env.reset({ options: { state: [Math.PI, 0, 0, 0] } });
    const r = env.step(1);
    expect([r.terminated, r.reward]).toEqual([true, 0]);
  });

  it('switches between book and NIPS dynamics, and adds seeded torque noise', () => {
    const run = (kw: ConstructorParameters<typeof AcrobotEnv>[0]): number[] => {
      const env = new AcrobotEnv(kw);
      env.reset({ seed: 0, options: { state: [0.1, 0.2, 0.5, -0.5] } });
      env.step(2);
      return env.state!;
    };
    expect(run({ bookOrNips: 'nips' })).not.toEqual(run({}));
    expect(run({ torqueNoiseMax: 0.5 })).not.toEqual(run({}));
    expect(run({ torqueNoiseMax: 0.5 })).toEqual(run({ torqueNoiseMax: 0.5 }));
    expect(() => new AcrobotEnv({ bookOrNips: 'paper' as 'book' })).toThrow("AcrobotEnv: kwarg 'bookOrNips' must be 'book' or 'nips'");
  });
});

describe('PendulumEnv', () => {
  it('normalizes angles like NumPy floored modulo', () => {
    expect(angleNormalize(Math.PI)).toBe(-Math.PI);
    expect(angleNormalize(0)).toBe(0);
    expect(angleNormalize(-3 * Math.PI)).toBeCloseTo(-Math.PI, 12);
    expect(angleNormalize(2 * Math.PI + 0.5)).toBeCloseTo(0.5, 12);
    expect(angleNormalize(-0.5)).toBeCloseTo(-0.5, 15);
  });

  it('clips the torque, uses g, and costs the float32 torque term', () => {
    const env = new PendulumEnv({ g: 9.81 });
    env.reset({ options: { state: [0, 0] } });
    const r = env.step(Float32Array.of(5));
    // cost = 0 + 0 + 0.001 * 2^2 in float32
    expect(r.reward).toBe(-Math.fround(Math.fround(0.001) * 4));
    expect(r.observation[2]).toBe(Math.fround(3 * 2 * 0.05));
    expect(env.g).toBe(9.81);
  });

  it('starts in theta in [-pi, pi], thetaDot in [-1, 1], or the x_init / y_init ranges', () => {
    const env = new PendulumEnv();
    env.reset({ seed: 9 });
    const [th, thdot] = env.state!;
    expect(Math.abs(th!)).toBeLessThanOrEqual(Math.PI);
    expect(Math.abs(thdot!)).toBeLessThanOrEqual(1);
    env.reset({ seed: 9, options: { x_init: 0.1, y_init: 0.01 } });
    expect(Math.abs(env.state![0]!)).toBeLessThanOrEqual(0.1);
    expect(() => env.reset({ options: { x_init: 'a' } })).toThrow("PendulumEnv: reset option 'x_init' must be a finite number, got a");
  });
});
