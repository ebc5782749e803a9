import { ConfigError } from '../errors.js';

/** A learning rate as a function of the optimizer step (0 for the first update). */
export type LrSchedule = (step: number) => number;

/** A fixed learning rate or a schedule. */
export type LearningRate = number | LrSchedule;

function positiveSteps(steps: number, what: string): number {
  if (!Number.isInteger(steps) || steps <= 0) throw new ConfigError(`${what}: steps must be a positive integer, got ${steps}`);
  return steps;
}

function finiteRate(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(`${what} must be a finite non-negative number, got ${value}`);
  return value;
}

/** The same rate at every step. @example `constantSchedule(3e-4)` */
export function constantSchedule(value: number): LrSchedule {
  finiteRate(value, 'constantSchedule value');
  return () => value;
}

/** Options of {@link linearSchedule}. */
export interface LinearScheduleOptions {
  readonly from: number;
  readonly to: number;
  /** Steps to go from `from` to `to`; the rate stays at `to` afterwards. */
  readonly steps: number;
}

/**
 * Linear interpolation over progress = min(step / steps, 1), e.g. PPO's annealed rate.
 * @example `linearSchedule({ from: 2.5e-4, to: 0, steps: 10_000 })`
 */
export function linearSchedule(options: LinearScheduleOptions): LrSchedule {
  const from = finiteRate(options.from, 'linearSchedule from');
  const to = finiteRate(options.to, 'linearSchedule to');
  const steps = positiveSteps(options.steps, 'linearSchedule');
  return (step) => from + (to - from) * Math.min(Math.max(step, 0) / steps, 1);
}

/** Options of {@link cosineSchedule}. */
export interface CosineScheduleOptions {
  /** Peak rate (reached after warm-up). */
  readonly from: number;
  /** Final rate (default 0). */
  readonly to?: number;
  /** Total steps, warm-up included; the rate stays at `to` afterwards. */
  readonly steps: number;
  /** Linear warm-up from 0 to `from` over this many steps (default 0). */
  readonly warmupSteps?: number;
}

/**
 * Cosine decay (Loshchilov & Hutter, 2017) from `from` to `to`, after an optional linear warm-up.
 * @example `cosineSchedule({ from: 1e-3, steps: 5_000, warmupSteps: 100 })`
 */
export function cosineSchedule(options: CosineScheduleOptions): LrSchedule {
  const from = finiteRate(options.from, 'cosineSchedule from');
  const to = finiteRate(options.to ?? 0, 'cosineSchedule to');
  const steps = positiveSteps(options.steps, 'cosineSchedule');
  const warmup = options.warmupSteps ?? 0;
  if (!Number.isInteger(warmup) || warmup < 0 || warmup >= steps) {
    throw new ConfigError(`cosineSchedule: warmupSteps must be an integer in [0, steps), got ${warmup}`);
  }
  return (step) => {
    if (step < warmup) return (from * (step + 1)) / warmup;
    const progress = Math.min((step - warmup) / (steps - warmup), 1);
    return to + 0.5 * (from - to) * (1 + Math.cos(Math.PI * progress));
  };
}
