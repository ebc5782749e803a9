import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { formatIssues } from './config-issues.js';

/** A distribution to sample one hyperparameter from (random search). */
export type ParamDistribution =
  | { readonly uniform: readonly [number, number] }
  | { readonly logUniform: readonly [number, number] }
  | { readonly int: readonly [number, number] }
  | { readonly choice: readonly unknown[] };

const range = (what: string) =>
  z
    .tuple([z.number({ error: `expected [low, high] numbers for ${what}` }), z.number({ error: `expected [low, high] numbers for ${what}` })], { error: `expected [low, high] for ${what}` })
    .refine(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi, { error: `expected finite [low, high] with low <= high for ${what}` });

const Distribution = z.union(
  [
    z.strictObject({ uniform: range('uniform') }),
    z.strictObject({ logUniform: range('logUniform').refine(([lo]) => lo > 0, { error: 'expected low > 0 for logUniform' }) }),
    z.strictObject({ int: range('int').refine(([lo, hi]) => Number.isSafeInteger(lo) && Number.isSafeInteger(hi), { error: 'expected integer bounds for int' }) }),
    z.strictObject({ choice: z.array(z.unknown()).min(1, { error: 'expected at least one choice' }) }),
  ],
  { error: 'expected one of { uniform: [lo, hi] }, { logUniform: [lo, hi] }, { int: [lo, hi] }, { choice: [...] }' },
);

const ParamPath = z.string().regex(/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)+$/, { error: 'expected a dotted config path such as "agent.options.lr"' });

const Grid = z.record(ParamPath, z.array(z.unknown(), { error: 'expected an array of values to try' }).min(1, { error: 'expected at least one value' }), {
  error: 'expected an object { "dotted.path": [values...] }',
});

/**
 * The sweep file (`neuroloop sweep --grid sweep.json`): either a bare grid
 * `{ "agent.options.lr": [1e-3, 3e-3] }`, or `{ "grid": {...} }`, or a seeded random search
 * `{ "random": { "samples": 8, "seed": 0, "params": { "agent.options.lr": { "logUniform": [1e-4, 1e-2] } } } }`.
 */
export const SweepSpecSchema = z.union([
  z.strictObject({ grid: Grid }),
  z.strictObject({
    random: z.strictObject({
      samples: z.number().int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' }),
      seed: z.number().int({ error: 'expected a non-negative integer' }).min(0, { error: 'expected a non-negative integer' }).default(0),
      params: z.record(ParamPath, Distribution),
    }),
  }),
]);

/** A parsed sweep file. */
export type SweepSpec = { readonly grid: Readonly<Record<string, readonly unknown[]>> } | { readonly random: { readonly samples: number; readonly seed: number; readonly params: Readonly<Record<string, ParamDistribution>> } };

/** One point of a sweep: a name (its folder) and the config values it overrides. */
export interface SweepSetting {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Validates a sweep file (JSON text or value); throws a `ConfigError` listing every problem.
 *
 * @example
 * ```ts
 * parseSweepSpec({ 'agent.options.lr': [0.001, 0.003] }); // { grid: { 'agent.options.lr': [0.001, 0.003] } }
 * ```
 */
export function parseSweepSpec(json: unknown, source = 'sweep spec'): SweepSpec {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
    }
  }
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const structured = record !== null && ('grid' in record || 'random' in record);
  const result = structured ? SweepSpecSchema.safeParse(value, { reportInput: true }) : z.strictObject({ grid: Grid }).safeParse({ grid: value }, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => (issue.code === 'invalid_union' && issue.errors.length > 0 ? issue.errors[structured && 'random' in record ? 1 : 0]! : [issue]));
    const lines = formatIssues(issues).map((l) => (structured ? l : l.replace(/^grid\.?/, '') || l));
    throw new ConfigError(`Invalid sweep spec ${source}:\n  ${lines.join('\n  ')}`);
  }
  return result.data as SweepSpec;
}

/**
 * The settings a sweep spec describes: the cartesian product of a grid (last path varies
 * fastest), or `samples` draws of a random search from `new Rng(seed)` (paths drawn in sorted
 * order, so the same spec always gives the same settings). No spec: one setting, `base`.
 *
 * @example
 * ```ts
 * expandSweep({ grid: { 'agent.options.lr': [0.1, 0.3], 'agent.options.gamma': [0.9] } }).map((s) => s.name);
 * // ['lr-0.1_gamma-0.9', 'lr-0.3_gamma-0.9']
 * ```
 */
export function expandSweep(spec: SweepSpec | undefined): SweepSetting[] {
  if (spec === undefined) return [{ name: 'base', params: {} }];
  const combos: Record<string, unknown>[] = [];
  if ('grid' in spec) {
    const paths = Object.keys(spec.grid);
    let acc: Record<string, unknown>[] = [{}];
    for (const path of paths) acc = acc.flatMap((partial) => spec.grid[path]!.map((v) => ({ ...partial, [path]: v })));
    combos.push(...acc);
  } else {
    const rng = new Rng(spec.random.seed);
    const paths = Object.keys(spec.random.params).sort();
    for (let i = 0; i < spec.random.samples; i++) {
      const params: Record<string, unknown> = {};
      for (const path of paths) params[path] = sample(spec.random.params[path]!, rng);
      combos.push(params);
    }
  }
  const names = combos.map((params) => settingName(params));
  // Random draws (or an odd grid) can repeat a name: number the settings then.
  const unique = new Set(names).size === names.length;
  return combos.map((params, i) => ({ name: unique ? names[i]! : `${String(i).padStart(String(combos.length - 1).length, '0')}_${names[i]}`, params }));
}

function sample(dist: ParamDistribution, rng: Rng): unknown {
  if ('uniform' in dist) return rng.uniform(dist.uniform[0], dist.uniform[1]);
  if ('logUniform' in dist) return Math.exp(rng.uniform(Math.log(dist.logUniform[0]), Math.log(dist.logUniform[1])));
  if ('int' in dist) return rng.int(dist.int[0], dist.int[1] + 1);
  return dist.choice[rng.int(dist.choice.length)];
}

/**
 * A folder-safe name for a setting: `key-value` pairs joined by `_`, the key being the path's
 * last segment (the whole path when two paths share it); long values are shortened.
 */
export function settingName(params: Readonly<Record<string, unknown>>): string {
  const paths = Object.keys(params);
  if (paths.length === 0) return 'base';
  const last = (p: string): string => p.slice(p.lastIndexOf('.') + 1);
  const clash = new Set(paths.map(last)).size !== paths.length;
  return paths.map((p) => `${safe(clash ? p : last(p))}-${safe(formatParam(params[p]))}`).join('_');
}

function formatParam(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function safe(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9.+-]+/g, '~').replace(/^[.~]+/, '');
  return cleaned.length > 40 ? cleaned.slice(0, 40) : cleaned || 'x';
}

/**
 * A copy of a raw config with `value` set at a dotted `path` (`agent.options.lr`), creating
 * intermediate objects. Refuses to walk through a non-object (naming the path).
 */
export function setPath(config: Readonly<Record<string, unknown>>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root: Record<string, unknown> = structuredClone(config) as Record<string, unknown>;
  let node = root;
  keys.slice(0, -1).forEach((key, i) => {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw new ConfigError(`sweep: cannot set ${path}: ${keys.slice(0, i + 1).join('.')} is ${JSON.stringify(next)}, not an object`);
    }
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
  return root;
}
