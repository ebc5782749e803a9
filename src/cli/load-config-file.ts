import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseConfig, type ExperimentConfig } from '../experiment/config.js';

/** Command-line overrides of a config file. */
export interface ConfigOverrides {
  readonly seed?: number;
  /** Run folder, relative to `cwd`. */
  readonly out?: string;
}

/**
 * Reads and validates an experiment config file, applying command-line overrides first (a new
 * `--seed` also moves the default out folder, `runs/<name>/seed-<seed>`). Relative plugin paths
 * resolve against the file's folder.
 *
 * @example
 * ```ts
 * const config = loadConfigFile('examples/q-learning-gridworld.json', process.cwd(), { seed: 2 });
 * ```
 */
export function loadConfigFile(path: string, cwd: string, overrides: ConfigOverrides = {}): ExperimentConfig {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    raw = {
      ...raw,
      ...(overrides.seed === undefined ? {} : { seed: overrides.seed }),
      ...(overrides.out === undefined ? {} : { out: resolve(cwd, overrides.out) }),
    };
  }
  return parseConfig(raw, { source: path, baseDir: dirname(file) });
}
