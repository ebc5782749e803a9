import 'reflect-metadata';
import { Container } from 'inversify';
import { BACKEND_NAMES } from '../kernels/create-backend.js';
import { ConfigError } from '../errors.js';
import { BackendContribution } from './contributions.js';
import { coreModule, unknownBackend, type CoreModuleOptions } from './core-module.js';
import { explainNotPlugin, type Plugin } from './plugin.js';

/** Options of {@link createContainer}. */
export interface CreateContainerOptions extends CoreModuleOptions {
  /** Loaded after the core module, in order. Names must be unique. */
  readonly plugins?: readonly Plugin[];
}

/**
 * Builds the inversify container of one experiment: the core module (seeded root `Rng`,
 * `Clock`, `Scheduler`, registries, `KernelBackend`) plus each plugin's module. Every call
 * makes new instances of everything, so two experiments in one process share no state.
 * Throws a `ConfigError` for a malformed or duplicate plugin, or an unknown backend name.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 42, backend: 'js', plugins: [builtinEnvsPlugin, builtinAgentsPlugin] });
 * const env = container.get<EnvRegistry>(EnvRegistry).make('CartPole-v1');
 * const rng = container.get<Rng>(Rng).child('agent');
 * ```
 */
export function createContainer(options: CreateContainerOptions): Container {
  const plugins = options.plugins ?? [];
  const names = new Set<string>();
  plugins.forEach((plugin, i) => {
    const why = explainNotPlugin(plugin);
    if (why !== null) throw new ConfigError(`createContainer: plugins[${i}] is not a plugin: ${why}`);
    if (names.has(plugin.name)) throw new ConfigError(`createContainer: two plugins are named '${plugin.name}'; plugin names must be unique`);
    names.add(plugin.name);
  });
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(coreModule(options), ...plugins.map((p) => p.module));
  const backend = options.backend ?? 'js';
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
    const contributed = container.getAll<BackendContribution>(BackendContribution, { optional: true });
    if (!contributed.some((b) => b.name === backend)) throw unknownBackend(backend, contributed);
  }
  return container;
}
