/**
 * Every service token of neuroloop, in one place, each a Symbol with a type of the same name:
 * `@inject(Rng) rng: Rng` reads as one thing.
 *
 * Where neuroloop declares a service interface for DI (Clock, Sink, AgentRegistry, DataRegistry,
 * SinkRegistry, the contributions, ContributionProvider), the token sits right next to it,
 * Theia style (`export const X = Symbol('X'); export interface X {...}`, default implementation
 * `XImpl`), and is re-exported here. Types from lower layers that know nothing of DI (the `Rng`
 * class, the `KernelBackend` interface, the `EnvRegistry` class, rxjs's `SchedulerLike`) get
 * their token declared here, with a same-named type alias. Import tokens from this module.
 *
 * @example
 * ```ts
 * @injectable()
 * class Trainer {
 *   constructor(@inject(Rng) private readonly rng: Rng, @inject(AgentRegistry) private readonly agents: AgentRegistry) {}
 * }
 * ```
 */
import type { SchedulerLike } from 'rxjs';
import type { EnvRegistry as EnvRegistryClass } from '../env/registry.js';
import type { KernelBackend as KernelBackendInterface } from '../kernels/kernel-backend.js';
import type { Rng as RngClass } from '../random/rng.js';

/** The experiment's root `Rng`, seeded with its seed; components take named children of it. */
export const Rng = Symbol('Rng');
export type Rng = RngClass;

/** The experiment's kernel backend (`js`, `gpu`, `auto` or a plugin's). */
export const KernelBackend = Symbol('KernelBackend');
export type KernelBackend = KernelBackendInterface;

/** The container's env registry, filled from every `EnvContribution`. */
export const EnvRegistry = Symbol('EnvRegistry');
export type EnvRegistry = EnvRegistryClass;

/** The rxjs scheduler the loop yields through between chunks. */
export const Scheduler = Symbol('Scheduler');
export type Scheduler = SchedulerLike;

export { Clock } from '../loop/clock.js';
export { Sink } from '../loop/sink.js';
export { AgentRegistry } from '../agent/agent-registry.js';
export { DataRegistry } from './data-registry.js';
export { SinkRegistry } from './sink-registry.js';
export { ContributionProvider } from './contribution-provider.js';
export {
  AgentContribution,
  BackendContribution,
  DataContribution,
  EnvContribution,
  SinkContribution,
  TransferHook,
} from './contributions.js';
