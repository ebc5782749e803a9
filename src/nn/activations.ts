import type { Graph } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError } from '../errors.js';

/** Activation names accepted by `Dense` (and later Conv2D, LSTM...). */
export type ActivationName = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'softmax' | 'leakyRelu' | 'elu' | 'softplus';

/** Every activation name, for validation and error messages. */
export const ACTIVATION_NAMES: readonly ActivationName[] = Object.freeze([
  'linear', 'relu', 'tanh', 'sigmoid', 'softmax', 'leakyRelu', 'elu', 'softplus',
]);

/** Throws a ConfigError naming `where` unless `name` is a known activation. */
export function checkActivation(name: string, where: string): ActivationName {
  if (!(ACTIVATION_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError(`${where}: unknown activation '${name}'; expected one of ${ACTIVATION_NAMES.join(', ')}`);
  }
  return name as ActivationName;
}

/**
 * Applies a named activation with its default parameters (leakyRelu 0.01, elu 1, softmax over
 * the last axis). `linear` returns `x` itself.
 *
 * @example
 * ```ts
 * const h = activate(g, 'relu', g.matmul(x, w));
 * ```
 */
export function activate(g: Graph, name: ActivationName, x: Variable): Variable {
  switch (name) {
    case 'linear': return x;
    case 'relu': return g.relu(x);
    case 'tanh': return g.tanh(x);
    case 'sigmoid': return g.sigmoid(x);
    case 'softmax': return g.softmax(x, -1);
    case 'leakyRelu': return g.leakyRelu(x);
    case 'elu': return g.elu(x);
    case 'softplus': return g.softplus(x);
  }
}
