import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, FileFormatError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { parseConfig, type ExperimentConfig } from './config.js';
import { packageVersion } from './package-version.js';
import type { RunSummary } from './run-summary.js';

/** Files a run writes at the top of its folder; `force` clears these (and only these). */
const RUN_FILES = ['events.jsonl', 'timing.jsonl', 'summary.json', 'curve.svg'];

/** Options of {@link RunFolder.create}. */
export interface CreateRunFolderOptions {
  /** Replace a different run (or unrelated files' neighbours) in the folder instead of refusing. */
  readonly force?: boolean;
}

/**
 * The folder of one run and its layout:
 *
 * ```
 * <out>/config.json        the fully resolved config + neuroloopVersion (a valid config file)
 * <out>/events.jsonl       one LoopEvent per line, byte-identical for the same config and seed
 * <out>/timing.jsonl       wall-clock measurements, kept apart
 * <out>/summary.json       RunSummary, written when the run ends
 * <out>/checkpoints/step-<n>/{manifest.json,tensors.json,tensors.bin}
 * <out>/curve.svg          learning curve (sinks plugin)
 * ```
 *
 * @example
 * ```ts
 * const folder = RunFolder.create(config, { force: false });
 * folder.writeSummary(summary);
 * RunFolder.open(folder.dir).config; // the same config
 * ```
 */
export class RunFolder {
  private constructor(
    /** Absolute path of the folder. */
    readonly dir: string,
    /** The config the run was started with (as stored in config.json). */
    readonly config: ExperimentConfig,
  ) {}

  get configPath(): string {
    return join(this.dir, 'config.json');
  }
  get eventsPath(): string {
    return join(this.dir, 'events.jsonl');
  }
  get timingPath(): string {
    return join(this.dir, 'timing.jsonl');
  }
  get summaryPath(): string {
    return join(this.dir, 'summary.json');
  }
  get checkpointsDir(): string {
    return join(this.dir, 'checkpoints');
  }
  /** The folder of the checkpoint at `step`. */
  checkpointDir(step: number): string {
    return join(this.checkpointsDir, `step-${step}`);
  }

  /**
   * Prepares `config.out` (resolved against `cwd`) for a fresh run and writes config.json.
   * Refuses (ConfigError) when the folder holds a run of a different config, or files that are
   * not a run, unless `force`; a folder holding a run of the same config is started over (the
   * run is reproducible, so nothing is lost). Old results and checkpoints are removed first so
   * `resume` can never pick up a stale checkpoint.
   */
  static create(config: ExperimentConfig, options: CreateRunFolderOptions & { cwd?: string } = {}): RunFolder {
    const dir = resolve(options.cwd ?? process.cwd(), config.out);
    if (existsSync(dir) && readdirSync(dir).length > 0 && !options.force) {
      const configPath = join(dir, 'config.json');
      if (!existsSync(configPath)) {
        throw new ConfigError(`Output folder ${dir} is not empty and holds no neuroloop run (no config.json): choose another out folder (--out) or pass --force`);
      }
      const previous = readStoredConfig(configPath);
      const differences = diffConfigs(previous, config);
      if (differences.length > 0) {
        throw new ConfigError(
          `Output folder ${dir} already holds a different run (${differences.slice(0, 5).join('; ')}${differences.length > 5 ? '; ...' : ''}): choose another out folder (--out) or pass --force to replace it`,
        );
      }
    }
    mkdirSync(dir, { recursive: true });
    for (const name of [...RUN_FILES, 'config.json']) rmSync(join(dir, name), { force: true });
    rmSync(join(dir, 'checkpoints'), { recursive: true, force: true });
    const stored: ExperimentConfig = { ...config, neuroloopVersion: packageVersion() };
    writeFileAtomic(join(dir, 'config.json'), `${JSON.stringify(stored, null, 2)}\n`);
    return new RunFolder(dir, stored);
  }

  /** Opens an existing run folder (resume, eval); throws if it has no valid config.json. */
  static open(dir: string): RunFolder {
    const abs = resolve(dir);
    const configPath = join(abs, 'config.json');
    if (!existsSync(configPath)) throw new FileFormatError(`${abs} is not a neuroloop run folder: ${configPath} not found`);
    return new RunFolder(abs, readStoredConfig(configPath));
  }

  /** Writes summary.json atomically. */
  writeSummary(summary: RunSummary): void {
    writeFileAtomic(this.summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  }

  /** Deletes summary.json (a stopped run being resumed). */
  removeSummary(): void {
    rmSync(this.summaryPath, { force: true });
  }

  /** The run's summary, or null while it has not finished. */
  readSummary(): RunSummary | null {
    if (!existsSync(this.summaryPath)) return null;
    try {
      return JSON.parse(readFileSync(this.summaryPath, 'utf8')) as RunSummary;
    } catch (error) {
      throw new FileFormatError(`${this.summaryPath}: not valid JSON (${(error as Error).message})`);
    }
  }
}

function readStoredConfig(path: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FileFormatError(`${path}: cannot read (${(error as Error).message})`);
  }
  // Stored plugin paths are absolute already; the stored out is kept as written.
  return parseConfig(text, { source: path });
}

/**
 * Fields whose values differ between two configs, as `path: a -> b`. `out` and
 * `neuroloopVersion` do not make a run different.
 */
export function diffConfigs(a: ExperimentConfig, b: ExperimentConfig): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (path === 'out' || path === 'neuroloopVersion') return;
    const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObj(x) && isObj(y)) {
      for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) walk(x[key], y[key], path ? `${path}.${key}` : key);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ${JSON.stringify(x) ?? 'unset'} -> ${JSON.stringify(y) ?? 'unset'}`);
  };
  walk(a, b, '');
  return out;
}
