import type { DataSource } from '../data/data-source.js';
import { ConfigError } from '../errors.js';
import type { KernelBackend } from '../kernels/kernel-backend.js';
import type { Rng } from '../random/rng.js';
import type { Space } from '../spaces/space.js';
import { isAgent, type Agent } from './agent.js';
import { isLearner, type Learner } from './learner.js';
import { mergeOptions } from './merge-options.js';
import { NamedRegistry } from './named-registry.js';

/** The env an agent will act in, as far as building it needs to know. */
export interface AgentEnvInfo {
  readonly observationSpace: Space<unknown>;
  readonly actionSpace: Space<unknown>;
  /** Env copies stepped together (1 for a single env). */
  readonly numEnvs: number;
}

/** Everything a registration's `create` receives. */
export interface AgentContext<Options extends object = object> {
  /** The registry id being built (for messages). */
  readonly id: string;
  /** The registration's `defaults` overridden by the caller's options. */
  readonly options: Options;
  /** The agent's own random stream (e.g. `root.child('agent')`); every draw it makes comes from here. */
  readonly rng: Rng;
  /** Set for agents that interact with an env. */
  readonly env?: AgentEnvInfo;
  /** Set for learners trained on data. */
  readonly data?: DataSource;
  /** The experiment's kernel backend, for agents with networks. */
  readonly backend?: KernelBackend;
}

/**
 * How to build an agent or learner by id. `defaults` are the complete default options; they
 * are also the accepted keys (an unknown option key is an error, as for env kwargs).
 */
export interface AgentRegistration<Options extends object = object> {
  /** e.g. `q-learning`, `dqn`. */
  readonly id: string;
  readonly description?: string;
  readonly defaults?: Options;
  create(context: AgentContext<Options>): Agent | Learner;
}

/** What {@link AgentRegistry.make} needs besides the id: the context without `id`, options as overrides. */
export type MakeAgentContext = Omit<AgentContext, 'id' | 'options'> & {
  /** Overrides of the registration's defaults. */
  readonly options?: Readonly<Record<string, unknown>>;
};

/** The service token of {@link AgentRegistry}. */
export const AgentRegistry = Symbol('AgentRegistry');

/**
 * The agents and learners an experiment can build by id. Plugins fill it through
 * `AgentContribution`s; each container owns one ({@link AgentRegistryImpl}).
 *
 * @example
 * ```ts
 * const agent = container.get<AgentRegistry>(AgentRegistry).makeAgent('q-learning', { rng, env });
 * ```
 */
export interface AgentRegistry {
  /** Adds a registration; throws a `ConfigError` for a duplicate id unless `override`. */
  register<Options extends object>(registration: AgentRegistration<Options>, options?: { readonly override?: boolean }): void;
  has(id: string): boolean;
  /** The registration of `id`; throws a `ConfigError` naming close and known ids. */
  get(id: string): AgentRegistration;
  /** Every registration, sorted by id. */
  list(): AgentRegistration[];
  /** Builds `id` with its defaults merged with `context.options`. */
  make(id: string, context: MakeAgentContext): Agent | Learner;
  /** Like `make`, for an agent that interacts with an env; throws if `id` builds a learner. */
  makeAgent<Obs = unknown, Act = unknown>(id: string, context: MakeAgentContext): Agent<Obs, Act>;
  /** Like `make`, for a learner trained on data; throws if `id` builds an env agent. */
  makeLearner(id: string, context: MakeAgentContext): Learner;
}

/**
 * The default {@link AgentRegistry}.
 *
 * @example
 * ```ts
 * const agents = new AgentRegistryImpl();
 * agents.register({ id: 'random', defaults: {}, create: (ctx) => new RandomAgent(ctx) });
 * const agent = agents.makeAgent<Float32Array, number>('random', { rng, env: { observationSpace, actionSpace, numEnvs: 1 } });
 * agents.make('rnadom', ctx);   // throws: Unknown agent id 'rnadom'. Did you mean 'random'? Known: random
 * ```
 */
export class AgentRegistryImpl extends NamedRegistry<AgentRegistration> implements AgentRegistry {
  constructor() {
    super('agent');
  }

  override register<Options extends object>(registration: AgentRegistration<Options>, options: { readonly override?: boolean } = {}): void {
    super.register(registration as AgentRegistration, options);
  }

  /** Builds `id` with its defaults merged with `context.options`. */
  make(id: string, context: MakeAgentContext): Agent | Learner {
    const entry = this.get(id);
    const { options = {}, ...rest } = context;
    const merged = entry.defaults === undefined ? { ...options } : mergeOptions(`agent '${id}'`, entry.defaults, options);
    const built = entry.create({ ...rest, id, options: merged });
    if (!isAgent(built) && !isLearner(built)) {
      throw new ConfigError(`agent '${id}': create returned ${String(built)}, which is neither an Agent (act/predict/observe) nor a Learner (trainStep/evaluate)`);
    }
    return built;
  }

  /** Like `make`, for an agent that interacts with an env; throws if `id` builds a learner. */
  makeAgent<Obs = unknown, Act = unknown>(id: string, context: MakeAgentContext): Agent<Obs, Act> {
    const built = this.make(id, context);
    if (!isAgent(built)) throw new ConfigError(`'${id}' is a learner (trained on data with fit), not an agent for an env`);
    return built as Agent<Obs, Act>;
  }

  /** Like `make`, for a learner trained on data; throws if `id` builds an env agent. */
  makeLearner(id: string, context: MakeAgentContext): Learner {
    const built = this.make(id, context);
    if (!isLearner(built)) throw new ConfigError(`'${id}' is an agent for an env (run it with interact), not a learner for data`);
    return built;
  }
}

/**
 * The env info of a context, or a `ConfigError` naming the agent when it has none.
 *
 * @example
 * ```ts
 * const { observationSpace, actionSpace } = requireEnv(context);
 * ```
 */
export function requireEnv(context: Pick<AgentContext, 'id' | 'env'>): AgentEnvInfo {
  if (context.env === undefined) throw new ConfigError(`agent '${context.id}' acts in an env; build it with context.env (spaces and numEnvs)`);
  return context.env;
}
