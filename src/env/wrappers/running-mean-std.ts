import { ConfigError } from '../../errors.js';

/** Serializable state of a {@link RunningMeanStd} (plain arrays: JSON-safe). */
export interface RunningMeanStdState {
  readonly mean: readonly number[];
  readonly var: readonly number[];
  readonly count: number;
}

/**
 * Running per-dimension mean and variance by the parallel (Chan et al.) update, exactly as
 * Gymnasium's `RunningMeanStd` (float64, initial mean 0, variance 1, count `epsilon`).
 *
 * @example
 * ```ts
 * const rms = new RunningMeanStd(2);
 * rms.update(Float64Array.of(1, 2));
 * rms.mean; rms.var;
 * ```
 */
export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(
    readonly size: number,
    epsilon = 1e-4,
  ) {
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Folds in one sample (a batch of one: batch variance 0, batch count 1). */
  update(x: ArrayLike<number>): void {
    const total = this.count + 1;
    for (let i = 0; i < this.size; i++) {
      const delta = x[i]! - this.mean[i]!;
      this.mean[i] = this.mean[i]! + delta / total;
      const m2 = this.var[i]! * this.count + delta * delta * this.count / total;
      this.var[i] = m2 / total;
    }
    this.count = total;
  }

  /**
   * Reads a {@link RunningMeanStdState} from untrusted JSON (a checkpoint), checking its shape;
   * `setState` then checks the lengths and values. Throws a `ConfigError` naming `where`.
   */
  static readState(value: unknown, where: string): RunningMeanStdState {
    const s = (value ?? {}) as { mean?: unknown; var?: unknown; count?: unknown };
    const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !numbers(s.mean) || !numbers(s.var) || typeof s.count !== 'number') {
      throw new ConfigError(`${where}: expected { mean: number[], var: number[], count: number }, got ${JSON.stringify(value) ?? 'nothing'}`);
    }
    return { mean: s.mean, var: s.var, count: s.count };
  }

  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  setState(state: RunningMeanStdState, what = 'RunningMeanStd'): void {
    if (state.mean.length !== this.size || state.var.length !== this.size) {
      throw new ConfigError(`${what}.setState: expected mean and var of length ${this.size}, got ${state.mean.length} and ${state.var.length}`);
    }
    if (!(state.count > 0) || state.var.some((v) => !(v >= 0)) || state.mean.some((m) => !Number.isFinite(m))) {
      throw new ConfigError(`${what}.setState: count must be positive, variances non-negative and means finite`);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
