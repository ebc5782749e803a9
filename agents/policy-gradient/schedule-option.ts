import { constantSchedule, linearSchedule, type Schedule } from '../../src/agent/schedule.js';
import { ConfigError } from '../../src/errors.js';

/**
 * How a hyperparameter moves over training: `constant`, or `linear` from its initial value
 * down to 0 at `totalTimesteps` env steps (SB3 / rl-zoo's `lin_<value>`).
 */
export type ScheduleKind = 'constant' | 'linear';

/**
 * The schedule of a hyperparameter given as an initial value and a kind; a function of the env
 * step count. A linear schedule needs the training horizon (`totalTimesteps` > 0), which SB3
 * takes from `learn(total_timesteps)` and agents here take as an option, since the loop's
 * budget is not theirs to know.
 *
 * @example
 * ```ts
 * const lr = hyperparameterSchedule('ppo', 'learningRate', 1e-3, 'linear', 100_000);
 * lr(0);        // 0.001
 * lr(50_000);   // 0.0005
 * ```
 */
export function hyperparameterSchedule(where: string, field: string, initial: number, kind: ScheduleKind, totalTimesteps: number): Schedule {
  if (!Number.isFinite(initial) || initial < 0) throw new ConfigError(`${where}: ${field} must be a finite non-negative number, got ${initial}`);
  if (kind === 'constant') return constantSchedule(initial);
  if (kind !== 'linear') throw new ConfigError(`${where}: ${field}Schedule must be 'constant' or 'linear', got ${JSON.stringify(kind)}`);
  if (!Number.isSafeInteger(totalTimesteps) || totalTimesteps <= 0) {
    throw new ConfigError(`${where}: ${field}Schedule 'linear' decays to 0 over totalTimesteps env steps; set totalTimesteps to the training budget (got ${totalTimesteps})`);
  }
  return linearSchedule({ start: initial, end: 0, steps: totalTimesteps });
}
