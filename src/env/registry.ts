import { ConfigError } from '../errors.js';
import { closeMatches } from './edit-distance.js';
import { Env } from './env.js';
import { parseEnvId, type EnvSpec } from './env-spec.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Constructor kwargs of an env: plain JSON-like values keyed by name. */
export type EnvKwargs = Record<string, unknown>;

/**
 * How to build an env id (Gymnasium `register(...)`).
 *
 * `kwargs` are the defaults and also the schema: `make` accepts exactly these keys, each with
 * the type of its default (number, boolean, string, array or object; a `null` default accepts
 * any value). Range checks (e.g. a positive length) belong in the env's constructor, which
 * throws a `ConfigError` naming the kwarg.
 *
 * `K` is the env's kwargs type (an interface such as `CartPoleKwargs` fits): a typed
 * registration is still an `EnvRegistration` (e.g. in `definePlugin({ envs })`), because
 * `create` is a method (its parameter is checked bivariantly, as with `AgentRegistration`); the
 * registry checks the kwargs against `kwargs` at `make` time.
 *
 * @example
 * ```ts
 * const corridor: EnvRegistration<CorridorKwargs> = {
 *   id: 'my/Corridor-v0',
 *   create: (kwargs) => new CorridorEnv(kwargs),
 *   kwargs: { length: 8, stepReward: -0.01, randomStart: false },
 *   maxEpisodeSteps: 100,
 * };
 * definePlugin({ name: 'my-envs', envs: [corridor] });
 * ```
 */
export interface EnvRegistration<K extends object = EnvKwargs> {
  /** `[namespace/]Name-vN`. */
  readonly id: string;
  /** Builds a raw (unwrapped) env from the merged kwargs. */
  create(kwargs: K): Env<unknown, unknown>;
  /** Episode length `make` enforces with `TimeLimit`; omit for none. */
  readonly maxEpisodeSteps?: number;
  /** Mean return that counts as solved; omit when there is none. */
  readonly rewardThreshold?: number;
  /**
   * Default kwargs (also the accepted keys and types). `Readonly<K>` rather than `K`: a mapped
   * type, so a registration whose `K` is an interface (which has no index signature) is still an
   * `EnvRegistration`.
   */
  readonly kwargs?: Readonly<K>;
  /** One line for listings. */
  readonly description?: string;
}

/** Options of {@link EnvRegistry.make}. */
export interface MakeOptions {
  /** Overrides the spec's time limit; `null` applies none. */
  readonly maxEpisodeSteps?: number | null;
  /** Apply `OrderEnforcing` (call-order and action checks). Default true. */
  readonly orderEnforcing?: boolean;
}

interface Entry {
  readonly spec: EnvSpec;
  readonly create: (kwargs: EnvKwargs) => Env<unknown, unknown>;
}

/**
 * A set of env ids and how to build them (Gymnasium's registry, as an instance: each
 * experiment's container owns one, so registrations never leak between experiments).
 *
 * `make(id)` builds `OrderEnforcing(TimeLimit(env))`: TimeLimit with the spec's
 * `maxEpisodeSteps`, and OrderEnforcing outermost so it refuses a `step()` after any episode
 * end, including TimeLimit's truncation, and checks every action against the action space.
 *
 * @example
 * ```ts
 * const registry = new EnvRegistry();
 * registerBuiltinEnvs(registry);
 * registry.register({ id: 'my/Corridor-v0', create: (kw) => new CorridorEnv(kw), kwargs: { length: 8 }, maxEpisodeSteps: 100 });
 * const env = registry.make('CartPole-v1', { length: 0.75 });
 * registry.make('CartPole-v2');   // throws: Unknown env id 'CartPole-v2'. Did you mean 'CartPole-v1'? Known: ...
 * ```
 */
export class EnvRegistry {
  private readonly entries = new Map<string, Entry>();

  /**
   * Adds an env id. Throws a `ConfigError` for a malformed id, a bad `maxEpisodeSteps`, or an
   * id that is already registered (unless `{ override: true }`).
   */
  register<K extends object>(registration: EnvRegistration<K>, options: { readonly override?: boolean } = {}): void {
    const { id } = registration;
    const parsed = parseEnvId(id);
    if (this.entries.has(id) && options.override !== true) {
      throw new ConfigError(`Env id '${id}' is already registered; pass { override: true } to replace it`);
    }
    if (typeof registration.create !== 'function') throw new ConfigError(`Env '${id}': create must be a function`);
    const max = registration.maxEpisodeSteps;
    if (max !== undefined && (!Number.isSafeInteger(max) || max <= 0)) {
      throw new ConfigError(`Env '${id}': maxEpisodeSteps must be a positive integer, got ${String(max)}`);
    }
    const threshold = registration.rewardThreshold;
    if (threshold !== undefined && !Number.isFinite(threshold)) {
      throw new ConfigError(`Env '${id}': rewardThreshold must be a finite number, got ${String(threshold)}`);
    }
    const spec: EnvSpec = Object.freeze({
      id,
      ...parsed,
      maxEpisodeSteps: max ?? null,
      rewardThreshold: threshold ?? null,
      kwargs: Object.freeze({ ...(registration.kwargs ?? {}) }),
      description: registration.description ?? '',
    });
    // `make` checks the kwargs against the registered defaults (keys and types) before calling
    // create, which is what makes them a K.
    this.entries.set(id, { spec, create: (kwargs) => registration.create(kwargs as K) });
  }

  /** True when `id` is registered. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The registered spec of `id`; throws like `make` for an unknown id. */
  spec(id: string): EnvSpec {
    return this.entry(id).spec;
  }

  /** All registered specs, sorted by id. */
  list(): EnvSpec[] {
    return [...this.entries.values()].map((e) => e.spec).sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Builds `id` with the registered default kwargs overridden by `kwargs`, wrapped in
   * `OrderEnforcing(TimeLimit(env))` (see the class docs). The type arguments are an unchecked
   * assertion of the env's observation and action types.
   *
   * Throws a `ConfigError` for an unknown id (suggesting close ids), an unknown kwarg
   * (suggesting close names) or a kwarg of the wrong type, each naming the env.
   */
  make<Obs = unknown, Act = unknown>(id: string, kwargs: EnvKwargs = {}, options: MakeOptions = {}): Env<Obs, Act> {
    const entry = this.entry(id);
    const merged = this.mergeKwargs(entry.spec, kwargs);
    const env = entry.create(merged);
    if (!(env instanceof Env)) {
      throw new ConfigError(`Env '${id}': create returned ${String(env)}, not an instance of Env`);
    }
    env.spec = Object.freeze({ ...entry.spec, kwargs: Object.freeze(merged) });
    let wrapped: Env<unknown, unknown> = env;
    const max = options.maxEpisodeSteps === undefined ? entry.spec.maxEpisodeSteps : options.maxEpisodeSteps;
    if (max !== null) wrapped = new TimeLimit(wrapped, max);
    if (options.orderEnforcing !== false) wrapped = new OrderEnforcing(wrapped);
    return wrapped as Env<Obs, Act>;
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (entry !== undefined) return entry;
    const known = [...this.entries.keys()].sort();
    let suggestions: string[] = [];
    try {
      // Same name, other version: suggest the newest version first (Gymnasium does the same).
      const { namespace, name } = parseEnvId(id);
      suggestions = this.list()
        .filter((s) => s.name === name && s.namespace === namespace)
        .sort((a, b) => b.version - a.version)
        .map((s) => s.id);
    } catch {
      // A malformed id can still be a typo of a known one: fall through to edit distance.
    }
    if (suggestions.length === 0) suggestions = closeMatches(id, known);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
    const knownText = known.length > 0 ? ` Known: ${known.join(', ')}` : ' No envs are registered.';
    throw new ConfigError(`Unknown env id '${id}'.${hint}${knownText}`);
  }

  private mergeKwargs(spec: EnvSpec, kwargs: EnvKwargs): EnvKwargs {
    if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
      throw new ConfigError(`Env '${spec.id}': kwargs must be an object, got ${String(kwargs)}`);
    }
    const defaults = spec.kwargs;
    const accepted = Object.keys(defaults);
    for (const [key, value] of Object.entries(kwargs)) {
      if (!Object.hasOwn(defaults, key)) {
        const close = closeMatches(key, accepted);
        const hint = close.length > 0 ? ` Did you mean '${close[0]}'?` : '';
        const list = accepted.length > 0 ? `accepted kwargs: ${accepted.join(', ')}` : 'it takes no kwargs';
        throw new ConfigError(`Env '${spec.id}': unknown kwarg '${key}'.${hint} (${list})`);
      }
      const def = defaults[key];
      if (def === null || value === undefined) continue;
      const expected = kindOf(def);
      const got = kindOf(value);
      if (expected !== got || (got === 'number' && Number.isNaN(value))) {
        throw new ConfigError(
          `Env '${spec.id}': kwarg '${key}' must be ${expected === 'array' || expected === 'object' ? 'an' : 'a'} ${expected} (default ${JSON.stringify(def)}), got ${got === 'number' ? String(value) : `${got} ${JSON.stringify(value)}`}`,
        );
      }
    }
    const merged: EnvKwargs = { ...defaults };
    for (const [key, value] of Object.entries(kwargs)) if (value !== undefined) merged[key] = value;
    return merged;
  }
}

function kindOf(x: unknown): string {
  if (Array.isArray(x)) return 'array';
  if (x === null) return 'null';
  return typeof x;
}
