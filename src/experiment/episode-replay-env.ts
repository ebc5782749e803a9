import type { JsonObject, JsonValue } from '../agent/state-snapshot.js';
import { rngStateFromJson, rngStateToJson } from '../agent/state-snapshot.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env/env.js';
import { Wrapper } from '../env/wrappers/wrapper.js';
import { ConfigError } from '../errors.js';
import type { StatefulEnv } from '../loop/env-driver.js';
import { decodeValue, encodeValue } from '../loop/value-codec.js';
import { Rng } from '../random/rng.js';

/**
 * Makes any env checkpointable (the loop's `StatefulEnv`) without the env's help, by replay:
 * the state is how the current episode began (the reset seed, or the env's Rng state just
 * before an unseeded reset) plus the actions taken since. `setState` resets the wrapped env the
 * same way and steps through the same actions, which puts every layer (physics, TimeLimit's
 * step count, the env's Rng) back exactly where it was, as long as the env follows the Env
 * contract (all randomness from `this.rng`, same inputs => same outputs, which `checkEnv`
 * checks).
 *
 * The experiment wraps its training env in it when the env has no `getState`/`setState` of
 * its own, so a resumed run continues the episode in progress exactly. The state grows with
 * the episode (one action per step) and a restore replays at most one episode.
 *
 * @example
 * ```ts
 * const env = new EpisodeReplayEnv(registry.make('CartPole-v1'));
 * env.reset({ seed: 1 }); env.step(0); env.step(1);
 * const saved = env.getState();
 * const copy = new EpisodeReplayEnv(registry.make('CartPole-v1'));
 * copy.reset(); copy.setState(saved);   // copy is now where env is
 * ```
 */
export class EpisodeReplayEnv<Obs, Act> extends Wrapper<Obs, Act> implements StatefulEnv {
  private start: JsonObject | null = null;
  private actions: JsonValue[] = [];

  constructor(env: Env<Obs, Act>) {
    super(env);
  }

  override reset(options: ResetOptions = {}): ResetResult<Obs> {
    const start: Record<string, JsonValue> = options.seed !== undefined ? { seed: options.seed } : { rng: rngStateToJson(this.env.rng) };
    if (options.options !== undefined) start['options'] = encodeValue(options.options, 'reset options');
    this.start = start;
    this.actions = [];
    return this.env.reset(options);
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.actions.push(encodeValue(action, `${this.name} action`));
    return result;
  }

  /** How the current episode began and its actions so far (JSON-safe); `start` is null before the first reset. */
  getState(): JsonValue {
    return { start: this.start, actions: [...this.actions] };
  }

  /** Replays a state from {@link EpisodeReplayEnv.getState}: reset as then, then every action. */
  setState(state: JsonValue): void {
    const where = `EpisodeReplayEnv(${this.name}) state`;
    if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new ConfigError(`${where}: expected { start, actions }, got ${JSON.stringify(state)}`);
    const { start, actions } = state as JsonObject;
    if (start === null && Array.isArray(actions) && actions.length === 0) return; // saved before any reset
    if (start === null || typeof start !== 'object' || Array.isArray(start) || !Array.isArray(actions)) {
      throw new ConfigError(`${where}: expected { start: { seed } | { rng }, actions: [...] }`);
    }
    const begin = start as JsonObject;
    const options = begin['options'] === undefined ? {} : { options: decodeValue(begin['options']) as Readonly<Record<string, unknown>> };
    if (typeof begin['seed'] === 'number') {
      this.reset({ seed: begin['seed'], ...options });
    } else {
      this.env.rng = Rng.fromState(rngStateFromJson(begin['rng'], `${where}.start.rng`));
      this.reset(options);
    }
    for (const action of actions as JsonValue[]) this.step(decodeValue(action) as Act);
  }
}
