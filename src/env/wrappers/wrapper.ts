import type { Rng } from '../../random/rng.js';
import type { Space } from '../../spaces/space.js';
import { Env, type EnvMetadata, type ResetOptions, type ResetResult, type StepResult } from '../env.js';
import type { EnvSpec } from '../env-spec.js';

/**
 * Base of all wrappers (Gymnasium `core.Wrapper`): an env that forwards everything to the env
 * it wraps. Override only what changes. `rng`, `spec`, `metadata` and `unwrapped` always read
 * through to the wrapped env, so seeding a wrapped env seeds the inner one.
 *
 * A wrapper that changes the observation or action type sets its own space by overriding the
 * `observationSpace` / `actionSpace` getters (an accessor cannot be replaced by a field).
 * A plain `Wrapper` cannot save its state; extend `StatefulWrapper` for checkpointable chains.
 *
 * @example
 * ```ts
 * // Counts steps across episodes.
 * class StepCounter<O, A> extends Wrapper<O, A> {
 *   steps = 0;
 *   override step(action: A): StepResult<O> {
 *     this.steps++;
 *     return this.env.step(action);
 *   }
 * }
 * const env = new StepCounter(new CartPoleEnv());
 * ```
 */
export class Wrapper<Obs = unknown, Act = unknown, InnerObs = Obs, InnerAct = Act> extends Env<Obs, Act> {
  constructor(readonly env: Env<InnerObs, InnerAct>) {
    super();
  }

  /** The wrapped env's observation space; override when the wrapper changes observations. */
  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }

  /** The wrapped env's action space; override when the wrapper changes actions. */
  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options) as unknown as ResetResult<Obs>;
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }

  override render(): string | null {
    return this.env.render();
  }

  override close(): void {
    this.env.close();
  }

  override get rng(): Rng {
    return this.env.rng;
  }

  override set rng(rng: Rng) {
    this.env.rng = rng;
  }

  override get rngSeed(): number | null {
    return this.env.rngSeed;
  }

  override get spec(): EnvSpec | null {
    return this.env.spec;
  }

  override set spec(spec: EnvSpec | null) {
    this.env.spec = spec;
  }

  override get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  override set metadata(metadata: EnvMetadata) {
    this.env.metadata = metadata;
  }

  override get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  /** The wrapped env's name (its spec id or the innermost class name). */
  override get name(): string {
    return this.env.name;
  }

  /** `TimeLimit<OrderEnforcing<CartPoleEnv<CartPole-v1>>>`. */
  override toString(): string {
    return `${this.constructor.name}<${this.env.toString()}>`;
  }

  /** The first wrapper of class `type` in this chain (this one included), or null. */
  findWrapper<W>(type: abstract new (...args: never[]) => W): W | null {
    let current: Env<unknown, unknown> = this as Env<unknown, unknown>;
    while (current instanceof Wrapper) {
      if (current instanceof type) return current as W;
      current = current.env as Env<unknown, unknown>;
    }
    return null;
  }
}
