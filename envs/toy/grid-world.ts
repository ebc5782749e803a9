// An example of how to define an environment: read it top to bottom. A user env needs
//   1. an observation space and an action space,
//   2. reset(): seed the env's Rng (this.seedRng), set the start state, return the first observation,
//   3. step(action): apply the dynamics, return { observation, reward, terminated, truncated, info },
//   4. optionally render() (a text frame) and metadata,
//   5. optionally getState()/setState() (StatefulEnv), so checkpoints can resume an episode exactly,
// then a registration (see envs/index.ts) so `make('toy/GridWorld-v0')` can build it.

import type { JsonValue } from '../../src/agent/state-snapshot.js';
import { ResetNeededError } from '../../src/env/env-errors.js';
import { Env, type ResetOptions, type ResetResult, type StepResult } from '../../src/env/env.js';
import { EnvStateReader, type StatefulEnv } from '../../src/env/stateful-env.js';
import { Discrete } from '../../src/spaces/discrete.js';
import { ConfigError } from '../../src/errors.js';

/** Constructor kwargs of {@link GridWorldEnv}. */
export interface GridWorldKwargs {
  /** Rows of the map: `S` start, `F` frozen (safe), `H` hole, `G` goal. Default: FrozenLake's 4x4. */
  readonly map?: readonly string[];
  /** When true, moves go sideways 2/3 of the time (FrozenLake's slippery ice). Default false. */
  readonly slippery?: boolean;
}

/** One possible outcome of an action, for planners (see {@link GridWorldEnv.transitions}). */
export interface GridTransition {
  readonly probability: number;
  readonly nextState: number;
  readonly reward: number;
  readonly terminated: boolean;
}

/** FrozenLake's 4x4 map. */
export const DEFAULT_GRID_MAP: readonly string[] = Object.freeze(['SFFF', 'FHFH', 'FFFH', 'HFFG']);

// Action numbers follow FrozenLake so tabular results compare directly.
const LEFT = 0;
const DOWN = 1;
const RIGHT = 2;
const UP = 3;
const ACTION_NAMES = ['Left', 'Down', 'Right', 'Up'];

/**
 * A FrozenLake-style grid world (Gymnasium `FrozenLakeEnv`): walk from `S` to `G` without
 * falling into a hole `H`. Deterministic by default; `slippery: true` gives FrozenLake's
 * stochastic moves. Small enough for tabular Q-learning to solve in a few hundred episodes.
 *
 * ## Description
 * The agent moves on a grid of tiles. Reaching the goal ends the episode with reward 1;
 * falling into a hole ends it with reward 0. Moving into a wall leaves the agent in place.
 *
 * ## Action space
 * `Discrete(4)`: 0 left, 1 down, 2 right, 3 up.
 *
 * ## Observation space
 * `Discrete(rows * cols)`: the agent's tile index `row * cols + col`.
 *
 * ## Rewards
 * 1 on reaching `G`, else 0 (threshold 0.7, as FrozenLake 4x4).
 *
 * ## Starting state
 * The `S` tile. With `slippery`, randomness comes only from the env's `rng` (seeded by reset).
 *
 * ## Episode end
 * Termination: reaching `G` or `H`. Truncation: 100 steps (applied by `make`).
 *
 * ## State
 * `getState`/`setState` save and restore the position, the last action and the env's Rng
 * exactly (`StatefulEnv`).
 *
 * ## Version history
 * - v0: initial version.
 *
 * @example
 * ```ts
 * const env = new GridWorldEnv({ map: ['SFF', 'FHF', 'FFG'] });
 * env.reset();
 * env.step(2);               // right
 * console.log(env.render()); // the grid with the agent highlighted
 * ```
 */
export class GridWorldEnv extends Env<number, number> implements StatefulEnv {
  readonly observationSpace: Discrete;
  readonly actionSpace = new Discrete(4);
  readonly rows: number;
  readonly cols: number;
  readonly slippery: boolean;
  private readonly map: readonly string[];
  private readonly start: number;
  // The mutable part of the env: where the agent is, and the last action (for render()).
  private position = -1;
  private lastAction: number | null = null;

  constructor(kwargs: GridWorldKwargs = {}) {
    super();
    // Validate constructor arguments up front, naming the kwarg, so mistakes surface at make().
    const map = kwargs.map ?? DEFAULT_GRID_MAP;
    if (!Array.isArray(map) || map.length === 0 || map.some((row) => typeof row !== 'string' || row.length !== map[0]!.length || row.length === 0)) {
      throw new ConfigError(`GridWorldEnv: kwarg 'map' must be a non-empty array of equal-length strings, got ${JSON.stringify(map)}`);
    }
    const tiles = map.join('');
    if (/[^SFHG]/.test(tiles)) throw new ConfigError(`GridWorldEnv: kwarg 'map' may only hold S, F, H and G, got ${JSON.stringify(map)}`);
    if (tiles.split('S').length !== 2) throw new ConfigError(`GridWorldEnv: kwarg 'map' needs exactly one start tile 'S'`);
    if (!tiles.includes('G')) throw new ConfigError(`GridWorldEnv: kwarg 'map' needs at least one goal tile 'G'`);
    this.map = Object.freeze([...map]);
    this.rows = map.length;
    this.cols = map[0]!.length;
    this.start = tiles.indexOf('S');
    this.slippery = kwargs.slippery ?? false;
    this.observationSpace = new Discrete(this.rows * this.cols);
    this.metadata = { renderModes: ['ansi'], renderFps: 4 };
  }

  reset({ seed }: ResetOptions = {}): ResetResult<number> {
    // Always seed first: a seed restarts the env's random stream; no seed continues it.
    this.seedRng(seed);
    this.position = this.start;
    this.lastAction = null;
    return { observation: this.position, info: {} };
  }

  step(action: number): StepResult<number> {
    if (this.position < 0) throw new ResetNeededError(`${this.name}: step() called before reset()`);
    // Slippery ice: the intended move or one of its two perpendicular neighbours, 1/3 each.
    const direction = this.slippery ? (action + 3 + this.rng.int(3)) % 4 : action;
    this.position = this.move(this.position, direction);
    this.lastAction = action;
    const tile = this.tile(this.position);
    // Return a fresh info object each step: wrappers may add keys to it.
    return { observation: this.position, reward: tile === 'G' ? 1 : 0, terminated: tile === 'G' || tile === 'H', truncated: false, info: {} };
  }

  /** Everything that changes while the env runs: the position, the last action and the Rng (JSON-safe). */
  getState(): JsonValue {
    // rngState() holds the stream slippery moves draw from, so a restored env slips the same way.
    return { kind: 'GridWorld', position: this.position, lastAction: this.lastAction, rng: this.rngState() };
  }

  /** Restores a state from {@link GridWorldEnv.getState}; checks the position fits this map. */
  setState(state: JsonValue): void {
    const s = new EnvStateReader(state, this.toString(), 'GridWorld');
    const position = s.integer('position', -1, this.rows * this.cols - 1);
    const lastAction = s.value('lastAction') === null ? null : s.integer('lastAction', 0, 3);
    this.restoreRngState(s.value('rng'), `${this.toString()}.setState: field 'rng'`);
    this.position = position;
    this.lastAction = lastAction;
  }

  /**
   * All outcomes of `action` in `state` with their probabilities (FrozenLake's `P[s][a]`),
   * for planners and tests (value iteration gives the optimal values to compare against).
   */
  transitions(state: number, action: number): GridTransition[] {
    const tile = this.tile(state);
    if (tile === 'G' || tile === 'H') return [{ probability: 1, nextState: state, reward: 0, terminated: true }];
    const directions = this.slippery ? [(action + 3) % 4, action, (action + 1) % 4] : [action];
    return directions.map((d) => {
      const next = this.move(state, d);
      const t = this.tile(next);
      return { probability: 1 / directions.length, nextState: next, reward: t === 'G' ? 1 : 0, terminated: t === 'G' || t === 'H' };
    });
  }

  /** The tile letter at a state index. */
  tile(state: number): string {
    return this.map[Math.floor(state / this.cols)]![state % this.cols]!;
  }

  /** The grid with the agent's tile on a red background (ANSI), and the last action. */
  override render(): string | null {
    if (this.position < 0) return null;
    const lines = this.map.map((row, r) =>
      [...row].map((ch, c) => (r * this.cols + c === this.position ? `\x1b[41m${ch}\x1b[0m` : ch)).join(''),
    );
    const header = this.lastAction === null ? '' : `  (${ACTION_NAMES[this.lastAction]})\n`;
    return header + lines.join('\n');
  }

  private move(state: number, direction: number): number {
    let row = Math.floor(state / this.cols);
    let col = state % this.cols;
    if (direction === LEFT) col = Math.max(col - 1, 0);
    else if (direction === DOWN) row = Math.min(row + 1, this.rows - 1);
    else if (direction === RIGHT) col = Math.min(col + 1, this.cols - 1);
    else if (direction === UP) row = Math.max(row - 1, 0);
    return row * this.cols + col;
  }
}
