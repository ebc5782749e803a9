import type { JsonObject } from '../../agent/state-snapshot.js';
import { ConfigError } from '../../errors.js';
import type { Env, StepResult } from '../env.js';
import { encodeDouble, type EnvStateReader } from '../stateful-env.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/** Serializable state of {@link NormalizeReward}: the return statistics and the running discounted return. */
export interface NormalizeRewardState extends RunningMeanStdState {
  readonly discountedReturn: number;
}

/**
 * Scales rewards so the discounted return has roughly unit variance (Gymnasium 1.x
 * `NormalizeReward`): each step updates `discountedReturn = discountedReturn * gamma *
 * (1 - terminated) + reward`, folds it into running statistics (when `update` is true), and
 * returns `reward / sqrt(var + epsilon)` (the mean is not subtracted, as in Gymnasium).
 * Like Gymnasium, `discountedReturn` is not cleared by `reset()`, only by termination.
 * `getStatistics`/`setStatistics` copy the statistics alone; `getState`/`setState` (the
 * `StatefulEnv` contract) save the whole chain.
 *
 * @example
 * ```ts
 * const env = new NormalizeReward(registry.make('Pendulum-v1'), 0.99);
 * const saved = env.getState();           // into a checkpoint, with the env's own state
 * env.update = false;                      // frozen for evaluation
 * ```
 */
export class NormalizeReward<Obs, Act> extends StatefulWrapper<Obs, Act> {
  protected readonly stateKind = 'NormalizeReward';
  /** When false the statistics are frozen (evaluation). */
  update = true;
  private readonly rms = new RunningMeanStd(1);
  private discounted = 0;

  constructor(
    env: Env<Obs, Act>,
    readonly gamma = 0.99,
    readonly epsilon = 1e-8,
  ) {
    super(env);
    if (!(gamma >= 0 && gamma <= 1)) throw new ConfigError(`NormalizeReward(${env.name}): gamma must be in [0, 1], got ${gamma}`);
  }

  /** The return statistics and the running discounted return (copies; JSON-safe). */
  getStatistics(): NormalizeRewardState {
    return { ...this.rms.getState(), discountedReturn: this.discounted };
  }

  /** Restores statistics saved by `getStatistics`. */
  setStatistics(state: NormalizeRewardState): void {
    if (!Number.isFinite(state.discountedReturn)) throw new ConfigError(`NormalizeReward(${this.name}).setStatistics: discountedReturn must be finite`);
    this.rms.setState(state, `NormalizeReward(${this.name})`);
    this.discounted = state.discountedReturn;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.discounted = this.discounted * this.gamma * (result.terminated ? 0 : 1) + result.reward;
    if (this.update) this.rms.update([this.discounted]);
    return { ...result, reward: result.reward / Math.sqrt(this.rms.var[0]! + this.epsilon) };
  }

  protected override ownState(): JsonObject {
    // The discounted return can be -0 (a -0 reward after termination): encoded exactly.
    return { statistics: { ...this.rms.getState() }, discountedReturn: encodeDouble(this.discounted), update: this.update };
  }

  protected override restoreOwnState(state: EnvStateReader): void {
    const update = state.boolean('update');
    const discounted = state.double('discountedReturn');
    this.rms.setState(RunningMeanStd.readState(state.value('statistics'), `${this.stateWhere}.setState: field 'statistics'`), this.stateWhere);
    this.discounted = discounted;
    this.update = update;
  }
}
