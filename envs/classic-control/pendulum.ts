import type { JsonValue } from '../../src/agent/state-snapshot.js';
import { ResetNeededError } from '../../src/env/env-errors.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { EnvStateReader, encodeDouble, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Box } from '../../src/spaces/box.js';
import { ConfigError } from '../../src/errors.js';
import { glibcSquare } from './glibc-pow.js';
import { glibcCos, glibcSin } from './glibc-trig.js';
import { parseResetState, requirePositive, signed } from './reset-options.js';

/** Constructor kwargs of {@link PendulumEnv}. */
export interface PendulumKwargs {
  /** Gravitational acceleration in m/s^2. Default 10.0 (Gymnasium's default). */
  readonly g?: number;
}

const MAX_SPEED = 8;
const MAX_TORQUE = 2.0;
const DEFAULT_X = Math.PI;
const DEFAULT_Y = 1.0;
const F32_TORQUE_COST = Math.fround(0.001);

/**
 * Pendulum-v1, a faithful port of Gymnasium's `PendulumEnv` (classic_control/pendulum.py).
 *
 * ## Description
 * The inverted pendulum swing-up: a pendulum on a fixed pivot starts at a random angle; apply
 * torque to swing it up and keep it upright.
 *
 * ## Action space
 * `Box(-2, 2, [1])`, float32: the torque. Actions are clipped to [-2, 2] inside `step`.
 *
 * ## Observation space
 * `Box([-1, -1, -8], [1, 1, 8])`, float32: `[cos(theta), sin(theta), thetaDot]`, theta = 0 upright.
 *
 * ## Rewards
 * `-(angle_normalize(theta)^2 + 0.1 * thetaDot^2 + 0.001 * torque^2)`, in [-16.27, 0]; no
 * threshold. As in Gymnasium (NumPy 2), the torque term is computed in float32 because the
 * action is float32, the rest in float64.
 *
 * ## Starting state
 * theta uniform in [-pi, pi], thetaDot uniform in [-1, 1]. Reset options: `{ x_init, y_init }`
 * set those half-ranges (Gymnasium); `{ state: [theta, thetaDot] }` starts from that exact state.
 *
 * ## Episode end
 * No termination. Truncation: 200 steps.
 *
 * ## Arguments
 * `g`: gravitational acceleration, default 10.0 (`makeEnv(registry, 'Pendulum-v1', { g: 9.81 })`).
 *
 * ## State
 * `getState`/`setState` save and restore the float64 state, the last torque (for `render`) and
 * the env's Rng exactly (`StatefulEnv`).
 *
 * ## Version history
 * - v1: simplified equations, same behaviour (Gymnasium v1).
 *
 * @example
 * ```ts
 * const env = new PendulumEnv({ g: 9.81 });
 * env.reset({ seed: 3 });
 * env.step(Float32Array.of(0.5));
 * ```
 */
export class PendulumEnv extends Env<Float32Array, Float32Array> implements StatefulEnv {
  readonly observationSpace = new Box([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  readonly actionSpace = new Box(-MAX_TORQUE, MAX_TORQUE, [1]);
  readonly dt = 0.05;
  readonly g: number;
  readonly m = 1.0;
  readonly l = 1.0;

  private theta = 0;
  private thetaDot = 0;
  private hasState = false;
  private lastTorque: number | null = null;

  constructor(kwargs: PendulumKwargs = {}) {
    super();
    this.metadata = { renderModes: ['ansi'], renderFps: 30, resetOptions: ['x_init', 'y_init', 'state'] };
    this.g = requirePositive('PendulumEnv', 'g', kwargs.g ?? 10.0);
  }

  /** The float64 state `[theta, thetaDot]` (a copy), or null before the first reset. */
  get state(): number[] | null {
    return this.hasState ? [this.theta, this.thetaDot] : null;
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    const state = parseResetState(this.name, options, ['theta', 'thetaDot']);
    if (state !== null) {
      [this.theta, this.thetaDot] = state as [number, number];
    } else {
      const x = initOption(this.name, options, 'x_init', DEFAULT_X);
      const y = initOption(this.name, options, 'y_init', DEFAULT_Y);
      this.theta = this.rng.uniform(-x, x);
      this.thetaDot = this.rng.uniform(-y, y);
    }
    this.hasState = true;
    this.lastTorque = null;
    return { observation: this.observe(), info: {} };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (!this.hasState) throw new ResetNeededError(`${this.name}: step() called before reset()`);
    const th = this.theta;
    const thdot = this.thetaDot;
    const u = Math.fround(Math.min(Math.max(action[0]!, -MAX_TORQUE), MAX_TORQUE));
    this.lastTorque = u;
    const angle = angleNormalize(th);
    const torqueCost = Math.fround(F32_TORQUE_COST * Math.fround(u * u));
    const costs = glibcSquare(angle) + 0.1 * glibcSquare(thdot) + torqueCost;

    let newThdot = thdot + (((3 * this.g) / (2 * this.l)) * glibcSin(th) + Math.fround((3.0 / (this.m * this.l * this.l)) * u)) * this.dt;
    newThdot = Math.min(Math.max(newThdot, -MAX_SPEED), MAX_SPEED);
    this.theta = th + newThdot * this.dt;
    this.thetaDot = newThdot;
    return { observation: this.observe(), reward: -costs, terminated: false, truncated: false, info: {} };
  }

  /** The float64 state, the last torque and the Rng (JSON-safe, exact). */
  getState(): JsonValue {
    return {
      kind: 'Pendulum',
      state: this.hasState ? [this.theta, this.thetaDot].map(encodeDouble) : null,
      lastTorque: this.lastTorque === null ? null : encodeDouble(this.lastTorque),
      rng: this.rngState(),
    };
  }

  /** Restores a state from {@link PendulumEnv.getState}. */
  setState(state: JsonValue): void {
    const s = new EnvStateReader(state, this.toString(), 'Pendulum');
    const physics = s.value('state') === null ? null : s.doubles('state', 2);
    const lastTorque = s.value('lastTorque') === null ? null : s.double('lastTorque');
    this.restoreRngState(s.value('rng'), `${this.toString()}.setState: field 'rng'`);
    this.hasState = physics !== null;
    if (physics !== null) [this.theta, this.thetaDot] = physics as [number, number];
    this.lastTorque = lastTorque;
  }

  /** A text frame: the rod from the pivot (`o`) to the bob (`@`), and the last torque. */
  override render(): string | null {
    if (!this.hasState) return null;
    const size = 15;
    const grid = Array.from({ length: size }, () => [...' '.repeat(size)]);
    const c = (size - 1) / 2;
    // theta = 0 is upright; x to the right is -sin(theta) for counter-clockwise positive angles.
    for (let k = 1; k <= 6; k++) {
      const col = Math.round(c - Math.sin(this.theta) * k);
      const row = Math.round(c - Math.cos(this.theta) * k);
      grid[row]![col] = k === 6 ? '@' : '.';
    }
    grid[c]![c] = 'o';
    const torque = this.lastTorque === null ? 'none' : signed(this.lastTorque, 2);
    return `${grid.map((r) => r.join('')).join('\n')}\ntheta=${signed(this.theta)} thetaDot=${signed(this.thetaDot)} torque=${torque}`;
  }

  private observe(): Float32Array {
    const obs = new Float32Array(3);
    obs[0] = glibcCos(this.theta);
    obs[1] = glibcSin(this.theta);
    obs[2] = this.thetaDot;
    return obs;
  }
}

/** Gymnasium's `angle_normalize`: `((x + pi) mod 2pi) - pi` with NumPy's floored modulo. */
export function angleNormalize(x: number): number {
  const period = 2 * Math.PI;
  let r = (x + Math.PI) % period;
  if (r !== 0 && r < 0) r += period;
  return r - Math.PI;
}

function initOption(envName: string, options: Readonly<Record<string, unknown>> | undefined, key: string, fallback: number): number {
  const value = options?.[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`${envName}: reset option '${key}' must be a finite number, got ${String(value)}`);
  }
  return value;
}
