import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../src/env/check-env.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../../src/env/env.js';
import { EnvCheckError } from '../../../src/env/env-errors.js';
import { Box } from '../../../src/spaces/box.js';
import { Discrete } from '../../../src/spaces/discrete.js';
import { WalkEnv } from './test-envs.js';

type Breakage = 'none' | 'nan-obs' | 'out-of-space' | 'nondeterministic' | 'tuple-return' | 'numeric-terminated' | 'nan-reward' | 'no-info' | 'ignores-start' | 'float64-obs';

/** A walk env that can be broken in one chosen way. */
class BrokenEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box(-5, 5, [1]);
  readonly actionSpace = new Discrete(2);
  private x = 0;
  private t = 0;
  private unseeded = 0;

  constructor(readonly breakage: Breakage) {
    super();
    this.metadata = { renderModes: [], resetOptions: ['start'] };
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    this.x = this.breakage !== 'ignores-start' && typeof options?.['start'] === 'number' ? options['start'] : 0;
    this.t = 0;
    return { observation: Float32Array.of(this.x), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    this.t++;
    // The nondeterministic env keeps its own counter that seeding never resets.
    this.x += (action === 1 ? 0.5 : -0.5) + (this.breakage === 'nondeterministic' ? ++this.unseeded * 1e-3 : 0);
    const terminated = Math.abs(this.x) >= 3;
    let observation: Float32Array = Float32Array.of(this.x);
    if (this.breakage === 'nan-obs' && this.t === 4) observation = Float32Array.of(NaN);
    if (this.breakage === 'out-of-space' && this.t === 2) observation = Float32Array.of(7);
    if (this.breakage === 'float64-obs') observation = Float64Array.of(this.x) as unknown as Float32Array;
    const result = { observation, reward: this.breakage === 'nan-reward' && this.t === 3 ? NaN : 1, terminated, truncated: false, info: {} };
    if (this.breakage === 'tuple-return') return [observation, 1, terminated, false, {}] as unknown as StepResult<Float32Array>;
    if (this.breakage === 'numeric-terminated') return { ...result, terminated: (terminated ? 1 : 0) as unknown as boolean };
    if (this.breakage === 'no-info') return { ...result, info: undefined as unknown as Record<string, unknown> };
    return result;
  }
}

function failure(env: Env<Float32Array, number>, options = {}): EnvCheckError {
  try {
    checkEnv(env, options);
  } catch (e) {
    if (e instanceof EnvCheckError) return e;
    throw e;
  }
  throw new Error('checkEnv accepted a broken env');
}

describe('checkEnv', () => {
  it('passes a well-behaved env and reports the rules it checked', () => {
    const report = checkEnv(new BrokenEnv('none'), { resetOptionsCases: [{ options: { start: 2 }, expectedObservation: Float32Array.of(2) }] });
    expect(report.env).toBe('BrokenEnv');
    expect(report.passed).toEqual([
      'spaces',
      'reset-return',
      'step-return',
      'reward-finite',
      'terminated-boolean',
      'truncated-boolean',
      'observation-finite',
      'observation-in-space',
      'seed-determinism',
      'reset-options',
      'render',
    ]);
    expect(report.warnings).toEqual([]);
    expect(checkEnv(new WalkEnv()).passed).toContain('render');
  });

  it.each([
    ['nan-obs', 'observation-finite', 'step 4 (action 1) observation holds NaN at [0]'],
    ['out-of-space', 'observation-in-space', 'observation Float32Array [7] is not in Box(-5.0, 5.0, (1,), float32): value 7 at index 0 is outside [-5, 5]'],
    ['float64-obs', 'observation-in-space', 'expected a Float32Array of shape [1], got a Float64Array'],
    ['nondeterministic', 'seed-determinism', 'two rollouts from reset({ seed: 0 }) with the same actions differ at transition 1: observation[0]'],
    ['tuple-return', 'step-return', 'step() must return { observation, reward, terminated, truncated, info }, got an array of 5 (a Gymnasium-style tuple? return named fields instead)'],
    ['numeric-terminated', 'terminated-boolean', 'terminated is 0, expected true or false'],
    ['nan-reward', 'reward-finite', 'step 3 (action 1): reward is NaN, expected a finite number'],
    ['no-info', 'step-return', 'info must be a plain object, got undefined'],
  ] as const)('catches a %s env under rule %s', (breakage, rule, detail) => {
    const error = failure(new BrokenEnv(breakage));
    expect(error.rule).toBe(rule);
    expect(error.envName).toBe('BrokenEnv');
    expect(error.message).toContain(`checkEnv(BrokenEnv) failed rule '${rule}': `);
    expect(error.message).toContain(detail);
  });

  it('catches reset options that are declared but ignored', () => {
    const error = failure(new BrokenEnv('ignores-start'), { resetOptionsCases: [{ options: { start: 2 }, expectedObservation: Float32Array.of(2) }] });
    expect(error.rule).toBe('reset-options');
    expect(error.message).toContain('case 0 (options {"start":2}): observation[0] 0 vs 2');
  });

  it('catches a broken render and malformed spaces', () => {
    class NoRender extends WalkEnv {
      override render(): string {
        return undefined as unknown as string;
      }
    }
    expect(failure(new NoRender()).rule).toBe('render');
    class BadSpace extends WalkEnv {
      override readonly actionSpace = { sample: () => 0 } as unknown as Discrete;
    }
    expect(failure(new BadSpace()).message).toContain("failed rule 'spaces': actionSpace is");
  });

  it('warns about an unnormalized continuous action space', () => {
    class Continuous extends Env<Float32Array, Float32Array> {
      readonly observationSpace = new Box(-1, 1, [1]);
      readonly actionSpace = new Box(-2, 2, [1]);
      reset(): ResetResult<Float32Array> {
        return { observation: new Float32Array(1), info: {} };
      }
      step(): StepResult<Float32Array> {
        return { observation: new Float32Array(1), reward: 0, terminated: false, truncated: false, info: {} };
      }
    }
    expect(checkEnv(new Continuous()).warnings[0]).toContain('is not the symmetric, normalized Box [-1, 1]');
  });
});
