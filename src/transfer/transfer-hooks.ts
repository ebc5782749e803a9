import type { Agent } from '../agent/agent.js';
import type { Learner } from '../agent/learner.js';
import type { TransferHook } from '../di/contributions.js';
import { ConfigError, NeuroloopError } from '../errors.js';
import { Layer } from '../nn/layer.js';
import type { LayerRegistry } from '../nn/layer-registry.js';
import { applyPretrained, type PretrainedOptions } from './apply-pretrained.js';

/**
 * An agent or learner that exposes its networks by name, so transfer hooks can load or adapt
 * their weights: `{ network }` for the classifier, `{ qNetwork, targetNetwork }` for a DQN,
 * `{ policy }` for PPO. The networks are the live ones (built, before training).
 *
 * @example
 * ```ts
 * class MyLearner extends BaseLearner implements HasNetworks {
 *   networks() { return { network: this.network }; }
 * }
 * ```
 */
export interface HasNetworks {
  networks(): Readonly<Record<string, Layer>>;
}

/**
 * True when `value` implements {@link HasNetworks}.
 *
 * @example
 * ```ts
 * if (hasNetworks(model)) freeze(model.networks()['network']!, 2);
 * ```
 */
export function hasNetworks(value: unknown): value is HasNetworks {
  return typeof value === 'object' && value !== null && typeof (value as Partial<HasNetworks>).networks === 'function';
}

/**
 * The networks of an agent or learner by name ({@link HasNetworks}), or `{}` for models without
 * networks (tabular agents).
 *
 * @example
 * ```ts
 * const hook: TransferHook = { name: 'zero-head', apply: ({ model }) => { const net = networksOf(model)['network']; ... } };
 * ```
 */
export function networksOf(model: Agent | Learner | object): Readonly<Record<string, Layer>> {
  if (!hasNetworks(model)) return {};
  const networks = model.networks();
  for (const [name, network] of Object.entries(networks)) {
    if (!(network instanceof Layer)) throw new ConfigError(`networks(): '${name}' is not a Layer`);
  }
  return networks;
}

/** What {@link applyTransferHooks} passes on to each hook besides the model. */
export interface TransferHookContext {
  /** The registry id of the agent or learner (`classifier`, `dqn`). */
  readonly agentId: string;
}

/**
 * Runs `TransferHook`s on a freshly built agent or learner, in order, before training: each gets
 * `{ agentId, model }` and reaches the networks through {@link networksOf}. The experiment
 * applies the container's hooks this way right after building the model (so `neuroloop run`
 * picks up any plugin's hooks); code that builds a model by hand calls it itself. A hook's error
 * is re-thrown with the hook's name and the agent id in front.
 *
 * @example
 * ```ts
 * const classifier = new Classifier(context);
 * applyTransferHooks(classifier, { agentId: 'classifier' }, container.getAll(TransferHook));
 * ```
 */
export function applyTransferHooks(model: Agent | Learner, context: TransferHookContext, hooks: readonly TransferHook[]): void {
  for (const hook of hooks) {
    try {
      hook.apply({ agentId: context.agentId, model });
    } catch (error) {
      if (!(error instanceof NeuroloopError)) throw error;
      const Kind = error.constructor as new (message: string) => NeuroloopError;
      const wrapped = new Kind(`transfer hook '${hook.name}' on agent '${context.agentId}': ${error.message}`);
      wrapped.cause = error;
      throw wrapped;
    }
  }
}

/** Options of {@link pretrainedHook}. */
export interface PretrainedHookOptions extends PretrainedOptions {
  /** Only for this agent id (default: every agent with a network of that name). */
  readonly agentId?: string;
  /** Which of the model's networks receives the weights (default `network`). */
  readonly target?: string;
  readonly registry?: LayerRegistry;
}

/**
 * A ready-made {@link TransferHook} that loads pretrained layers into one network of the model
 * (through `applyPretrained`): the plugin form of the `pretrained` option, for agents that do
 * not have one.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: 'warm-start',
 *   transferHooks: [pretrainedHook({ agentId: 'dqn', target: 'qNetwork', from: 'runs/cartpole/seed-0', network: 'qNetwork', layers: ['hidden_*'] })],
 * });
 * ```
 */
export function pretrainedHook(options: PretrainedHookOptions): TransferHook {
  const target = options.target ?? 'network';
  return {
    name: `pretrained:${options.from}`,
    apply: ({ agentId, model }) => {
      if (options.agentId !== undefined && options.agentId !== agentId) return;
      const network = networksOf(model)[target];
      if (network === undefined) {
        if (options.agentId === undefined) return;
        throw new ConfigError(`agent '${agentId}' has no network '${target}' (networks: ${Object.keys(networksOf(model)).join(', ') || 'none'})`);
      }
      applyPretrained(network, options, options.registry === undefined ? {} : { registry: options.registry });
    },
  };
}
