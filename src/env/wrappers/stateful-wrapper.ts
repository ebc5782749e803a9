import type { JsonObject, JsonValue } from '../../agent/state-snapshot.js';
import { ConfigError } from '../../errors.js';
import { EnvStateReader, isStatefulEnv, type StatefulEnv } from '../stateful-env.js';
import { Wrapper } from './wrapper.js';

/**
 * A wrapper that implements {@link StatefulEnv} by adding its own fields to the state of the env
 * it wraps: `{ kind, ...own fields, env: <inner state> }`. It can save its state exactly when the
 * wrapped env can (`savesState`), so `isStatefulEnv` on the outermost wrapper speaks for the
 * whole chain. All built-in wrappers extend it; override `ownState` / `restoreOwnState` when the
 * wrapper keeps state of its own (counters, statistics, frames).
 *
 * Plain `Wrapper` stays without `getState`: a user wrapper with fields of its own would
 * otherwise be saved without them. Extend this class instead and save them.
 *
 * @example
 * ```ts
 * class StepCounter<O, A> extends StatefulWrapper<O, A> {
 *   protected readonly stateKind = 'StepCounter';
 *   steps = 0;
 *   override step(action: A): StepResult<O> { this.steps++; return this.env.step(action); }
 *   protected override ownState(): JsonObject { return { steps: this.steps }; }
 *   protected override restoreOwnState(state: EnvStateReader): void { this.steps = state.integer('steps'); }
 * }
 * ```
 */
export abstract class StatefulWrapper<Obs = unknown, Act = unknown, InnerObs = Obs, InnerAct = Act>
  extends Wrapper<Obs, Act, InnerObs, InnerAct>
  implements StatefulEnv
{
  /** The `kind` tag of this wrapper's saved state (checked on restore). */
  protected abstract readonly stateKind: string;

  /** True when the wrapped env can save its state too. */
  get savesState(): boolean {
    return isStatefulEnv(this.env);
  }

  /** This wrapper's fields and, under `env`, the wrapped env's state (JSON-safe). */
  getState(): JsonValue {
    const inner = this.statefulInner('getState');
    return { kind: this.stateKind, ...this.ownState(), env: inner.getState() };
  }

  /** Restores a state from {@link StatefulWrapper.getState} into this wrapper and the env it wraps. */
  setState(state: JsonValue): void {
    const inner = this.statefulInner('setState');
    const reader = new EnvStateReader(state, this.stateWhere, this.stateKind);
    const innerState = reader.value('env');
    if (innerState === undefined) throw new ConfigError(`${this.stateWhere}.setState: the state has no 'env' field (the wrapped env's state)`);
    inner.setState(innerState);
    this.restoreOwnState(reader);
  }

  /** This wrapper's own fields (none by default); keys `kind` and `env` are taken. */
  protected ownState(): JsonObject {
    return {};
  }

  /** Restores the fields {@link StatefulWrapper.ownState} saved (nothing by default). */
  protected restoreOwnState(_state: EnvStateReader): void {}

  /** `TimeLimit(CartPole-v1)`: names the wrapper in state errors. */
  protected get stateWhere(): string {
    return `${this.constructor.name}(${this.name})`;
  }

  private statefulInner(method: string): StatefulEnv {
    const inner = this.env;
    if (!isStatefulEnv(inner)) {
      throw new ConfigError(`${this.stateWhere}.${method}: the wrapped env ${inner.toString()} cannot save its state (it does not implement StatefulEnv's getState/setState)`);
    }
    return inner;
  }
}
