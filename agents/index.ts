import { definePlugin, type Plugin } from '../src/di/plugin.js';
import { qLearningRegistration } from './q-learning/q-learning.js';
import { randomAgentRegistration } from './random/random-agent.js';

export * from './random/index.js';
export * from './q-learning/index.js';

/**
 * The built-in agents as a plugin (`neuroloop/agents`): `random` and `q-learning` so far.
 * `createContainer` callers (the experiment layer, the CLI) load it like any other plugin.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 0, plugins: [builtinEnvsPlugin, builtinAgentsPlugin] });
 * container.get<AgentRegistry>(AgentRegistry).list().map((a) => a.id);   // ['q-learning', 'random']
 * ```
 */
export const builtinAgentsPlugin: Plugin = definePlugin({
  name: 'neuroloop/agents',
  agents: [randomAgentRegistration, qLearningRegistration],
});

export default builtinAgentsPlugin;
