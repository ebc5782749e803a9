import type { JsonObject } from '../../agent/state-snapshot.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import { InvalidActionError, ResetNeededError } from '../env-errors.js';
import type { EnvStateReader } from '../stateful-env.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Enforces the call order of the Env contract and validates actions, turning silent misuse
 * into clear errors. `EnvRegistry.make` applies it outermost, so it also sees TimeLimit's
 * truncation. It throws:
 * - {@link ResetNeededError} on `step()` or `render()` before the first `reset()`;
 * - {@link ResetNeededError} on `step()` after an episode ended (terminated or truncated)
 *   without a new `reset()` (Gymnasium only warns; neuroloop refuses, since such steps are
 *   undefined behaviour);
 * - {@link InvalidActionError} when the action is not in `actionSpace` (Gymnasium's
 *   PassiveEnvChecker assertion, made a real check).
 *
 * Its state (`getState`) holds whether the env was reset and whether the episode is over.
 *
 * @example
 * ```ts
 * const env = new OrderEnforcing(new CartPoleEnv());
 * env.step(0);        // throws ResetNeededError: call reset() first
 * env.reset();
 * env.step(2);        // throws InvalidActionError: 2 is not in Discrete(2)
 * ```
 */
export class OrderEnforcing<Obs, Act> extends StatefulWrapper<Obs, Act> {
  protected readonly stateKind = 'OrderEnforcing';
  private resetDone = false;
  private episodeOver: 'terminated' | 'truncated' | null = null;

  /** @param checkActions validate each action against the action space (default true). */
  constructor(
    env: Env<Obs, Act>,
    readonly checkActions = true,
  ) {
    super(env);
  }

  /** True once `reset()` has been called. */
  get hasReset(): boolean {
    return this.resetDone;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.resetDone = true;
    this.episodeOver = null;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.resetDone) {
      throw new ResetNeededError(`${this.name}: step() called before reset(); call env.reset() to start an episode first`);
    }
    if (this.episodeOver !== null) {
      throw new ResetNeededError(
        `${this.name}: step() called after the episode ended (${this.episodeOver}) without reset(); call env.reset() to start a new episode`,
      );
    }
    if (this.checkActions) {
      const why = this.actionSpace.explainMismatch(action);
      if (why !== null) {
        throw new InvalidActionError(`${this.name}: action ${formatValue(action)} is not in the action space ${this.actionSpace.toString()}: ${why}`);
      }
    }
    const result = this.env.step(action);
    if (result.terminated) this.episodeOver = 'terminated';
    else if (result.truncated) this.episodeOver = 'truncated';
    return result;
  }

  override render(): string | null {
    if (!this.resetDone) throw new ResetNeededError(`${this.name}: render() called before reset(); call env.reset() first`);
    return this.env.render();
  }

  protected override ownState(): JsonObject {
    return { hasReset: this.resetDone, episodeOver: this.episodeOver };
  }

  protected override restoreOwnState(state: EnvStateReader): void {
    const episodeOver = state.oneOf('episodeOver', [null, 'terminated', 'truncated'] as const);
    this.resetDone = state.boolean('hasReset');
    this.episodeOver = episodeOver;
  }
}

/** Short text of a value for messages: numbers as is, typed arrays as `Float32Array [1, 2]`. */
export function formatValue(x: unknown): string {
  if (ArrayBuffer.isView(x) && 'length' in x) {
    const items = Array.from(x as unknown as ArrayLike<number>).slice(0, 8);
    const more = (x as unknown as ArrayLike<number>).length > 8 ? ', ...' : '';
    return `${x.constructor.name} [${items.join(', ')}${more}]`;
  }
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'number' || typeof x === 'bigint' || x === undefined) return String(x);
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}
