import { ConfigError } from '../../src/errors.js';
import type { Initializer } from '../../src/nn/initializers.js';
import { Tensor } from '../../src/tensor/tensor.js';

/**
 * U(-limit, limit) for every value. With limit 1/sqrt(fanIn) for both the kernel and the bias of
 * a layer it is PyTorch's default `nn.Linear` initialization (kaiming_uniform with a = sqrt(5)),
 * the one Stable-Baselines3's DQN networks start from.
 *
 * @example
 * ```ts
 * const init = uniformInitializer(1 / Math.sqrt(256));
 * new Dense(256, { kernelInitializer: init, biasInitializer: init });
 * ```
 */
export function uniformInitializer(limit: number): Initializer {
  if (!(limit > 0 && Number.isFinite(limit))) throw new ConfigError(`uniformInitializer: limit must be finite and > 0, got ${limit}`);
  return {
    init: (shape, rng) => {
      const t = new Tensor(shape);
      rng.fillUniform(t.data, -limit, limit);
      return t;
    },
    getConfig: () => ({ className: 'RandomUniform', minval: -limit, maxval: limit }),
  };
}
