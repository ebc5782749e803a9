import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContainerModule, type ResolutionContext } from 'inversify';
import type { SchedulerLike } from 'rxjs';
import { AgentRegistryImpl } from '../agent/agent-registry.js';
import { EnvRegistry as EnvRegistryImpl } from '../env/registry.js';
import { ConfigError, FileFormatError } from '../errors.js';
import { BACKEND_NAMES, createBackend, type BackendName } from '../kernels/create-backend.js';
import type { KernelBackend as KernelBackendType } from '../kernels/kernel-backend.js';
import { Clock, SystemClock } from '../loop/clock.js';
import { ImmediateScheduler } from '../loop/immediate-scheduler.js';
import { Rng as RngImpl } from '../random/rng.js';
import { ContributionProvider, bindContributionProvider } from './contribution-provider.js';
import {
  AgentContribution,
  BackendContribution,
  DataContribution,
  EnvContribution,
  SinkContribution,
  TransferHook,
} from './contributions.js';
import { DataRegistryImpl } from './data-registry.js';
import { SinkRegistryImpl } from './sink-registry.js';
import { AgentRegistry, DataRegistry, EnvRegistry, KernelBackend, Rng, Scheduler, SinkRegistry } from './tokens.js';

/**
 * Where `neuroloop calibrate` saves the auto backend's thresholds, relative to the working folder,
 * and where the `auto` backend looks for them.
 */
export const DEFAULT_AUTO_THRESHOLDS_PATH = '.neuroloop/auto-thresholds.json';

/** Options of {@link coreModule}. */
export interface CoreModuleOptions {
  /** Seed of the root `Rng`. */
  readonly seed: number;
  /** Kernel backend name: a `BackendContribution`'s name, else one of `createBackend`'s (default `js`). */
  readonly backend?: string;
  /**
   * `auto` backend only: the thresholds file `neuroloop calibrate` wrote, relative to `cwd`.
   * Default {@link DEFAULT_AUTO_THRESHOLDS_PATH}, loaded when it exists (else the built-in
   * defaults route); a path given here must exist. `null` never loads one.
   */
  readonly autoThresholdsPath?: string | null;
  /** The working folder relative paths (`autoThresholdsPath`) are resolved against (default `process.cwd()`). */
  readonly cwd?: string;
  /** Replaces the `SystemClock` (tests). */
  readonly clock?: Clock;
  /** Replaces the `ImmediateScheduler` (tests pass a virtual-time scheduler). */
  readonly scheduler?: SchedulerLike;
}

/**
 * The services every experiment container has: the root `Rng` (seeded), `Clock`, `Scheduler`,
 * the registries (env, agent, data, sink) each filled once from its contributions, a
 * `ContributionProvider` per contribution kind, and the `KernelBackend`, built lazily on first
 * use from a `BackendContribution` of that name or `createBackend(name)`; the built-in `auto`
 * backend routes by the thresholds `neuroloop calibrate` saved, when there are any (see
 * {@link CoreModuleOptions.autoThresholdsPath}).
 *
 * @example
 * ```ts
 * const container = new Container({ defaultScope: 'Singleton' });
 * container.load(coreModule({ seed: 1 }), builtinEnvsPlugin.module);
 * container.get<EnvRegistry>(EnvRegistry).make('CartPole-v1');
 * ```
 */
export function coreModule(options: CoreModuleOptions): ContainerModule {
  const rng = new RngImpl(options.seed);
  const backendName = options.backend ?? 'js';
  return new ContainerModule(({ bind }) => {
    bind<Rng>(Rng).toConstantValue(rng);
    bind<Clock>(Clock).toConstantValue(options.clock ?? new SystemClock());
    bind<Scheduler>(Scheduler).toConstantValue(options.scheduler ?? new ImmediateScheduler());
    for (const kind of [EnvContribution, AgentContribution, DataContribution, SinkContribution, BackendContribution, TransferHook]) {
      bindContributionProvider(bind, kind);
    }
    bind<EnvRegistry>(EnvRegistry)
      .toDynamicValue((context) => {
        const registry = new EnvRegistryImpl();
        for (const c of contributions<EnvContribution>(context, EnvContribution)) c.registerEnvs(registry);
        return registry;
      })
      .inSingletonScope();
    bind<AgentRegistry>(AgentRegistry)
      .toDynamicValue((context) => {
        const registry = new AgentRegistryImpl();
        for (const c of contributions<AgentContribution>(context, AgentContribution)) c.registerAgents(registry);
        return registry;
      })
      .inSingletonScope();
    bind<DataRegistry>(DataRegistry)
      .toDynamicValue((context) => {
        const registry = new DataRegistryImpl();
        for (const c of contributions<DataContribution>(context, DataContribution)) c.registerData(registry);
        return registry;
      })
      .inSingletonScope();
    bind<SinkRegistry>(SinkRegistry)
      .toDynamicValue((context) => {
        const registry = new SinkRegistryImpl();
        for (const c of contributions<SinkContribution>(context, SinkContribution)) c.registerSinks(registry);
        return registry;
      })
      .inSingletonScope();
    bind<KernelBackend>(KernelBackend)
      .toDynamicValue((context) => {
        const contributed = contributions<BackendContribution>(context, BackendContribution).find((b) => b.name === backendName);
        if (contributed !== undefined) return contributed.create();
        if (!(BACKEND_NAMES as readonly string[]).includes(backendName)) throw unknownBackend(backendName, contributions<BackendContribution>(context, BackendContribution));
        if (backendName === 'auto') return createAutoBackend(options);
        return createBackend(backendName as BackendName);
      })
      .inSingletonScope();
  });
}

/**
 * The error for a backend name that neither a plugin nor `createBackend` knows.
 *
 * @example
 * ```ts
 * throw unknownBackend('cuda', contributed);   // Unknown kernel backend 'cuda'; known backends: js, gpu, ...
 * ```
 */
export function unknownBackend(name: string, contributed: readonly BackendContribution[]): ConfigError {
  const known = [...BACKEND_NAMES, ...contributed.map((b) => b.name)];
  return new ConfigError(`Unknown kernel backend '${name}'; known backends: ${known.join(', ')}`);
}

/** The `auto` backend with the calibrated thresholds file, when there is one (see {@link CoreModuleOptions}). */
function createAutoBackend(options: CoreModuleOptions): KernelBackendType {
  const configured = options.autoThresholdsPath;
  if (configured === null) return createBackend('auto');
  const path = resolve(options.cwd ?? process.cwd(), configured ?? DEFAULT_AUTO_THRESHOLDS_PATH);
  if (!existsSync(path)) {
    if (configured === undefined) return createBackend('auto');
    throw new ConfigError(`auto backend: the thresholds file ${path} does not exist; run \`neuroloop calibrate --out ${configured}\` to measure them, or leave the path unset to use the defaults`);
  }
  try {
    return createBackend('auto', { thresholdsPath: path });
  } catch (error) {
    if (!(error instanceof FileFormatError)) throw error;
    const wrapped = new FileFormatError(`auto backend: ${error.message}. Run \`neuroloop calibrate\` again to rewrite it, or delete it to use the default thresholds`);
    wrapped.cause = error;
    throw wrapped;
  }
}

function contributions<T>(context: ResolutionContext, kind: symbol): T[] {
  return context.get<ContributionProvider<T>>(ContributionProvider, { name: kind }).getContributions();
}
