import { ContainerModule } from 'inversify';
import type { AgentRegistration } from '../agent/agent-registry.js';
import type { EnvRegistration } from '../env/registry.js';
import { ConfigError } from '../errors.js';
import {
  AgentContribution,
  BackendContribution,
  DataContribution,
  EnvContribution,
  SinkContribution,
  TransferHook,
} from './contributions.js';
import type { DataRegistration } from './data-registry.js';
import type { SinkRegistration } from './sink-registry.js';

/**
 * A plugin: a named inversify `ContainerModule` that binds contributions (envs, agents, data
 * sources, sinks, backends, transfer hooks) and any services of its own. The built-in envs and
 * agents are plugins too. A plugin module file default-exports one (see `loadPluginModule`).
 *
 * @example
 * ```ts
 * const plugin: Plugin = { name: 'my-envs', module: new ContainerModule(({ bind }) => {
 *   bind<EnvContribution>(EnvContribution).toConstantValue({ registerEnvs: (r) => r.register(corridor) });
 * }) };
 * ```
 */
export interface Plugin {
  /** Unique among the plugins of one container (e.g. `neuroloop/envs`, `my-company/envs`). */
  readonly name: string;
  readonly module: ContainerModule;
}

/** The plain-object form of a plugin that {@link definePlugin} turns into a {@link Plugin}. */
export interface PluginDefinition {
  readonly name: string;
  readonly envs?: readonly EnvRegistration[];
  readonly agents?: readonly AgentRegistration[];
  readonly data?: readonly DataRegistration[];
  readonly sinks?: readonly SinkRegistration[];
  readonly backends?: readonly BackendContribution[];
  readonly transferHooks?: readonly TransferHook[];
}

/**
 * Builds a {@link Plugin} from plain registrations: each list becomes one contribution that
 * registers its entries into the container's registry of that kind.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: 'corridor',
 *   envs: [{ id: 'my/Corridor-v0', create: (kwargs) => new CorridorEnv(kwargs), kwargs: { length: 8 }, maxEpisodeSteps: 100 }],
 *   agents: [{ id: 'always-right', defaults: {}, create: () => new AlwaysRightAgent() }],
 * });
 * ```
 */
export function definePlugin(definition: PluginDefinition): Plugin {
  const { name, envs = [], agents = [], data = [], sinks = [], backends = [], transferHooks = [] } = definition;
  if (typeof name !== 'string' || name.length === 0) throw new ConfigError(`definePlugin: name must be a non-empty string, got ${JSON.stringify(name)}`);
  const module = new ContainerModule(({ bind }) => {
    if (envs.length > 0) bind<EnvContribution>(EnvContribution).toConstantValue({ registerEnvs: (r) => envs.forEach((e) => r.register(e)) });
    if (agents.length > 0) bind<AgentContribution>(AgentContribution).toConstantValue({ registerAgents: (r) => agents.forEach((a) => r.register(a)) });
    if (data.length > 0) bind<DataContribution>(DataContribution).toConstantValue({ registerData: (r) => data.forEach((d) => r.register(d)) });
    if (sinks.length > 0) bind<SinkContribution>(SinkContribution).toConstantValue({ registerSinks: (r) => sinks.forEach((s) => r.register(s)) });
    for (const backend of backends) bind<BackendContribution>(BackendContribution).toConstantValue(backend);
    for (const hook of transferHooks) bind<TransferHook>(TransferHook).toConstantValue(hook);
  });
  return { name, module };
}

/**
 * Why `value` is not a {@link Plugin}, or null when it is one.
 *
 * @example
 * ```ts
 * explainNotPlugin({ name: 'x' });   // "plugin 'x': expected 'module' to be an inversify ContainerModule"
 * ```
 */
export function explainNotPlugin(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return `expected an object { name, module }, got ${value === null ? 'null' : typeof value}`;
  const { name, module } = value as Partial<Plugin>;
  if (typeof name !== 'string' || name.length === 0) return `expected a non-empty string 'name', got ${JSON.stringify(name)}`;
  // Duck-typed rather than instanceof: a plugin may bring its own copy of inversify.
  const m = module as { load?: unknown; id?: unknown } | undefined;
  if (typeof m !== 'object' || m === null || typeof m.load !== 'function' || typeof m.id !== 'number') {
    return `plugin '${name}': expected 'module' to be an inversify ContainerModule`;
  }
  return null;
}

/**
 * True when `value` is a {@link Plugin}.
 *
 * @example
 * ```ts
 * isPlugin(builtinAgentsPlugin);   // true
 * ```
 */
export function isPlugin(value: unknown): value is Plugin {
  return explainNotPlugin(value) === null;
}
