// The random agent: samples uniformly from the action space (the baseline every RL result is
// measured against, and the agent of the loop-overhead benchmark).

import type { Agent, Metrics, Transition } from '../../src/agent/agent.js';
import { requireEnv, type AgentEnvInfo, type AgentRegistration } from '../../src/agent/agent-registry.js';
import { pickSnapshot, nestSnapshots, rngStateFromJson, rngStateToJson, type StateSnapshot } from '../../src/agent/state-snapshot.js';
import type { Rng } from '../../src/random/rng.js';
import type { Space } from '../../src/spaces/space.js';

/**
 * Options of {@link RandomAgent}. It has none: the type exists so that an experiment config
 * passing any option to `random` is refused instead of silently ignored.
 */
export type RandomAgentOptions = Record<never, never>;

/** The defaults of {@link RandomAgentOptions} (none). */
export const RANDOM_AGENT_DEFAULTS: RandomAgentOptions = Object.freeze({});

/**
 * Acts uniformly at random in any action space and never learns.
 *
 * Training actions come from the Rng child `'act'`, evaluation (`predict`) actions from the child
 * `'predict'`, so evaluating never changes the training stream. Its state is those two streams.
 *
 * @example
 * ```ts
 * const agent = new RandomAgent({ observationSpace, actionSpace, numEnvs: 1 }, rng.child('agent'));
 * agent.act([observation]);   // [a uniformly random action]
 * ```
 */
export class RandomAgent<Obs = unknown, Act = unknown> implements Agent<Obs, Act> {
  private readonly actionSpace: Space<Act>;
  private readonly actRng: Rng;
  private readonly predictRng: Rng;

  constructor(env: Pick<AgentEnvInfo, 'actionSpace'>, rng: Rng, _options: RandomAgentOptions = RANDOM_AGENT_DEFAULTS) {
    this.actionSpace = env.actionSpace as Space<Act>;
    this.actRng = rng.child('act');
    this.predictRng = rng.child('predict');
  }

  act(observations: readonly Obs[]): Act[] {
    const actions = new Array<Act>(observations.length);
    for (let i = 0; i < observations.length; i++) actions[i] = this.actionSpace.sample(this.actRng);
    return actions;
  }

  predict(_observation: Obs): Act {
    return this.actionSpace.sample(this.predictRng);
  }

  observe(_transition: Transition<Obs, Act>): Metrics | undefined {
    return undefined;
  }

  getState(): StateSnapshot {
    return nestSnapshots({ rng: { json: { act: rngStateToJson(this.actRng), predict: rngStateToJson(this.predictRng) }, tensors: {} } });
  }

  setState(state: StateSnapshot): void {
    const { json } = pickSnapshot(state, 'rng');
    const act = rngStateFromJson(json.act, 'RandomAgent.setState act');
    const predict = rngStateFromJson(json.predict, 'RandomAgent.setState predict');
    this.actRng.setState(act);
    this.predictRng.setState(predict);
  }
}

/**
 * Registers the random agent as `random`.
 *
 * @example
 * ```ts
 * agents.register(randomAgentRegistration);
 * agents.makeAgent('random', { rng, env: { observationSpace, actionSpace, numEnvs: 1 } });
 * ```
 */
export const randomAgentRegistration: AgentRegistration<RandomAgentOptions> = {
  id: 'random',
  description: 'Uniformly random actions in any action space; never learns (a baseline).',
  defaults: RANDOM_AGENT_DEFAULTS,
  create: (context) => new RandomAgent(requireEnv(context), context.rng, context.options),
};
