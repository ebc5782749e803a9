import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../../src/env/env.js';
import { Box } from '../../../src/spaces/box.js';
import { Discrete } from '../../../src/spaces/discrete.js';

/**
 * A small random walk for the env tests: observation [position, noise], action 0 (left) or
 * 1 (right), reward = action, terminates when |position| reaches `limit`. The start noise and
 * each step's noise come from the env's rng, so seeding is observable.
 */
export class WalkEnv extends Env<Float32Array, number> {
  readonly observationSpace = new Box([-10, 0], [10, 1]);
  readonly actionSpace = new Discrete(2);
  position = 0;
  resets = 0;
  closed = false;

  constructor(readonly limit = 3) {
    super();
    this.metadata = { renderModes: ['ansi'], resetOptions: ['start'] };
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    this.position = typeof options?.['start'] === 'number' ? options['start'] : 0;
    this.resets++;
    return { observation: Float32Array.of(this.position, this.rng.uniform()), info: { resets: this.resets } };
  }

  step(action: number): StepResult<Float32Array> {
    this.position += action === 1 ? 1 : -1;
    const terminated = Math.abs(this.position) >= this.limit;
    return { observation: Float32Array.of(this.position, this.rng.uniform()), reward: action, terminated, truncated: false, info: { position: this.position } };
  }

  override render(): string {
    return `position ${this.position}`;
  }

  override close(): void {
    this.closed = true;
  }
}
