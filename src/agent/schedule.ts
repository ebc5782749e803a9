import { ConfigError } from '../errors.js';

/** A hyperparameter as a function of the env step (or update) count. */
export type Schedule = (step: number) => number;

/** Options of {@link linearSchedule}. */
export interface LinearScheduleOptions {
  readonly start: number;
  readonly end: number;
  /** Steps over which the value moves from `start` to `end`; it stays at `end` afterwards. */
  readonly steps: number;
}

/**
 * A value that moves linearly from `start` to `end` over `steps` steps, then holds `end`
 * (DQN's epsilon decay; SB3's `get_linear_fn` with the fraction turned into a step count).
 *
 * @example
 * ```ts
 * const epsilon = linearSchedule({ start: 1, end: 0.05, steps: 10_000 });
 * epsilon(0);        // 1
 * epsilon(5_000);    // 0.525
 * epsilon(50_000);   // 0.05
 * ```
 */
export function linearSchedule({ start, end, steps }: LinearScheduleOptions): Schedule {
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new ConfigError(`linearSchedule: start and end must be finite, got ${start}, ${end}`);
  if (!(steps >= 0)) throw new ConfigError(`linearSchedule: steps must be >= 0, got ${String(steps)}`);
  return (step) => (step >= steps ? end : start + (end - start) * (Math.max(step, 0) / steps));
}

/**
 * A schedule that always returns `value`.
 *
 * @example
 * ```ts
 * constantSchedule(3e-4)(1_000);   // 0.0003
 * ```
 */
export function constantSchedule(value: number): Schedule {
  if (!Number.isFinite(value)) throw new ConfigError(`constantSchedule: value must be finite, got ${value}`);
  return () => value;
}
