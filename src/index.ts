/**
 * neuroloop: reinforcement-learning and generative agents for Node.js.
 *
 * The package root exports the core library; built-in environments, agents and plugins live in
 * `neuroloop/envs`, `neuroloop/agents` and `neuroloop/plugins`. DI service tokens whose names
 * clash with the classes they stand for (`Rng`, `KernelBackend`, `EnvRegistry`, `Scheduler`) are
 * exported under `tokens`; inject them as `@inject(tokens.Rng)`.
 *
 * @example
 * ```ts
 * import { Experiment } from 'neuroloop';
 * const experiment = await Experiment.create({ seed: 0, env: { id: 'CartPole-v1' }, agent: { id: 'random' }, train: { steps: 1000 } });
 * const summary = await experiment.run();
 * ```
 */
import 'reflect-metadata';

export * from './errors.js';
export * from './random/index.js';
export * from './tensor/index.js';
export * from './kernels/index.js';
export * from './autograd/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
// Learning-rate schedules and the agents' hyperparameter schedules share names; the optim ones win here.
export { constantSchedule, linearSchedule, type LinearScheduleOptions } from './optim/index.js';
export * from './spaces/index.js';
export * from './env/index.js';
export * from './data/index.js';
export * from './agent/index.js';
export * from './loop/index.js';
export * as tokens from './di/tokens.js';
export {
  bindContributionProvider,
  definePlugin,
  loadPluginModule,
  coreModule,
  createContainer,
  DataRegistryImpl,
  SinkRegistryImpl,
} from './di/index.js';
export * from './experiment/index.js';
export * from './transfer/index.js';
