/**
 * The contribution points: how plugins extend an experiment. A plugin binds any number of
 * contributions in its ContainerModule; the core module collects each kind with a
 * `ContributionProvider` (which yields [] when none are bound) and fills the container's
 * registries from them. `definePlugin` binds them for you from plain objects.
 */
import type { Agent } from '../agent/agent.js';
import type { AgentRegistry } from '../agent/agent-registry.js';
import type { Learner } from '../agent/learner.js';
import type { EnvRegistry } from '../env/registry.js';
import type { KernelBackend } from '../kernels/kernel-backend.js';
import type { DataRegistry } from './data-registry.js';
import type { SinkRegistry } from './sink-registry.js';

/**
 * Adds environments to the container's `EnvRegistry`.
 *
 * @example
 * ```ts
 * bind<EnvContribution>(EnvContribution).toConstantValue({ registerEnvs: (r) => r.register({ id: 'my/Corridor-v0', create: () => new Corridor() }) });
 * ```
 */
export const EnvContribution = Symbol('EnvContribution');
export interface EnvContribution {
  registerEnvs(registry: EnvRegistry): void;
}

/**
 * Adds agents and learners to the container's `AgentRegistry`.
 *
 * @example
 * ```ts
 * bind<AgentContribution>(AgentContribution).toConstantValue({ registerAgents: (r) => r.register(randomAgentRegistration) });
 * ```
 */
export const AgentContribution = Symbol('AgentContribution');
export interface AgentContribution {
  registerAgents(registry: AgentRegistry): void;
}

/**
 * Adds data sources to the container's `DataRegistry`.
 *
 * @example
 * ```ts
 * bind<DataContribution>(DataContribution).toConstantValue({ registerData: (r) => r.register({ id: 'ring-8', create: () => ring8() }) });
 * ```
 */
export const DataContribution = Symbol('DataContribution');
export interface DataContribution {
  registerData(registry: DataRegistry): void;
}

/**
 * Adds sinks to the container's `SinkRegistry`.
 *
 * @example
 * ```ts
 * bind<SinkContribution>(SinkContribution).toConstantValue({ registerSinks: (r) => r.register({ id: 'count', create: () => new CountingSink() }) });
 * ```
 */
export const SinkContribution = Symbol('SinkContribution');
export interface SinkContribution {
  registerSinks(registry: SinkRegistry): void;
}

/**
 * A kernel backend a plugin offers under a name; `createContainer({ backend: name })` prefers
 * it over the built-in backends of the same name.
 *
 * @example
 * ```ts
 * bind<BackendContribution>(BackendContribution).toConstantValue({ name: 'my-simd', create: () => new SimdBackend() });
 * ```
 */
export const BackendContribution = Symbol('BackendContribution');
export interface BackendContribution {
  readonly name: string;
  readonly description?: string;
  create(): KernelBackend;
}

/** What a {@link TransferHook} is applied to. */
export interface TransferTarget {
  /** The registry id of the agent or learner. */
  readonly agentId: string;
  readonly model: Agent | Learner;
}

/**
 * Runs on a freshly built agent or learner before training starts: loads pretrained layers,
 * freezes some, and so on (transfer learning). The experiment applies every bound hook in
 * binding order.
 *
 * @example
 * ```ts
 * bind<TransferHook>(TransferHook).toConstantValue({ name: 'load-encoder', apply: ({ model }) => loadEncoderInto(model) });
 * ```
 */
export const TransferHook = Symbol('TransferHook');
export interface TransferHook {
  readonly name: string;
  apply(target: TransferTarget): void;
}
