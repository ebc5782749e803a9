import type { Container } from 'inversify';
import type { SchedulerLike } from 'rxjs';
import type { AgentRegistry as AgentRegistryClass } from '../agent/agent-registry.js';
import { TransferHook } from '../di/contributions.js';
import { createContainer } from '../di/create-container.js';
import type { DataRegistry as DataRegistryClass } from '../di/data-registry.js';
import { loadPluginModule } from '../di/load-plugin-module.js';
import type { Plugin } from '../di/plugin.js';
import { AgentRegistry, DataRegistry, EnvRegistry, KernelBackend, Rng as RngToken } from '../di/tokens.js';
import type { EnvRegistry as EnvRegistryClass } from '../env/registry.js';
import { ConfigError } from '../errors.js';
import type { KernelBackend as KernelBackendType } from '../kernels/kernel-backend.js';
import type { Clock } from '../loop/clock.js';
import type { Rng } from '../random/rng.js';
import { loadBuiltinPlugins } from './builtin-plugins.js';
import type { ExperimentConfig } from './config.js';
import { buildTask, type ExperimentTask } from './experiment-task.js';

/** What {@link buildExperiment} needs besides the config. */
export interface BuildExperimentOptions {
  /** Plugins to load after the built-in ones and the config's `plugins`. */
  readonly plugins?: readonly Plugin[];
  /** Load the built-in envs, agents and sinks plugins (default true). */
  readonly builtins?: boolean;
  readonly clock?: Clock;
  readonly scheduler?: SchedulerLike;
  /** The working folder: `config.out` and the auto backend's thresholds file are relative to it (default `process.cwd()`). */
  readonly cwd?: string;
  /**
   * `backend: "auto"` only: the thresholds file `neuroloop calibrate` wrote, relative to `cwd`
   * (default `.neuroloop/auto-thresholds.json`, loaded when it exists; `null`: none). See
   * `CoreModuleOptions.autoThresholdsPath`.
   */
  readonly autoThresholdsPath?: string | null;
}

/**
 * The container of one experiment (core module + built-in plugins + the config's plugins +
 * extra plugins) and what it trains, built from the container's registries; bound
 * `TransferHook`s are applied to the new model. Touches no files. Errors are `ConfigError`s
 * naming the config field (`plugins[0]: ...`, `backend: ...`, `agent.id: ...`).
 *
 * @example
 * ```ts
 * const { container, task } = await buildExperiment(config);
 * task.kind; // 'env'
 * ```
 */
export async function buildExperiment(config: ExperimentConfig, options: BuildExperimentOptions = {}): Promise<{ container: Container; task: ExperimentTask }> {
  const container = await buildContainer(config, options);
  const task = buildTask(config, {
    envs: container.get<EnvRegistryClass>(EnvRegistry),
    agents: container.get<AgentRegistryClass>(AgentRegistry),
    data: container.get<DataRegistryClass>(DataRegistry),
    rng: container.get<Rng>(RngToken),
    backend: () => {
      try {
        return container.get<KernelBackendType>(KernelBackend);
      } catch (error) {
        throw error instanceof ConfigError ? new ConfigError(`backend: ${error.message}`) : error;
      }
    },
  });
  for (const hook of container.getAll<TransferHook>(TransferHook, { optional: true })) hook.apply({ agentId: config.agent.id, model: task.model });
  return { container, task };
}

/**
 * Only the container of {@link buildExperiment} (for listings: `neuroloop list agents`).
 *
 * @example
 * ```ts
 * const container = await buildContainer(parseConfig(minimalConfig));
 * ```
 */
export async function buildContainer(config: Pick<ExperimentConfig, 'seed' | 'backend' | 'plugins'>, options: BuildExperimentOptions = {}): Promise<Container> {
  const plugins: Plugin[] = options.builtins === false ? [] : await loadBuiltinPlugins();
  for (const [i, path] of config.plugins.entries()) {
    try {
      plugins.push(await loadPluginModule(path));
    } catch (error) {
      throw error instanceof ConfigError ? new ConfigError(`plugins[${i}]: ${error.message}`) : error;
    }
  }
  plugins.push(...(options.plugins ?? []));
  try {
    return createContainer({
      seed: config.seed,
      backend: config.backend,
      plugins,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.autoThresholdsPath === undefined ? {} : { autoThresholdsPath: options.autoThresholdsPath }),
    });
  } catch (error) {
    if (error instanceof ConfigError && /backend/i.test(error.message)) throw new ConfigError(`backend: ${error.message}`);
    throw error;
  }
}
