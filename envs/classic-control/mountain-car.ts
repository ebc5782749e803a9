import type { JsonValue } from '../../src/agent/state-snapshot.js';
import { ResetNeededError } from '../../src/env/env-errors.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { EnvStateReader, encodeDouble, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import { ConfigError } from '../../src/errors.js';
import { glibcCos } from './glibc-trig.js';
import { parseResetBounds, parseResetState, signed } from './reset-options.js';

/** Constructor kwargs of {@link MountainCarEnv}. */
export interface MountainCarKwargs {
  /** Minimum velocity at the goal position for the episode to terminate. Default 0. */
  readonly goalVelocity?: number;
}

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.5;

/**
 * MountainCar-v0, a faithful port of Gymnasium's `MountainCarEnv` (classic_control/mountain_car.py).
 *
 * ## Description
 * A car sits in a sinusoidal valley (Moore, 1990); its engine is too weak to climb the right
 * hill directly, so it must rock back and forth to build momentum and reach the flag.
 *
 * ## Action space
 * `Discrete(3)`: 0 accelerates left, 1 does not accelerate, 2 accelerates right.
 *
 * ## Observation space
 * `Box([-1.2, -0.07], [0.6, 0.07])`, float32: `[position, velocity]`.
 *
 * ## Rewards
 * -1 every step (threshold -110).
 *
 * ## Starting state
 * Position uniform in [-0.6, -0.4], velocity 0. Reset options: `{ low, high }` change the
 * position range (Gymnasium); `{ state: [position, velocity] }` starts from that exact state.
 *
 * ## Episode end
 * Termination: position >= 0.5 and velocity >= `goalVelocity`. Truncation: 200 steps.
 *
 * ## Dynamics
 * `velocity += (action - 1) * 0.001 - cos(3 * position) * 0.0025`, clipped to ±0.07 first;
 * then `position += velocity`, clipped to [-1.2, 0.6]; hitting the left wall while moving
 * left zeroes the velocity (an inelastic collision). Same order as Gymnasium.
 *
 * ## State
 * `getState`/`setState` save and restore the float64 state and the env's Rng exactly (`StatefulEnv`).
 *
 * ## Version history
 * - v0: Gymnasium's v0 (200 steps, threshold -110).
 *
 * @example
 * ```ts
 * const env = new MountainCarEnv();
 * env.reset({ options: { state: [-0.5, 0] } });
 * env.step(2);
 * ```
 */
export class MountainCarEnv extends Env<Float32Array, number> implements StatefulEnv {
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly actionSpace = new Discrete(3);
  readonly force = 0.001;
  readonly gravity = 0.0025;
  readonly goalVelocity: number;

  private position = 0;
  private velocity = 0;
  private hasState = false;

  constructor(kwargs: MountainCarKwargs = {}) {
    super();
    this.metadata = { renderModes: ['ansi'], renderFps: 30, resetOptions: ['low', 'high', 'state'] };
    this.goalVelocity = kwargs.goalVelocity ?? 0;
    if (typeof this.goalVelocity !== 'number' || !Number.isFinite(this.goalVelocity)) {
      throw new ConfigError(`MountainCarEnv: kwarg 'goalVelocity' must be a finite number, got ${String(this.goalVelocity)}`);
    }
  }

  /** The float64 state `[position, velocity]` (a copy), or null before the first reset. */
  get state(): number[] | null {
    return this.hasState ? [this.position, this.velocity] : null;
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    const state = parseResetState(this.name, options, ['position', 'velocity']);
    if (state !== null) {
      [this.position, this.velocity] = state as [number, number];
    } else {
      const [low, high] = parseResetBounds(this.name, options, -0.6, -0.4);
      this.position = this.rng.uniform(low, high);
      this.velocity = 0;
    }
    this.hasState = true;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.hasState) throw new ResetNeededError(`${this.name}: step() called before reset()`);
    let velocity = this.velocity + ((action - 1) * this.force + glibcCos(3 * this.position) * -this.gravity);
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    let position = this.position + velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    this.position = position;
    this.velocity = velocity;
    const terminated = position >= GOAL_POSITION && velocity >= this.goalVelocity;
    return { observation: this.observe(), reward: -1.0, terminated, truncated: false, info: {} };
  }

  /** The float64 state and the Rng (JSON-safe, exact). */
  getState(): JsonValue {
    return { kind: 'MountainCar', state: this.hasState ? [this.position, this.velocity].map(encodeDouble) : null, rng: this.rngState() };
  }

  /** Restores a state from {@link MountainCarEnv.getState}. */
  setState(state: JsonValue): void {
    const s = new EnvStateReader(state, this.toString(), 'MountainCar');
    const physics = s.value('state') === null ? null : s.doubles('state', 2);
    this.restoreRngState(s.value('rng'), `${this.toString()}.setState: field 'rng'`);
    this.hasState = physics !== null;
    if (physics !== null) [this.position, this.velocity] = physics as [number, number];
  }

  /** A text frame: the valley profile with the car (`@`) and the flag (`F`). */
  override render(): string | null {
    if (!this.hasState) return null;
    const width = 60;
    const height = 8;
    const rows = Array.from({ length: height }, () => [...' '.repeat(width)]);
    const rowOf = (p: number): number => height - 1 - Math.round(((Math.sin(3 * p) + 1) / 2) * (height - 1));
    const colOf = (p: number): number => Math.round(((p - MIN_POSITION) / (MAX_POSITION - MIN_POSITION)) * (width - 1));
    for (let c = 0; c < width; c++) rows[rowOf(MIN_POSITION + (c / (width - 1)) * (MAX_POSITION - MIN_POSITION))]![c] = '.';
    rows[rowOf(GOAL_POSITION)]![colOf(GOAL_POSITION)] = 'F';
    rows[rowOf(this.position)]![colOf(this.position)] = '@';
    return `${rows.map((r) => r.join('')).join('\n')}\nposition=${signed(this.position)} velocity=${signed(this.velocity, 4)}`;
  }

  private observe(): Float32Array {
    const obs = new Float32Array(2);
    obs[0] = this.position;
    obs[1] = this.velocity;
    return obs;
  }
}
