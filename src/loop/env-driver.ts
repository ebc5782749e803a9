import { ConfigError } from '../errors.js';
import type { JsonValue } from '../agent/state-snapshot.js';
import { Env } from '../env/env.js';
import { isStatefulEnv } from '../env/stateful-env.js';
import { VectorEnv } from '../env/vector-env.js';
import type { Space } from '../spaces/space.js';

// The contract lives with the envs (src/env/stateful-env.ts); re-exported for the loop's users.
export { isStatefulEnv, type StatefulEnv } from '../env/stateful-env.js';

/**
 * The loop's view of one env or a `VectorEnv`: a batch of `numEnvs` copies with SB3-style
 * same-step autoreset. A single env is driven directly (no VectorEnv in between), which keeps
 * the per-step overhead of `interact` on one env down to a few property writes.
 *
 * After `step`, `previous` holds the observations the actions were chosen from, `next` the
 * observations the transitions ended in (final observations where an episode ended), and
 * `current` the observations to act on next (reset observations where an episode ended).
 */
export interface EnvDriver<Obs, Act> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly current: Obs[];
  readonly previous: Obs[];
  readonly next: Obs[];
  readonly rewards: Float64Array;
  readonly terminated: boolean[];
  readonly truncated: boolean[];
  /** Resets every copy; copy `i` gets `seed + i`. */
  reset(seed: number): void;
  step(actions: readonly Act[]): void;
  /** The copies' states, or null when some copy is not a {@link StatefulEnv}. */
  getStates(): JsonValue[] | null;
  /** Restores copies' states and the observations to act on next. */
  setStates(states: readonly JsonValue[], current: Obs[]): void;
}

/**
 * Builds the driver for an `Env` or a `VectorEnv` (used by `interact`).
 *
 * @example
 * ```ts
 * const driver = createEnvDriver(env);
 * driver.reset(seed);
 * driver.step(agent.act(driver.current));
 * ```
 */
export function createEnvDriver<Obs, Act>(env: Env<Obs, Act> | VectorEnv<Obs, Act>): EnvDriver<Obs, Act> {
  if (env instanceof VectorEnv) return new VectorEnvDriver(env);
  if (env instanceof Env) return new SingleEnvDriver(env);
  throw new ConfigError(`interact: expected an Env or a VectorEnv, got ${String(env)}`);
}

class SingleEnvDriver<Obs, Act> implements EnvDriver<Obs, Act> {
  readonly numEnvs = 1;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  current: Obs[] = [];
  previous: Obs[] = [];
  readonly next: Obs[] = [];
  readonly rewards = new Float64Array(1);
  readonly terminated = [false];
  readonly truncated = [false];

  constructor(private readonly env: Env<Obs, Act>) {
    this.observationSpace = env.observationSpace;
    this.actionSpace = env.actionSpace;
  }

  reset(seed: number): void {
    this.current = [this.env.reset({ seed }).observation];
  }

  step(actions: readonly Act[]): void {
    const result = this.env.step(actions[0]!);
    // Swap rather than allocate: `previous` takes the array the agent just acted on.
    const before = this.previous;
    this.previous = this.current;
    this.current = before;
    this.next[0] = result.observation;
    this.rewards[0] = result.reward;
    this.terminated[0] = result.terminated;
    this.truncated[0] = result.truncated;
    this.current[0] = result.terminated || result.truncated ? this.env.reset().observation : result.observation;
  }

  getStates(): JsonValue[] | null {
    return isStatefulEnv(this.env) ? [this.env.getState()] : null;
  }

  setStates(states: readonly JsonValue[], current: Obs[]): void {
    if (!isStatefulEnv(this.env)) throw new ConfigError(`interact: cannot restore env state: ${this.env.name} has no getState/setState`);
    if (states.length !== 1 || current.length !== 1) throw new ConfigError(`interact: saved state holds ${states.length} envs, this run drives 1`);
    this.env.setState(states[0]!);
    this.current = [current[0]!];
  }
}

class VectorEnvDriver<Obs, Act> implements EnvDriver<Obs, Act> {
  readonly numEnvs: number;
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  current: Obs[] = [];
  previous: Obs[] = [];
  readonly next: Obs[];
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];

  constructor(private readonly venv: VectorEnv<Obs, Act>) {
    this.numEnvs = venv.numEnvs;
    this.observationSpace = venv.singleObservationSpace;
    this.actionSpace = venv.singleActionSpace;
    this.next = new Array<Obs>(venv.numEnvs);
    this.rewards = new Float64Array(venv.numEnvs);
    this.terminated = new Array<boolean>(venv.numEnvs).fill(false);
    this.truncated = new Array<boolean>(venv.numEnvs).fill(false);
  }

  reset(seed: number): void {
    this.current = this.venv.reset({ seed }).observations;
  }

  step(actions: readonly Act[]): void {
    const result = this.venv.step(actions);
    this.previous = this.current;
    this.current = result.observations;
    this.rewards = result.rewards;
    this.terminated = result.terminated;
    this.truncated = result.truncated;
    for (let i = 0; i < this.numEnvs; i++) {
      const final = result.infos[i]!.finalObservation;
      this.next[i] = final === undefined ? result.observations[i]! : final;
    }
  }

  getStates(): JsonValue[] | null {
    const states: JsonValue[] = [];
    for (const env of this.venv.envs) {
      if (!isStatefulEnv(env)) return null;
      states.push(env.getState());
    }
    return states;
  }

  setStates(states: readonly JsonValue[], current: Obs[]): void {
    if (states.length !== this.numEnvs || current.length !== this.numEnvs) {
      throw new ConfigError(`interact: saved state holds ${states.length} envs, this run drives ${this.numEnvs}`);
    }
    this.venv.envs.forEach((env, i) => {
      if (!isStatefulEnv(env)) throw new ConfigError(`interact: cannot restore env state: copy ${i} (${env.name}) has no getState/setState`);
      env.setState(states[i]!);
    });
    this.current = [...current];
  }
}
