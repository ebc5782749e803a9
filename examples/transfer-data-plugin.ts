/**
 * The built-in data sources (`mnist`, `cifar-10`, `ring-8`, `grid-25`, `char-corpus`) as a
 * plugin, for configs of learners (`examples/classifier-*.json` list it under `plugins`).
 * It registers each built-in source whose id no other plugin has registered yet, so it is a
 * no-op once the experiment's default plugins include the data sources, and it never clashes
 * with a plugin that overrides one. Each container gets its own MNIST cache.
 *
 * @example
 * ```jsonc
 * { "plugins": ["./transfer-data-plugin.ts"], "data": { "id": "mnist", "options": {} }, ... }
 * ```
 */
import { ContainerModule } from 'inversify';
import { createBuiltinDataSources } from '../src/data/builtin-data-sources.js';
import { MnistCache } from '../src/data/mnist-digits.js';
import { DataContribution } from '../src/di/contributions.js';
import type { Plugin } from '../src/di/plugin.js';

const builtinDataPlugin: Plugin = {
  name: 'examples/builtin-data',
  module: new ContainerModule(({ bind }) => {
    const specs = createBuiltinDataSources({ mnistCache: new MnistCache() });
    bind<DataContribution>(DataContribution).toConstantValue({
      registerData: (registry) => {
        for (const spec of specs) {
          if (!registry.has(spec.id)) registry.register({ id: spec.id, description: spec.description, create: ({ options }) => spec.create(options) });
        }
      },
    });
  }),
};

export default builtinDataPlugin;
