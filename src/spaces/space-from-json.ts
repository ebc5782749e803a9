import { ConfigError } from '../errors.js';
import { Box } from './box.js';
import { Dict } from './dict.js';
import { Discrete } from './discrete.js';
import { MultiBinary } from './multi-binary.js';
import { MultiDiscrete } from './multi-discrete.js';
import type { JsonBound, Space } from './space.js';
import { Tuple } from './tuple.js';

/**
 * Rebuilds a space from its `toJSON()` description (also accepts the parsed JSON text).
 * Throws a {@link ConfigError} naming the path of the first malformed field.
 *
 * @example
 * ```ts
 * const box = new Box(-1, 1, [3]);
 * const copy = spaceFromJSON(JSON.parse(JSON.stringify(box)));
 * copy.equals(box); // true
 * ```
 */
export function spaceFromJSON(json: unknown, path = 'space'): Space<unknown> {
  if (typeof json !== 'object' || json === null) throw new ConfigError(`${path}: expected a space description object, got ${String(json)}`);
  const j = json as Record<string, unknown>;
  switch (j['type']) {
    case 'Discrete':
      return new Discrete(num(j['n'], `${path}.n`), j['start'] === undefined ? 0 : num(j['start'], `${path}.start`));
    case 'Box':
      return new Box(bounds(j['low'], `${path}.low`), bounds(j['high'], `${path}.high`), numbers(j['shape'], `${path}.shape`));
    case 'MultiDiscrete':
      return new MultiDiscrete(numbers(j['nvec'], `${path}.nvec`), j['start'] === undefined ? undefined : numbers(j['start'], `${path}.start`));
    case 'MultiBinary':
      return new MultiBinary(num(j['n'], `${path}.n`));
    case 'Tuple': {
      const parts = j['spaces'];
      if (!Array.isArray(parts)) throw new ConfigError(`${path}.spaces: expected an array of space descriptions`);
      return new Tuple(parts.map((p, i) => spaceFromJSON(p, `${path}.spaces[${i}]`)));
    }
    case 'Dict': {
      const parts = j['spaces'];
      if (typeof parts !== 'object' || parts === null || Array.isArray(parts)) {
        throw new ConfigError(`${path}.spaces: expected an object of space descriptions`);
      }
      const spaces: Record<string, Space<unknown>> = {};
      for (const [key, p] of Object.entries(parts)) spaces[key] = spaceFromJSON(p, `${path}.spaces.${key}`);
      return new Dict(spaces);
    }
    default:
      throw new ConfigError(
        `${path}.type: unknown space type ${JSON.stringify(j['type'])} (expected Discrete, Box, MultiDiscrete, MultiBinary, Tuple or Dict)`,
      );
  }
}

function num(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new ConfigError(`${path}: expected a finite number, got ${JSON.stringify(x)}`);
  return x;
}

function numbers(x: unknown, path: string): number[] {
  if (!Array.isArray(x)) throw new ConfigError(`${path}: expected an array of numbers, got ${JSON.stringify(x)}`);
  return x.map((v, i) => num(v, `${path}[${i}]`));
}

function bounds(x: unknown, path: string): number[] {
  if (!Array.isArray(x)) throw new ConfigError(`${path}: expected an array of bounds, got ${JSON.stringify(x)}`);
  return x.map((v: unknown, i) => {
    const b = v as JsonBound;
    if (b === 'inf') return Infinity;
    if (b === '-inf') return -Infinity;
    return num(b, `${path}[${i}]`);
  });
}
