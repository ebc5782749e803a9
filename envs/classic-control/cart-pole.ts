import type { JsonValue } from '../../src/agent/state-snapshot.js';
import { ResetNeededError } from '../../src/env/env-errors.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { EnvStateReader, encodeDouble, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import { glibcCos, glibcSin } from './glibc-trig.js';
import { parseResetBounds, parseResetState, requirePositive, signed } from './reset-options.js';

/** Constructor kwargs of {@link CartPoleEnv} (all optional; Gymnasium's defaults). */
export interface CartPoleKwargs {
  /** Reward 0 per step and -1 on termination (Sutton & Barto) instead of +1 per step. Default false. */
  readonly suttonBartoReward?: boolean;
  /** Half the pole's length in metres (Gymnasium's `length`). Default 0.5. */
  readonly length?: number;
  /** Pole mass in kg. Default 0.1. */
  readonly masspole?: number;
  /** Cart mass in kg. Default 1.0. */
  readonly masscart?: number;
  /** Magnitude of the push in newtons. Default 10.0. */
  readonly forceMag?: number;
}

const THETA_THRESHOLD = (12 * 2 * Math.PI) / 360;
const X_THRESHOLD = 2.4;
const STATE_COMPONENTS = ['x', 'xDot', 'theta', 'thetaDot'] as const;

/**
 * CartPole-v1, a faithful port of Gymnasium's `CartPoleEnv` (classic_control/cartpole.py).
 *
 * ## Description
 * The cart-pole problem of Barto, Sutton and Anderson (1983), "Neuronlike Adaptive Elements
 * That Can Solve Difficult Learning Control Problems". A pole is attached by an un-actuated
 * joint to a cart moving along a frictionless track; balance it by pushing the cart left or right.
 *
 * ## Action space
 * `Discrete(2)`: 0 pushes the cart left, 1 pushes it right, with force `forceMag`.
 *
 * ## Observation space
 * `Box([-4.8, -inf, -0.4189, -inf], [4.8, inf, 0.4189, inf])`, float32:
 * `[cart position, cart velocity, pole angle (rad), pole angular velocity]`.
 * The episode terminates well inside these bounds (|x| > 2.4, |theta| > 12 degrees).
 *
 * ## Rewards
 * +1 for every step, including the terminating one (threshold 475 for v1). With
 * `suttonBartoReward: true`: 0 per step and -1 on termination. A raw env stepped again after
 * termination returns 0 (or -1) as in Gymnasium; `make` forbids such steps anyway.
 *
 * ## Starting state
 * All four state variables uniform in (-0.05, 0.05), drawn from the env's `rng`.
 * Reset options: `{ low, high }` change that range (Gymnasium); `{ state: [x, xDot, theta,
 * thetaDot] }` starts from that exact state (neuroloop; overrides low/high).
 *
 * ## Episode end
 * Termination: |pole angle| > 12 degrees or |cart position| > 2.4.
 * Truncation: 500 steps (applied by `make` through TimeLimit).
 *
 * ## Arguments
 * `suttonBartoReward`, and the physical kwargs `length`, `masspole`, `masscart`, `forceMag`
 * (neuroloop additions, e.g. `makeEnv(registry, 'CartPole-v1', { length: 0.75 })` for
 * transfer-learning demos). State is float64; observations are fresh float32 arrays.
 * `getState`/`setState` save and restore the float64 state, the steps past termination and the
 * env's Rng exactly (`StatefulEnv`).
 *
 * ## Version history
 * - v1: max episode steps 500, reward threshold 475 (Gymnasium v1).
 *
 * @example
 * ```ts
 * const env = new CartPoleEnv({ length: 0.75 });
 * const { observation } = env.reset({ seed: 1 });
 * const { reward, terminated } = env.step(1);
 * ```
 */
export class CartPoleEnv extends Env<Float32Array, number> implements StatefulEnv {
  readonly observationSpace = new Box(
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD * 2, Infinity].map((v) => -v),
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD * 2, Infinity],
  );
  readonly actionSpace = new Discrete(2);

  readonly gravity = 9.8;
  readonly masscart: number;
  readonly masspole: number;
  readonly totalMass: number;
  readonly length: number;
  readonly polemassLength: number;
  readonly forceMag: number;
  readonly tau = 0.02;
  readonly suttonBartoReward: boolean;

  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;
  private hasState = false;
  private stepsBeyondTerminated: number | null = null;

  constructor(kwargs: CartPoleKwargs = {}) {
    super();
    this.metadata = { renderModes: ['ansi'], renderFps: 50, resetOptions: ['low', 'high', 'state'] };
    this.suttonBartoReward = kwargs.suttonBartoReward ?? false;
    this.masscart = requirePositive('CartPoleEnv', 'masscart', kwargs.masscart ?? 1.0);
    this.masspole = requirePositive('CartPoleEnv', 'masspole', kwargs.masspole ?? 0.1);
    this.length = requirePositive('CartPoleEnv', 'length', kwargs.length ?? 0.5);
    this.forceMag = requirePositive('CartPoleEnv', 'forceMag', kwargs.forceMag ?? 10.0);
    this.totalMass = this.masspole + this.masscart;
    this.polemassLength = this.masspole * this.length;
  }

  /** The float64 state `[x, xDot, theta, thetaDot]` (a copy), or null before the first reset. */
  get state(): number[] | null {
    return this.hasState ? [this.x, this.xDot, this.theta, this.thetaDot] : null;
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    const state = parseResetState(this.name, options, STATE_COMPONENTS);
    if (state !== null) {
      [this.x, this.xDot, this.theta, this.thetaDot] = state as [number, number, number, number];
    } else {
      const [low, high] = parseResetBounds(this.name, options, -0.05, 0.05);
      const rng = this.rng;
      this.x = rng.uniform(low, high);
      this.xDot = rng.uniform(low, high);
      this.theta = rng.uniform(low, high);
      this.thetaDot = rng.uniform(low, high);
    }
    this.hasState = true;
    this.stepsBeyondTerminated = null;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.hasState) throw new ResetNeededError(`${this.name}: step() called before reset()`);
    const force = action === 1 ? this.forceMag : -this.forceMag;
    const costheta = glibcCos(this.theta);
    const sintheta = glibcSin(this.theta);
    // The equations of Florian (2007), "Correct equations for the dynamics of the cart-pole system", as in Gymnasium.
    const temp = (force + this.polemassLength * (this.thetaDot * this.thetaDot) * sintheta) / this.totalMass;
    const thetaacc =
      (this.gravity * sintheta - costheta * temp) / (this.length * (4.0 / 3.0 - (this.masspole * (costheta * costheta)) / this.totalMass));
    const xacc = temp - (this.polemassLength * thetaacc * costheta) / this.totalMass;

    // Explicit Euler, Gymnasium's default kinematics integrator.
    this.x = this.x + this.tau * this.xDot;
    this.xDot = this.xDot + this.tau * xacc;
    this.theta = this.theta + this.tau * this.thetaDot;
    this.thetaDot = this.thetaDot + this.tau * thetaacc;

    const terminated = this.x < -X_THRESHOLD || this.x > X_THRESHOLD || this.theta < -THETA_THRESHOLD || this.theta > THETA_THRESHOLD;
    let reward: number;
    if (!terminated) {
      reward = this.suttonBartoReward ? 0.0 : 1.0;
    } else if (this.stepsBeyondTerminated === null) {
      this.stepsBeyondTerminated = 0;
      reward = this.suttonBartoReward ? -1.0 : 1.0;
    } else {
      this.stepsBeyondTerminated++;
      reward = this.suttonBartoReward ? -1.0 : 0.0;
    }
    return { observation: this.observe(), reward, terminated, truncated: false, info: {} };
  }

  /** The float64 state, the steps past termination and the Rng (JSON-safe, exact). */
  getState(): JsonValue {
    return {
      kind: 'CartPole',
      state: this.hasState ? [this.x, this.xDot, this.theta, this.thetaDot].map(encodeDouble) : null,
      stepsBeyondTerminated: this.stepsBeyondTerminated,
      rng: this.rngState(),
    };
  }

  /** Restores a state from {@link CartPoleEnv.getState}. */
  setState(state: JsonValue): void {
    const s = new EnvStateReader(state, this.toString(), 'CartPole');
    const physics = s.value('state') === null ? null : s.doubles('state', 4);
    const beyond = s.value('stepsBeyondTerminated') === null ? null : s.integer('stepsBeyondTerminated');
    this.restoreRngState(s.value('rng'), `${this.toString()}.setState: field 'rng'`);
    this.hasState = physics !== null;
    if (physics !== null) [this.x, this.xDot, this.theta, this.thetaDot] = physics as [number, number, number, number];
    this.stepsBeyondTerminated = beyond;
  }

  /** A one-line text frame: the track with the cart (`[]`) and the pole's lean (`|`, `/`, `\`). */
  override render(): string | null {
    if (!this.hasState) return null;
    const width = 49;
    const column = Math.round(((this.x + 2 * X_THRESHOLD) / (4 * X_THRESHOLD)) * (width - 1));
    const track: string[] = Array.from({ length: width }, (_, i) => (i === 0 || i === width - 1 ? '|' : Math.abs(((i / (width - 1)) * 4 - 2) * X_THRESHOLD) > X_THRESHOLD ? '.' : '-'));
    const lean = this.theta > 0.05 ? '/' : this.theta < -0.05 ? '\\' : '|';
    const pole = [...' '.repeat(width)];
    const at = Math.min(Math.max(column, 0), width - 1);
    pole[at] = lean;
    track[at] = '#';
    const info = `x=${signed(this.x)} xDot=${signed(this.xDot)} theta=${signed(this.theta)} thetaDot=${signed(this.thetaDot)}`;
    return `${pole.join('')}\n${track.join('')}\n${info}`;
  }

  private observe(): Float32Array {
    const obs = new Float32Array(4);
    obs[0] = this.x;
    obs[1] = this.xDot;
    obs[2] = this.theta;
    obs[3] = this.thetaDot;
    return obs;
  }
}
