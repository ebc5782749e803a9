import { Rng } from '../random/rng.js';
import { Box } from '../spaces/box.js';
import { Space } from '../spaces/space.js';
import { spaceFromJSON } from '../spaces/space-from-json.js';
import type { Env, ResetOptions } from './env.js';
import { EnvCheckError } from './env-errors.js';
import { formatValue } from './wrappers/order-enforcing.js';

/** A reset-options case for {@link checkEnv}: resetting with `options` must give `expectedObservation`. */
export interface ResetOptionsCase<Obs> {
  readonly options: Readonly<Record<string, unknown>>;
  readonly expectedObservation: Obs;
}

/** Options of {@link checkEnv}. */
export interface CheckEnvOptions<Obs> {
  /** Seed of the determinism rollouts and of the random actions. Default 0. */
  readonly seed?: number;
  /** Steps per rollout (episodes restart when they end). Default 100. */
  readonly steps?: number;
  /** Reset options the env declares, each with the observation it must produce. */
  readonly resetOptionsCases?: readonly ResetOptionsCase<Obs>[];
}

/** What {@link checkEnv} found: the rules that passed and non-fatal warnings. */
export interface CheckEnvReport {
  /** The env's name (spec id or class name). */
  readonly env: string;
  /** Rule names that passed, in the order checked. */
  readonly passed: string[];
  /** Suspicious but legal findings (e.g. an asymmetric continuous action space). */
  readonly warnings: string[];
}

interface Transition {
  readonly observation: unknown;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
}

/**
 * Checks that an env follows the Env contract (Gymnasium's `check_env`), for users writing
 * their own. It throws an {@link EnvCheckError} naming the env and the first violated rule:
 *
 * | rule | what it checks |
 * |---|---|
 * | `spaces` | `observationSpace` / `actionSpace` are Spaces whose samples they contain and whose JSON round-trips |
 * | `reset-return` | `reset()` returns `{ observation, info }` with an object `info` |
 * | `observation-finite` | no NaN / infinity in float observations |
 * | `observation-in-space` | every observation lies in `observationSpace` |
 * | `step-return` | `step()` returns `{ observation, reward, terminated, truncated, info }` |
 * | `reward-finite` | rewards are finite numbers |
 * | `terminated-boolean`, `truncated-boolean` | flags are booleans, not 0/1 or undefined |
 * | `seed-determinism` | the same `reset({ seed })` and actions give the same rollout, twice |
 * | `reset-options` | each declared reset-options case gives its expected observation |
 * | `render` | `render()` returns a string (when `'ansi'` is in `metadata.renderModes`) or null |
 *
 * It resets and steps the env (random actions from `new Rng(seed)`), leaving it mid-episode.
 *
 * @example
 * ```ts
 * const report = checkEnv(new MyEnv(), { seed: 1 });
 * report.passed;    // ['spaces', 'reset-return', ...]
 * report.warnings;  // []
 * ```
 */
export function checkEnv<Obs, Act>(env: Env<Obs, Act>, options: CheckEnvOptions<Obs> = {}): CheckEnvReport {
  const name = safeName(env);
  const passed: string[] = [];
  const warnings: string[] = [];
  const fail = (rule: string, detail: string): never => {
    throw new EnvCheckError(name, rule, detail);
  };
  const pass = (rule: string): void => {
    if (!passed.includes(rule)) passed.push(rule);
  };
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 100;

  checkSpaces(env, fail, warnings);
  pass('spaces');

  const observe = (observation: unknown, where: string): void => {
    const bad = firstNonFinite(observation);
    if (bad !== null) fail('observation-finite', `${where} observation holds ${bad}`);
    const why = env.observationSpace.explainMismatch(observation);
    if (why !== null) fail('observation-in-space', `${where} observation ${formatValue(observation)} is not in ${env.observationSpace.toString()}: ${why}`);
  };

  const doReset = (resetOptions: ResetOptions, where: string): unknown => {
    const result: unknown = env.reset(resetOptions);
    if (!isRecord(result) || !('observation' in result) || !('info' in result)) {
      fail('reset-return', `reset() must return { observation, info }, got ${describeResult(result)}`);
    }
    const r = result as { observation: unknown; info: unknown };
    if (!isRecord(r.info)) fail('reset-return', `reset() info must be a plain object, got ${formatValue(r.info)}`);
    pass('reset-return');
    observe(r.observation, where);
    return r.observation;
  };

  const rollout = (): Transition[] => {
    const actionRng = new Rng(seed).child('checkEnv.actions');
    const first = doReset({ seed }, 'reset()');
    const transitions: Transition[] = [{ observation: first, reward: 0, terminated: false, truncated: false }];
    for (let t = 0; t < steps; t++) {
      const action = env.actionSpace.sample(actionRng);
      const result: unknown = env.step(action);
      const where = `step ${t + 1} (action ${formatValue(action)})`;
      if (!isRecord(result) || !['observation', 'reward', 'terminated', 'truncated', 'info'].every((k) => k in result)) {
        fail('step-return', `step() must return { observation, reward, terminated, truncated, info }, got ${describeResult(result)}`);
      }
      const r = result as { observation: unknown; reward: unknown; terminated: unknown; truncated: unknown; info: unknown };
      if (!isRecord(r.info)) fail('step-return', `${where}: info must be a plain object, got ${formatValue(r.info)}`);
      pass('step-return');
      observe(r.observation, where);
      if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) fail('reward-finite', `${where}: reward is ${formatValue(r.reward)}, expected a finite number`);
      pass('reward-finite');
      if (typeof r.terminated !== 'boolean') fail('terminated-boolean', `${where}: terminated is ${formatValue(r.terminated)}, expected true or false`);
      pass('terminated-boolean');
      if (typeof r.truncated !== 'boolean') fail('truncated-boolean', `${where}: truncated is ${formatValue(r.truncated)}, expected true or false`);
      pass('truncated-boolean');
      transitions.push({ observation: snapshot(r.observation), reward: r.reward as number, terminated: r.terminated as boolean, truncated: r.truncated as boolean });
      if (r.terminated || r.truncated) {
        const next = doReset({}, `reset() after ${where}`);
        transitions.push({ observation: snapshot(next), reward: 0, terminated: false, truncated: false });
      }
    }
    pass('observation-finite');
    pass('observation-in-space');
    return transitions;
  };

  const a = rollout();
  const b = rollout();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = i < a.length && i < b.length ? difference(a[i]!, b[i]!) : 'one rollout is longer';
    if (diff !== null) {
      fail('seed-determinism', `two rollouts from reset({ seed: ${seed} }) with the same actions differ at transition ${i}: ${diff}; draw all randomness from this.rng and call this.seedRng(seed) in reset()`);
    }
  }
  pass('seed-determinism');

  for (const [k, c] of (options.resetOptionsCases ?? []).entries()) {
    const observation = doReset({ seed, options: c.options }, `reset({ options: ${formatValue(c.options)} })`);
    const diff = valueDifference(observation, c.expectedObservation, 'observation');
    if (diff !== null) fail('reset-options', `case ${k} (options ${formatValue(c.options)}): ${diff}`);
  }
  if ((options.resetOptionsCases ?? []).length > 0) pass('reset-options');

  const frame: unknown = env.render();
  const rendersAnsi = env.metadata.renderModes.includes('ansi');
  if (rendersAnsi && typeof frame !== 'string') fail('render', `metadata.renderModes lists 'ansi' but render() returned ${formatValue(frame)}, not a string`);
  if (!rendersAnsi && frame !== null && typeof frame !== 'string') fail('render', `render() returned ${formatValue(frame)}; expected a string or null`);
  pass('render');

  return { env: name, passed, warnings };
}

function checkSpaces<Obs, Act>(env: Env<Obs, Act>, fail: (rule: string, detail: string) => never, warnings: string[]): void {
  const rng = new Rng(0).child('checkEnv.spaces');
  for (const [which, space] of [['observationSpace', env.observationSpace], ['actionSpace', env.actionSpace]] as const) {
    if (!(space instanceof Space)) fail('spaces', `${which} is ${formatValue(space)}, not a Space`);
    const sample = space.sample(rng);
    const why = space.explainMismatch(sample);
    if (why !== null) fail('spaces', `${which} ${space.toString()} does not contain its own sample: ${why}`);
    let copy: Space<unknown> | null = null;
    try {
      copy = spaceFromJSON(JSON.parse(JSON.stringify(space.toJSON())));
    } catch (e) {
      fail('spaces', `${which} ${space.toString()} does not round-trip through JSON: ${(e as Error).message}`);
    }
    if (copy !== null && !copy.equals(space)) fail('spaces', `${which} ${space.toString()} does not round-trip through JSON (got ${copy.toString()})`);
  }
  const action = env.actionSpace;
  if (action instanceof Box) {
    const symmetric = action.low.every((lo, i) => lo === -action.high[i]!);
    const normalized = action.low.every((lo) => lo === -1) && action.high.every((hi) => hi === 1);
    if (!symmetric || !normalized) {
      warnings.push(`actionSpace ${action.toString()} is not the symmetric, normalized Box [-1, 1]; policies usually output [-1, 1] (wrap with RescaleAction)`);
    }
  }
}

function safeName(env: unknown): string {
  try {
    return (env as Env<unknown, unknown>).name;
  } catch {
    return 'env';
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

function describeResult(x: unknown): string {
  if (Array.isArray(x)) return `an array of ${x.length} (a Gymnasium-style tuple? return named fields instead)`;
  if (isRecord(x)) return `an object with keys ${Object.keys(x).join(', ') || '(none)'}`;
  return formatValue(x);
}

/** The first non-finite float inside an observation, described, or null. */
function firstNonFinite(x: unknown, path = ''): string | null {
  if (typeof x === 'number') return Number.isFinite(x) ? null : `${x}${path === '' ? '' : ` at ${path}`}`;
  if (x instanceof Float32Array || x instanceof Float64Array) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return `${x[i]} at ${path}[${i}]`;
    return null;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const bad = firstNonFinite(x[i], `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (isRecord(x)) {
    for (const [k, v] of Object.entries(x)) {
      const bad = firstNonFinite(v, `${path}.${k}`);
      if (bad !== null) return bad;
    }
  }
  return null;
}

/** A deep copy of typed arrays, so an env that reuses its buffer is caught by the determinism diff, not hidden. */
function snapshot(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && 'slice' in x) return (x as unknown as Float32Array).slice();
  if (Array.isArray(x)) return x.map(snapshot);
  if (isRecord(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, snapshot(v)]));
  return x;
}

function difference(a: Transition, b: Transition): string | null {
  return (
    valueDifference(a.observation, b.observation, 'observation') ??
    (Object.is(a.reward, b.reward) ? null : `reward ${a.reward} vs ${b.reward}`) ??
    (a.terminated === b.terminated ? null : `terminated ${a.terminated} vs ${b.terminated}`) ??
    (a.truncated === b.truncated ? null : `truncated ${a.truncated} vs ${b.truncated}`)
  );
}

function valueDifference(a: unknown, b: unknown, path: string): string | null {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b) ? null : `${path} ${formatValue(a)} vs ${formatValue(b)}`;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return `${path} ${formatValue(a)} vs ${formatValue(b)}`;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path} has length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}] ${x[i]} vs ${y[i]}`;
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} has length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = valueDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = valueDifference(a[k], b[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path} ${formatValue(a)} vs ${formatValue(b)}`;
}

