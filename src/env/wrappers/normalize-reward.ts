import { ConfigError } from '../../errors.js';
import type { Env, StepResult } from '../env.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { Wrapper } from './wrapper.js';

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
 *
 * @example
 * ```ts
 * const env = new NormalizeReward(registry.make('Pendulum-v1'), 0.99);
 * const saved = env.getState();           // into a checkpoint
 * env.update = false;                      // frozen for evaluation
 * ```
 */
export class NormalizeReward<Obs, Act> extends Wrapper<Obs, Act> {
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

  getState(): NormalizeRewardState {
    return { ...this.rms.getState(), discountedReturn: this.discounted };
  }

  setState(state: NormalizeRewardState): void {
    if (!Number.isFinite(state.discountedReturn)) throw new ConfigError(`NormalizeReward(${this.name}).setState: discountedReturn must be finite`);
    this.rms.setState(state, `NormalizeReward(${this.name})`);
    this.discounted = state.discountedReturn;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.discounted = this.discounted * this.gamma * (result.terminated ? 0 : 1) + result.reward;
    if (this.update) this.rms.update([this.discounted]);
    return { ...result, reward: result.reward / Math.sqrt(this.rms.var[0]! + this.epsilon) };
  }
}
