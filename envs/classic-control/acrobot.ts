import type { JsonValue } from '../../src/agent/state-snapshot.js';
import { ResetNeededError } from '../../src/env/env-errors.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { EnvStateReader, encodeDouble, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import { ConfigError } from '../../src/errors.js';
import { glibcSquare } from './glibc-pow.js';
import { glibcCos, glibcSin } from './glibc-trig.js';
import { parseResetBounds, parseResetState, signed } from './reset-options.js';

/** Constructor kwargs of {@link AcrobotEnv}. Gymnasium has none; these mirror its class attributes. */
export interface AcrobotKwargs {
  /** `'book'` (Sutton & Barto, the default) or `'nips'` (the 1995 paper's equations). */
  readonly bookOrNips?: 'book' | 'nips';
  /** Uniform noise in [-max, max] added to the torque each step. Default 0 (none). */
  readonly torqueNoiseMax?: number;
}

const DT = 0.2;
const LINK_LENGTH_1 = 1.0;
const LINK_MASS_1 = 1.0;
const LINK_MASS_2 = 1.0;
const LINK_COM_POS_1 = 0.5;
const LINK_COM_POS_2 = 0.5;
const LINK_MOI = 1.0;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const AVAIL_TORQUE = [-1.0, 0.0, 1.0] as const;

/**
 * Acrobot-v1, a faithful port of Gymnasium's `AcrobotEnv` (classic_control/acrobot.py).
 *
 * ## Description
 * Two links hang in a chain from a fixed pivot (Sutton, 1996; Sutton & Barto). Only the joint
 * between the links is actuated. Swing the free end above the target height.
 *
 * ## Action space
 * `Discrete(3)`: torque -1, 0 or +1 on the actuated joint.
 *
 * ## Observation space
 * `Box([-1, -1, -1, -1, -4pi, -9pi], [1, 1, 1, 1, 4pi, 9pi])`, float32:
 * `[cos(theta1), sin(theta1), cos(theta2), sin(theta2), thetaDot1, thetaDot2]`; theta1 = 0 is
 * the first link pointing down, theta2 is relative to the first link.
 *
 * ## Rewards
 * -1 per step, 0 on the step that reaches the target (threshold -100).
 *
 * ## Starting state
 * All four state variables uniform in [-0.1, 0.1], rounded to float32 as Gymnasium does.
 * Reset options: `{ low, high }` change that range (Gymnasium); `{ state: [theta1, theta2,
 * thetaDot1, thetaDot2] }` starts from that exact (float64) state.
 *
 * ## Episode end
 * Termination: `-cos(theta1) - cos(theta2 + theta1) > 1`. Truncation: 500 steps.
 *
 * ## Dynamics
 * One step integrates the equations of motion over `dt = 0.2` with a single classic RK4 step
 * (Gymnasium's `rk4(derivs, y0, [0, dt])`), then wraps both angles into [-pi, pi] (`wrap`,
 * repeated shifts by 2pi) and clips the velocities to ±4pi and ±9pi (`bound`).
 *
 * ## State
 * `getState`/`setState` save and restore the float64 state, `bookOrNips`, `torqueNoiseMax` and
 * the env's Rng exactly (`StatefulEnv`).
 *
 * ## Version history
 * - v1: sin/cos observations, 500 steps (Gymnasium v1).
 *
 * @example
 * ```ts
 * const env = new AcrobotEnv({ bookOrNips: 'nips' });
 * env.reset({ seed: 0 });
 * env.step(2);
 * ```
 */
export class AcrobotEnv extends Env<Float32Array, number> implements StatefulEnv {
  readonly observationSpace = new Box([-1, -1, -1, -1, -MAX_VEL_1, -MAX_VEL_2], [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2]);
  readonly actionSpace = new Discrete(3);
  /** Which equations to integrate (Gymnasium's `book_or_nips`; may be changed between steps). */
  bookOrNips: 'book' | 'nips';
  /** Torque noise amplitude (Gymnasium's `torque_noise_max`). */
  torqueNoiseMax: number;

  private readonly s = new Float64Array(4);
  private hasState = false;
  // RK4 scratch (5 = the state augmented with the torque, as in Gymnasium).
  private readonly k1 = new Float64Array(5);
  private readonly k2 = new Float64Array(5);
  private readonly k3 = new Float64Array(5);
  private readonly k4 = new Float64Array(5);
  private readonly tmp = new Float64Array(5);

  constructor(kwargs: AcrobotKwargs = {}) {
    super();
    this.metadata = { renderModes: ['ansi'], renderFps: 15, resetOptions: ['low', 'high', 'state'] };
    this.bookOrNips = kwargs.bookOrNips ?? 'book';
    if (this.bookOrNips !== 'book' && this.bookOrNips !== 'nips') {
      throw new ConfigError(`AcrobotEnv: kwarg 'bookOrNips' must be 'book' or 'nips', got ${JSON.stringify(this.bookOrNips)}`);
    }
    this.torqueNoiseMax = kwargs.torqueNoiseMax ?? 0;
    if (typeof this.torqueNoiseMax !== 'number' || !(this.torqueNoiseMax >= 0) || !Number.isFinite(this.torqueNoiseMax)) {
      throw new ConfigError(`AcrobotEnv: kwarg 'torqueNoiseMax' must be a finite number >= 0, got ${String(this.torqueNoiseMax)}`);
    }
  }

  /** The float64 state `[theta1, theta2, thetaDot1, thetaDot2]` (a copy), or null before the first reset. */
  get state(): number[] | null {
    return this.hasState ? Array.from(this.s) : null;
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    const state = parseResetState(this.name, options, ['theta1', 'theta2', 'thetaDot1', 'thetaDot2']);
    if (state !== null) {
      this.s.set(state);
    } else {
      const [low, high] = parseResetBounds(this.name, options, -0.1, 0.1);
      for (let i = 0; i < 4; i++) this.s[i] = Math.fround(this.rng.uniform(low, high));
    }
    this.hasState = true;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.hasState) throw new ResetNeededError(`${this.name}: step() called before reset()`);
    let torque: number = AVAIL_TORQUE[action]!;
    if (this.torqueNoiseMax > 0) torque += this.rng.uniform(-this.torqueNoiseMax, this.torqueNoiseMax);
    this.rk4(torque);
    const s = this.s;
    s[0] = wrap(s[0]!, -Math.PI, Math.PI);
    s[1] = wrap(s[1]!, -Math.PI, Math.PI);
    s[2] = bound(s[2]!, -MAX_VEL_1, MAX_VEL_1);
    s[3] = bound(s[3]!, -MAX_VEL_2, MAX_VEL_2);
    const terminated = -glibcCos(s[0]) - glibcCos(s[1] + s[0]) > 1.0;
    return { observation: this.observe(), reward: terminated ? 0.0 : -1.0, terminated, truncated: false, info: {} };
  }

  /** The float64 state, the two mutable settings and the Rng (JSON-safe, exact). */
  getState(): JsonValue {
    return {
      kind: 'Acrobot',
      state: this.hasState ? Array.from(this.s, encodeDouble) : null,
      bookOrNips: this.bookOrNips,
      torqueNoiseMax: encodeDouble(this.torqueNoiseMax),
      rng: this.rngState(),
    };
  }

  /** Restores a state from {@link AcrobotEnv.getState}. */
  setState(state: JsonValue): void {
    const s = new EnvStateReader(state, this.toString(), 'Acrobot');
    const physics = s.value('state') === null ? null : s.doubles('state', 4);
    const bookOrNips = s.oneOf('bookOrNips', ['book', 'nips'] as const);
    const torqueNoiseMax = s.double('torqueNoiseMax');
    this.restoreRngState(s.value('rng'), `${this.toString()}.setState: field 'rng'`);
    this.hasState = physics !== null;
    if (physics !== null) this.s.set(physics);
    this.bookOrNips = bookOrNips;
    this.torqueNoiseMax = torqueNoiseMax;
  }

  /** A text frame: the two links drawn on a small grid (`o` pivot, `*` joint, `@` tip, `=` target). */
  override render(): string | null {
    if (!this.hasState) return null;
    const size = 21;
    const grid = Array.from({ length: size }, () => [...' '.repeat(size)]);
    const c = (size - 1) / 2;
    const scale = c / 2.2;
    const [t1, t2] = [this.s[0]!, this.s[1]!];
    const p1 = [Math.sin(t1), -Math.cos(t1)];
    const p2 = [p1[0]! + Math.sin(t1 + t2), p1[1]! - Math.cos(t1 + t2)];
    const plot = (x: number, y: number, ch: string): void => {
      const col = Math.round(c + x * scale);
      const row = Math.round(c - y * scale);
      if (row >= 0 && row < size && col >= 0 && col < size) grid[row]![col] = ch;
    };
    for (let col = 0; col < size; col++) grid[Math.round(c - scale)]![col] = '=';
    for (let k = 1; k < 8; k++) {
      plot((p1[0]! * k) / 8, (p1[1]! * k) / 8, '.');
      plot(p1[0]! + ((p2[0]! - p1[0]!) * k) / 8, p1[1]! + ((p2[1]! - p1[1]!) * k) / 8, '.');
    }
    plot(0, 0, 'o');
    plot(p1[0]!, p1[1]!, '*');
    plot(p2[0]!, p2[1]!, '@');
    return `${grid.map((r) => r.join('')).join('\n')}\ntheta1=${signed(t1)} theta2=${signed(t2)}`;
  }

  /** One RK4 step of length DT on the torque-augmented state, exactly as Gymnasium's `rk4`. */
  private rk4(torque: number): void {
    const y0 = this.tmp;
    const { k1, k2, k3, k4 } = this;
    const base = [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!, torque];
    const dt = DT;
    const dt2 = dt / 2.0;
    this.dsdt(base, k1);
    for (let i = 0; i < 5; i++) y0[i] = base[i]! + dt2 * k1[i]!;
    this.dsdt(y0, k2);
    for (let i = 0; i < 5; i++) y0[i] = base[i]! + dt2 * k2[i]!;
    this.dsdt(y0, k3);
    for (let i = 0; i < 5; i++) y0[i] = base[i]! + dt * k3[i]!;
    this.dsdt(y0, k4);
    // yout = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4), evaluated in NumPy's order.
    for (let i = 0; i < 4; i++) this.s[i] = base[i]! + (dt / 6.0) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }

  /** Gymnasium's `_dsdt`: time derivative of the augmented state, written into `out`. */
  private dsdt(sAugmented: ArrayLike<number>, out: Float64Array): void {
    const m1 = LINK_MASS_1;
    const m2 = LINK_MASS_2;
    const l1 = LINK_LENGTH_1;
    const lc1 = LINK_COM_POS_1;
    const lc2 = LINK_COM_POS_2;
    const I1 = LINK_MOI;
    const I2 = LINK_MOI;
    const g = 9.8;
    const a = sAugmented[4]!;
    const theta1 = sAugmented[0]!;
    const theta2 = sAugmented[1]!;
    const dtheta1 = sAugmented[2]!;
    const dtheta2 = sAugmented[3]!;
    // cos(theta2) and sin(theta2) appear several times in Gymnasium's code; computing each once gives the same values.
    const cosTheta2 = glibcCos(theta2);
    const sinTheta2 = glibcSin(theta2);
    const d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cosTheta2) + I1 + I2;
    const d2 = m2 * (lc2 * lc2 + l1 * lc2 * cosTheta2) + I2;
    const phi2 = m2 * lc2 * g * glibcCos(theta1 + theta2 - Math.PI / 2.0);
    const phi1 =
      -m2 * l1 * lc2 * glibcSquare(dtheta2) * sinTheta2 -
      2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * sinTheta2 +
      (m1 * lc1 + m2 * l1) * g * glibcCos(theta1 - Math.PI / 2) +
      phi2;
    let ddtheta2: number;
    if (this.bookOrNips === 'nips') {
      // The NIPS 1995 paper's equation.
      ddtheta2 = (a + (d2 / d1) * phi1 - phi2) / (m2 * (lc2 * lc2) + I2 - glibcSquare(d2) / d1);
    } else {
      // The book's (and the Java implementation's) equation: one more term than the paper.
      ddtheta2 = (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * glibcSquare(dtheta1) * sinTheta2 - phi2) / (m2 * (lc2 * lc2) + I2 - glibcSquare(d2) / d1);
    }
    const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = ddtheta1;
    out[3] = ddtheta2;
    out[4] = 0.0;
  }

  private observe(): Float32Array {
    const s = this.s;
    const obs = new Float32Array(6);
    obs[0] = glibcCos(s[0]!);
    obs[1] = glibcSin(s[0]!);
    obs[2] = glibcCos(s[1]!);
    obs[3] = glibcSin(s[1]!);
    obs[4] = s[2]!;
    obs[5] = s[3]!;
    return obs;
  }
}

/** Gymnasium's `wrap`: shifts `x` by whole periods `M - m` until `m <= x <= M`. */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}

/** Gymnasium's `bound`: clips `x` into `[m, M]`. */
function bound(x: number, m: number, M: number): number {
  return Math.min(Math.max(x, m), M);
}
