import { mergeOptions } from '../agent/merge-options.js';
import { NamedRegistry } from '../agent/named-registry.js';
import type { DataSource } from '../data/data-source.js';
import { ConfigError } from '../errors.js';

/** Everything a data registration's `create` receives. */
export interface DataContext<Options extends object = object> {
  readonly id: string;
  /** The registration's `defaults` overridden by the caller's options. */
  readonly options: Options;
}

/** How to load a data source by id; `defaults` are also the accepted option keys. */
export interface DataRegistration<Options extends object = object> {
  /** e.g. `mnist`, `ring-8`. */
  readonly id: string;
  readonly description?: string;
  readonly defaults?: Options;
  create(context: DataContext<Options>): DataSource;
}

/** The service token of {@link DataRegistry}. */
export const DataRegistry = Symbol('DataRegistry');

/**
 * The data sources of an experiment by id; filled from contributions, one per container
 * ({@link DataRegistryImpl}).
 *
 * @example
 * ```ts
 * const source = container.get<DataRegistry>(DataRegistry).make('ring-8');
 * ```
 */
export interface DataRegistry {
  register<Options extends object>(registration: DataRegistration<Options>, options?: { readonly override?: boolean }): void;
  has(id: string): boolean;
  get(id: string): DataRegistration;
  list(): DataRegistration[];
  /** Loads `id` with its defaults merged with `options`. */
  make(id: string, options?: Readonly<Record<string, unknown>>): DataSource;
}

/**
 * The data sources `fit` can train on, by id. Plugins fill it through `DataContribution`s;
 * each container owns one.
 *
 * @example
 * ```ts
 * const data = new DataRegistryImpl();
 * data.register({ id: 'ring-8', defaults: { size: 10_000 }, create: ({ options }) => ring8(options) });
 * const source = data.make('ring-8', { size: 2_000 });
 * ```
 */
export class DataRegistryImpl extends NamedRegistry<DataRegistration> implements DataRegistry {
  constructor() {
    super('data source');
  }

  override register<Options extends object>(registration: DataRegistration<Options>, options: { readonly override?: boolean } = {}): void {
    super.register(registration as DataRegistration, options);
  }

  /** Loads `id` with its defaults merged with `options`. */
  make(id: string, options: Readonly<Record<string, unknown>> = {}): DataSource {
    const entry = this.get(id);
    const merged = entry.defaults === undefined ? { ...options } : mergeOptions(`data source '${id}'`, entry.defaults, options);
    const source = entry.create({ id, options: merged });
    if (typeof source !== 'object' || source === null || typeof source.train?.batch !== 'function') {
      throw new ConfigError(`data source '${id}': create returned ${String(source)}, not a DataSource (with a train dataset)`);
    }
    return source;
  }
}
