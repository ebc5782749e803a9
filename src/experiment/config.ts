import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatIssues } from './config-issues.js';

const positiveInt = (what = 'a positive integer') =>
  z.number({ error: `expected ${what}` }).int({ error: `expected ${what}` }).positive({ error: `expected ${what}` }).max(Number.MAX_SAFE_INTEGER, { error: `expected ${what}` });

const idString = (what: string) => z.string({ error: `expected ${what} (a non-empty string)` }).min(1, { error: `expected ${what} (a non-empty string)` });

const options = (what: string) =>
  z.record(z.string(), z.unknown(), { error: `expected ${what} as a JSON object` }).default({});

/** `env`: which registered environment to make, and the options (`kwargs`) passed to its factory. */
const EnvSection = z.strictObject({ id: idString('an env id such as "CartPole-v1"'), kwargs: options('env kwargs') }, { error: 'expected an object { id, kwargs }' });

/** `data`: which registered data source to load (learners), and its options. */
const DataSection = z.strictObject({ id: idString('a data source id such as "ring-8"'), options: options('data options') }, { error: 'expected an object { id, options }' });

/**
 * `sinks[i]`: a sink to attach by its registry id (`neuroloop list sinks`), with options. In the
 * config (not only on the command line) because a sink may end the run (`early-stopping`), so
 * it is part of what makes the run reproducible and what `resume` must attach again.
 */
const SinkEntry = z.strictObject({ id: idString('a sink id such as "csv" or "early-stopping"'), options: options('sink options') }, { error: 'expected an object { id, options }' });

/** `agent`: which registered agent (or learner) to build, and its typed options. */
const AgentSection = z.strictObject({ id: idString('an agent id such as "q-learning"'), options: options('agent options') }, { error: 'expected an object { id, options }' });

/**
 * The schema of an experiment config file. Objects are strict (unknown keys are errors, so a typo
 * never silently falls back to a default) and every field is plain JSON.
 *
 * Defaults: `name` "experiment", `seed` 0, `backend` "js", `eval.episodes` 10, `train.batchSize`
 * 64 (data runs), `plugins` [], `sinks` [] (besides the default progress and curve), `out` `runs/<name>/seed-<seed>` (relative to the working
 * directory, like any output path). `eval.every` and `checkpoint.every` are off unless set; a run
 * always ends with one final evaluation and one final checkpoint. `eval.every`,
 * `checkpoint.every` and the step counts are environment steps for env runs and minibatches for
 * data runs. Stopping early: `stop.meanReturn` (env runs: judged on evaluations when
 * `eval.every` is set, else on the mean of the last 100 training episodes) or
 * `stop.metric` + `atLeast` | `atMost` (data runs, judged on evaluations), or a sink such as
 * `{ "id": "early-stopping", "options": { "patience": 5 } }` in `sinks` (ends with `stopped`).
 *
 * `backend` defaults to "js", not "auto": the auto backend picks kernels from thresholds measured
 * on the machine at hand, so the same config could run different kernels (and round differently)
 * on two machines. "js" gives the same bits everywhere; choose "auto" or "gpu" for speed.
 */
export const ExperimentConfigSchema = z
  .strictObject(
    {
      name: z
        .string({ error: 'expected a run name (letters, digits, ".", "_", "-")' })
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'expected a run name (letters, digits, ".", "_", "-")' })
        .default('experiment'),
      seed: z
        .number({ error: 'expected a non-negative integer seed' })
        .int({ error: 'expected a non-negative integer seed' })
        .min(0, { error: 'expected a non-negative integer seed' })
        .max(Number.MAX_SAFE_INTEGER, { error: 'expected a non-negative integer seed' })
        .default(0),
      // Any name: the built-in ones (js, gpu, gpu:webasm, gpu:cpu, auto, ...) or a plugin's;
      // checked against the container's backends when the experiment is created.
      backend: z.string({ error: 'expected a kernel backend name such as "js", "gpu" or "auto"' }).min(1, { error: 'expected a kernel backend name such as "js", "gpu" or "auto"' }).default('js'),
      env: EnvSection.optional(),
      data: DataSection.optional(),
      agent: AgentSection,
      train: z.strictObject(
        {
          steps: positiveInt('a positive integer (environment steps)').optional(),
          epochs: positiveInt('a positive integer (passes over the data)').optional(),
          batchSize: positiveInt('a positive integer (examples per minibatch)').optional(),
        },
        { error: 'expected an object { steps } (env runs) or { epochs, batchSize } (data runs)' },
      ),
      eval: z
        .strictObject(
          { every: positiveInt('a positive integer (steps between evaluations)').optional(), episodes: positiveInt('a positive integer (episodes per evaluation)').default(10) },
          { error: 'expected an object { every, episodes }' },
        )
        .default({ episodes: 10 }),
      checkpoint: z
        .strictObject({ every: positiveInt('a positive integer (steps between checkpoints)').optional() }, { error: 'expected an object { every }' })
        .default({}),
      stop: z
        .strictObject(
          {
            meanReturn: z.number({ error: 'expected a finite number (the eval mean return that counts as solved)' }).optional(),
            metric: z.string({ error: 'expected the name of an eval metric' }).min(1, { error: 'expected the name of an eval metric' }).optional(),
            atLeast: z.number({ error: 'expected a finite number' }).optional(),
            atMost: z.number({ error: 'expected a finite number' }).optional(),
          },
          { error: 'expected an object { meanReturn } (env runs) or { metric, atLeast | atMost } (data runs)' },
        )
        .default({}),
      sinks: z.array(SinkEntry, { error: 'expected an array of { id, options }' }).default([]),
      plugins: z.array(z.string({ error: 'expected a module path' }).min(1, { error: 'expected a module path' }), { error: 'expected an array of module paths' }).default([]),
      out: z.string({ error: 'expected an output folder path' }).min(1, { error: 'expected an output folder path' }).optional(),
      // Written into a run folder's config.json (which stays a valid config file); informational.
      neuroloopVersion: z.string({ error: 'expected a version string' }).optional(),
    },
    { error: 'expected a JSON object' },
  );

/**
 * Checks that span several fields (env vs data, steps vs epochs). They run on the raw value so
 * they are reported together with the schema's issues, not only once the schema passes.
 */
function crossFieldIssues(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const config = value as { env?: unknown; data?: unknown; train?: unknown; stop?: unknown };
  const train = (isObject(config.train) ? config.train : {}) as { steps?: unknown; epochs?: unknown };
  const stop = (isObject(config.stop) ? config.stop : {}) as { meanReturn?: unknown; metric?: unknown; atLeast?: unknown; atMost?: unknown };
  const evalSection = (isObject((config as { eval?: unknown }).eval) ? (config as { eval: Record<string, unknown> }).eval : {}) as { every?: unknown };
  const issues: string[] = [];
  const hasEnv = config.env !== undefined;
  const hasData = config.data !== undefined;
  if (hasEnv && hasData) issues.push('(config): expected exactly one of "env" (RL) or "data" (learners), got both');
  if (!hasEnv && !hasData) issues.push('(config): expected an "env" section (RL) or a "data" section (learners), got neither');
  if (hasEnv && !hasData) {
    if (isObject(config.train) && train.steps === undefined) issues.push('train.steps: expected a positive integer (environment steps) for an env run, got nothing');
    if (train.epochs !== undefined) issues.push('train.epochs: expected no epochs in an env run (epochs are for data runs; use train.steps)');
    if ((train as { batchSize?: unknown }).batchSize !== undefined) issues.push('train.batchSize: expected no batchSize in an env run (an agent batches through its own options)');
    for (const key of ['metric', 'atLeast', 'atMost'] as const) {
      if (stop[key] !== undefined) issues.push(`stop.${key}: expected no ${key} in an env run (env runs stop on stop.meanReturn)`);
    }
  }
  if (hasData && !hasEnv) {
    if (isObject(config.train) && train.epochs === undefined) issues.push('train.epochs: expected a positive integer (passes over the data) for a data run, got nothing');
    if (train.steps !== undefined) issues.push('train.steps: expected no steps in a data run (steps are for env runs; use train.epochs)');
    if (stop.meanReturn !== undefined) issues.push('stop.meanReturn: expected no meanReturn in a data run (data runs have no episode returns; use stop.metric with atLeast or atMost)');
    const bounds = [stop.atLeast, stop.atMost].filter((b) => b !== undefined).length;
    if (stop.metric !== undefined && bounds !== 1) issues.push('stop: expected exactly one of atLeast or atMost with stop.metric');
    if (stop.metric === undefined && bounds > 0) issues.push('stop.metric: expected the eval metric that atLeast / atMost applies to, got nothing');
    if (stop.metric !== undefined && evalSection.every === undefined) issues.push('eval.every: expected a positive integer: stop.metric is judged on periodic evaluations, got nothing');
  }
  for (const key of ['meanReturn', 'atLeast', 'atMost'] as const) {
    const v = stop[key];
    if (typeof v === 'number' && !Number.isFinite(v)) issues.push(`stop.${key}: expected a finite number, got ${v}`);
  }
  return issues;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What a config file may contain (defaults not yet applied). */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;

/**
 * A validated config with every default filled in, `out` set, and relative plugin paths made
 * absolute. This is what `config.json` in a run folder holds (plus the package version).
 */
export type ExperimentConfig = Omit<z.output<typeof ExperimentConfigSchema>, 'out'> & { readonly out: string };

/** Where a config came from, for error messages and resolving relative plugin paths. */
export interface ParseConfigOptions {
  /** The config file's path (or another label, e.g. "--config"), named in errors. */
  readonly source?: string;
  /**
   * Folder that relative plugin paths are resolved against. Defaults to the folder of `source`
   * when it is a file path, else the current working directory.
   */
  readonly baseDir?: string;
}

/**
 * Validates a config (JSON text or an already-parsed value), fills in defaults, and resolves
 * relative plugin paths. Throws one `ConfigError` that lists every problem, one per line, as
 * `field.path: what was expected, got what`.
 *
 * Registry-dependent checks (is `agent.id` a known agent?) happen when the experiment is created,
 * because plugins may add ids.
 *
 * @example
 * ```ts
 * const config = parseConfig(await readFile('exp.json', 'utf8'), { source: 'exp.json' });
 * config.eval.episodes; // 10 unless the file says otherwise
 * ```
 */
export function parseConfig(json: unknown, options: ParseConfigOptions = {}): ExperimentConfig {
  const source = options.source ?? 'config';
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
    }
  }
  const result = ExperimentConfigSchema.safeParse(value, { reportInput: true });
  const lines = [...(result.success ? [] : formatIssues(result.error.issues, ExperimentConfigSchema)), ...crossFieldIssues(value)];
  if (!result.success || lines.length > 0) {
    throw new ConfigError(`Invalid experiment config ${source} (${lines.length} problem${lines.length > 1 ? 's' : ''}):\n  ${lines.join('\n  ')}`);
  }
  const config = result.data!;
  const baseDir = options.baseDir ?? (options.source !== undefined ? dirname(resolve(options.source)) : process.cwd());
  return {
    ...config,
    train: config.data !== undefined ? { ...config.train, batchSize: config.train.batchSize ?? 64 } : config.train,
    plugins: config.plugins.map((p) => resolvePluginPath(p, baseDir)),
    out: config.out ?? `runs/${config.name}/seed-${config.seed}`,
  };
}

/**
 * Relative module paths (`./x.js`, `../y.ts`) are resolved against `baseDir`; package names and
 * absolute paths are kept, so `import()` resolves them as usual.
 */
export function resolvePluginPath(path: string, baseDir: string): string {
  if (path.startsWith('./') || path.startsWith('../') || path === '.' || path === '..') return resolve(baseDir, path);
  if (isAbsolute(path)) return path;
  return path;
}
