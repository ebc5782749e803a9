import { mergeOptions } from '../agent/merge-options.js';
import { NamedRegistry } from '../agent/named-registry.js';
import { ConfigError } from '../errors.js';
import type { Sink } from '../loop/sink.js';

/** Everything a sink registration's `create` receives. */
export interface SinkContext<Options extends object = object> {
  readonly id: string;
  readonly options: Options;
  /** The run folder files go in, or null for a run that writes no files. */
  readonly runDir: string | null;
  /**
   * Ends the run the sink watches (early stopping): it stops at the next step boundary with
   * reason `'stopped'`, after a final checkpoint; `reason` says why (it goes into the run's
   * summary). A sink only observes otherwise. Throws a `ConfigError` when the sink was made
   * without a run to stop.
   */
  stop(reason: string): void;
}

/** What {@link SinkRegistry.make} needs besides the id. */
export interface MakeSinkContext {
  readonly runDir: string | null;
  /** Overrides of the registration's defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Ends the run (see {@link SinkContext.stop}); omit when there is no run to stop. */
  readonly stop?: (reason: string) => void;
}

/** How to build a sink by id; `defaults` are also the accepted option keys. */
export interface SinkRegistration<Options extends object = object> {
  /** e.g. `jsonl`, `progress`. */
  readonly id: string;
  readonly description?: string;
  readonly defaults?: Options;
  create(context: SinkContext<Options>): Sink;
}

/** The service token of {@link SinkRegistry}. */
export const SinkRegistry = Symbol('SinkRegistry');

/**
 * The sinks of an experiment by id; filled from contributions, one per container
 * ({@link SinkRegistryImpl}).
 *
 * @example
 * ```ts
 * const sink = container.get<SinkRegistry>(SinkRegistry).make('jsonl', { runDir });
 * ```
 */
export interface SinkRegistry {
  register<Options extends object>(registration: SinkRegistration<Options>, options?: { readonly override?: boolean }): void;
  has(id: string): boolean;
  get(id: string): SinkRegistration;
  list(): SinkRegistration[];
  /** Builds `id` with its defaults merged with `context.options`. */
  make(id: string, context: MakeSinkContext): Sink;
}

/**
 * The sinks an experiment can attach by id. Plugins fill it through `SinkContribution`s; each
 * container owns one.
 *
 * @example
 * ```ts
 * const sinks = new SinkRegistryImpl();
 * sinks.register({ id: 'count', create: () => new CountingSink() });
 * const sink = sinks.make('count', { runDir: null });
 * // A sink that may end the run gets the run's stop:
 * sinks.make('early-stopping', { runDir, options: { patience: 5 }, stop: (reason) => experiment.stop(reason) });
 * ```
 */
export class SinkRegistryImpl extends NamedRegistry<SinkRegistration> implements SinkRegistry {
  constructor() {
    super('sink');
  }

  override register<Options extends object>(registration: SinkRegistration<Options>, options: { readonly override?: boolean } = {}): void {
    super.register(registration as SinkRegistration, options);
  }

  /** Builds `id` with its defaults merged with `options`. */
  make(id: string, context: MakeSinkContext): Sink {
    const entry = this.get(id);
    const options = context.options ?? {};
    const merged = entry.defaults === undefined ? { ...options } : mergeOptions(`sink '${id}'`, entry.defaults, options);
    const stop =
      context.stop ??
      ((reason: string): void => {
        throw new ConfigError(`sink '${id}' asked to stop the run (${reason}), but it was made without a run to stop: pass stop to SinkRegistry.make`);
      });
    const sink = entry.create({ id, options: merged, runDir: context.runDir, stop });
    if (typeof sink !== 'object' || sink === null || typeof sink.handle !== 'function') {
      throw new ConfigError(`sink '${id}': create returned ${String(sink)}, not a Sink (with handle(event))`);
    }
    return sink;
  }
}
