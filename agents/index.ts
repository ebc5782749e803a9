import { definePlugin, type Plugin } from '../src/di/plugin.js';
import { charRnnRegistration } from './char-rnn/char-rnn.js';
import { classifierRegistration } from './classifier/classifier.js';
import { dqnRegistration } from './dqn/dqn.js';
import { ganRegistration } from './gan/gan.js';
import { a2cRegistration } from './policy-gradient/a2c.js';
import { ppoRegistration } from './policy-gradient/ppo.js';
import { reinforceRegistration } from './policy-gradient/reinforce.js';
import { qLearningRegistration } from './q-learning/q-learning.js';
import { randomAgentRegistration } from './random/random-agent.js';
import { vaeRegistration } from './vae/vae.js';

export * from './random/index.js';
export * from './q-learning/index.js';
export * from './dqn/index.js';
export * from './policy-gradient/index.js';
export * from './classifier/index.js';
export * from './gan/index.js';
export * from './vae/index.js';
export * from './char-rnn/index.js';

/**
 * The built-in agents and learners as a plugin (`neuroloop/agents`).
 * `createContainer` callers (the experiment layer, the CLI) load it like any other plugin.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 0, plugins: [builtinEnvsPlugin, builtinAgentsPlugin] });
 * container.get<AgentRegistry>(AgentRegistry).list().map((a) => a.id);   // ['a2c', 'char-rnn', 'classifier', 'dqn', ...]
 * ```
 */
export const builtinAgentsPlugin: Plugin = definePlugin({
  name: 'neuroloop/agents',
  agents: [randomAgentRegistration, qLearningRegistration, dqnRegistration, classifierRegistration, a2cRegistration, ppoRegistration, reinforceRegistration, ganRegistration, vaeRegistration, charRnnRegistration],
});

export default builtinAgentsPlugin;
