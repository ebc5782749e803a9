import { ContainerModule } from 'inversify';
import { EnvContribution } from '../src/di/contributions.js';
import type { Plugin } from '../src/di/plugin.js';
import { registerBuiltinEnvs } from './index.js';

/**
 * The built-in environments (classic control and the toy envs) as a plugin
 * (`neuroloop/envs`): one `EnvContribution` that calls `registerBuiltinEnvs`.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 0, plugins: [builtinEnvsPlugin] });
 * container.get<EnvRegistry>(EnvRegistry).make('CartPole-v1');
 * ```
 */
export const builtinEnvsPlugin: Plugin = {
  name: 'neuroloop/envs',
  module: new ContainerModule(({ bind }) => {
    bind<EnvContribution>(EnvContribution).toConstantValue({ registerEnvs: registerBuiltinEnvs });
  }),
};

export default builtinEnvsPlugin;
