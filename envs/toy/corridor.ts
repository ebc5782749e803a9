// A second example env: a 1-D corridor with a continuous (Box) observation, the smallest task
// on which a function-approximation agent (DQN, policy gradient) can be tested end to end.

import type { JsonValue } from '../../src/agent/state-snapshot.js';
import { ResetNeededError } from '../../src/env/env-errors.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { EnvStateReader, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import { ConfigError } from '../../src/errors.js';

/** Constructor kwargs of {@link CorridorEnv}. */
export interface CorridorKwargs {
  /** Number of cells, at least 2. Default 8. */
  readonly length?: number;
  /** Reward of every step that does not reach the goal (a small penalty urges haste). Default -0.01. */
  readonly stepReward?: number;
  /** Start in a uniformly random cell other than the goal, instead of cell 0. Default false. */
  readonly randomStart?: boolean;
}

/**
 * A 1-D corridor: start at the left end, walk right to the goal at the right end.
 *
 * ## Description
 * Cells `0 .. length - 1`; the goal is the last cell. Walking into the left wall stays put.
 *
 * ## Action space
 * `Discrete(2)`: 0 steps left, 1 steps right.
 *
 * ## Observation space
 * `Box(0, 1, [1])`, float32: the position scaled to [0, 1] (`cell / (length - 1)`).
 *
 * ## Rewards
 * +1 on reaching the goal, `stepReward` (default -0.01) on every other step. With the
 * defaults the best return is 0.94 (threshold 0.9).
 *
 * ## Starting state
 * Cell 0, or with `randomStart` a uniform cell in `0 .. length - 2` drawn from the env's `rng`.
 *
 * ## Episode end
 * Termination: reaching the goal. Truncation: 100 steps (applied by `make`).
 *
 * ## State
 * `getState`/`setState` save and restore the cell and the env's Rng exactly (`StatefulEnv`).
 *
 * ## Version history
 * - v0: initial version.
 *
 * @example
 * ```ts
 * const env = new CorridorEnv({ length: 4 });
 * env.reset();
 * env.step(1); env.step(1);
 * env.step(1).terminated;   // true
 * ```
 */
export class CorridorEnv extends Env<Float32Array, number> implements StatefulEnv {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Discrete(2);
  readonly length: number;
  readonly stepReward: number;
  readonly randomStart: boolean;
  private cell = -1;

  constructor(kwargs: CorridorKwargs = {}) {
    super();
    this.length = kwargs.length ?? 8;
    if (!Number.isSafeInteger(this.length) || this.length < 2) throw new ConfigError(`CorridorEnv: kwarg 'length' must be an integer >= 2, got ${String(this.length)}`);
    this.stepReward = kwargs.stepReward ?? -0.01;
    if (!Number.isFinite(this.stepReward)) throw new ConfigError(`CorridorEnv: kwarg 'stepReward' must be a finite number, got ${String(this.stepReward)}`);
    this.randomStart = kwargs.randomStart ?? false;
    this.metadata = { renderModes: ['ansi'] };
  }

  reset({ seed }: ResetOptions = {}): ResetResult<Float32Array> {
    this.seedRng(seed);
    this.cell = this.randomStart ? this.rng.int(this.length - 1) : 0;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (this.cell < 0) throw new ResetNeededError(`${this.name}: step() called before reset()`);
    this.cell = action === 1 ? this.cell + 1 : Math.max(this.cell - 1, 0);
    const terminated = this.cell === this.length - 1;
    return { observation: this.observe(), reward: terminated ? 1 : this.stepReward, terminated, truncated: false, info: {} };
  }

  /** The cell (-1 before the first reset) and the Rng (JSON-safe). */
  getState(): JsonValue {
    return { kind: 'Corridor', cell: this.cell, rng: this.rngState() };
  }

  /** Restores a state from {@link CorridorEnv.getState}. */
  setState(state: JsonValue): void {
    const s = new EnvStateReader(state, this.toString(), 'Corridor');
    const cell = s.integer('cell', -1, this.length - 1);
    this.restoreRngState(s.value('rng'), `${this.toString()}.setState: field 'rng'`);
    this.cell = cell;
  }

  /** `[..A....G]` with the agent highlighted. */
  override render(): string | null {
    if (this.cell < 0) return null;
    const cells = Array.from({ length: this.length }, (_, i) => (i === this.cell ? '\x1b[42mA\x1b[0m' : i === this.length - 1 ? 'G' : '.'));
    return `[${cells.join('')}]`;
  }

  private observe(): Float32Array {
    const obs = new Float32Array(1);
    obs[0] = this.cell / (this.length - 1);
    return obs;
  }
}
