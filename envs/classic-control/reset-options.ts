import { ConfigError } from '../../src/errors.js';

/**
 * Reads Gymnasium's `{ low, high }` reset options (`utils.maybe_parse_reset_bounds`): the range
 * the random start state is drawn from. Throws a ConfigError naming the env and the option.
 */
export function parseResetBounds(
  envName: string,
  options: Readonly<Record<string, unknown>> | undefined,
  defaultLow: number,
  defaultHigh: number,
): [number, number] {
  const low = options?.['low'] ?? defaultLow;
  const high = options?.['high'] ?? defaultHigh;
  if (typeof low !== 'number' || !Number.isFinite(low)) throw new ConfigError(`${envName}: reset option 'low' must be a finite number, got ${String(low)}`);
  if (typeof high !== 'number' || !Number.isFinite(high)) throw new ConfigError(`${envName}: reset option 'high' must be a finite number, got ${String(high)}`);
  if (low > high) throw new ConfigError(`${envName}: reset option 'low' (${low}) must not be above 'high' (${high})`);
  return [low, high];
}

/**
 * Reads the neuroloop reset option `{ state: [...] }`: an exact start state (float64), e.g. to
 * replay a recorded trajectory. Returns null when absent; throws a ConfigError naming the env
 * and the expected components when it has the wrong length or a non-finite entry.
 */
export function parseResetState(
  envName: string,
  options: Readonly<Record<string, unknown>> | undefined,
  components: readonly string[],
): number[] | null {
  const state = options?.['state'];
  if (state === undefined) return null;
  const expected = `${components.length} finite numbers [${components.join(', ')}]`;
  if (!Array.isArray(state) && !(state instanceof Float64Array) && !(state instanceof Float32Array)) {
    throw new ConfigError(`${envName}: reset option 'state' must be ${expected}, got ${JSON.stringify(state)}`);
  }
  const values = Array.from(state as ArrayLike<unknown>);
  if (values.length !== components.length || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new ConfigError(`${envName}: reset option 'state' must be ${expected}, got [${values.map(String).join(', ')}]`);
  }
  return values as number[];
}

/** Throws a ConfigError unless `value` is a finite number above zero (constructor kwargs). */
export function requirePositive(envName: string, kwarg: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError(`${envName}: kwarg '${kwarg}' must be a positive finite number, got ${String(value)}`);
  }
  return value;
}

/** A signed fixed-width number for text frames: `+0.012`. */
export function signed(x: number, digits = 3): string {
  return (x >= 0 ? '+' : '') + x.toFixed(digits);
}
