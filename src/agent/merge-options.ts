import { closeMatches } from '../env/edit-distance.js';
import { ConfigError } from '../errors.js';

/**
 * `defaults` overridden by `options`, refusing keys `defaults` does not have (a typo never falls
 * back silently to a default) and values whose kind differs from the default's (a `null`
 * default accepts anything). Used by the registries to build an entry's options.
 *
 * @example
 * ```ts
 * mergeOptions("agent 'q-learning'", { alpha: 0.1, gamma: 0.99 }, { alpha: 0.5 });   // { alpha: 0.5, gamma: 0.99 }
 * mergeOptions("agent 'q-learning'", { alpha: 0.1 }, { alhpa: 0.5 });                // throws: unknown option 'alhpa'. Did you mean 'alpha'?
 * ```
 */
export function mergeOptions<Options extends object>(where: string, defaults: Options, options: Readonly<Record<string, unknown>>): Options {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError(`${where}: options must be an object, got ${String(options)}`);
  }
  const known = defaults as Readonly<Record<string, unknown>>;
  const accepted = Object.keys(known);
  const merged: Record<string, unknown> = { ...known };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(known, key)) {
      const close = closeMatches(key, accepted);
      const hint = close.length > 0 ? ` Did you mean '${close[0]}'?` : '';
      throw new ConfigError(`${where}: unknown option '${key}'.${hint} (accepted: ${accepted.join(', ') || 'none'})`);
    }
    const expected = kindOf(known[key]);
    const got = kindOf(value);
    if (expected !== 'null' && expected !== got) {
      throw new ConfigError(`${where}: option '${key}' must be a ${expected} (default ${JSON.stringify(known[key])}), got ${got} ${JSON.stringify(value)}`);
    }
    merged[key] = value;
  }
  return merged as Options;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
