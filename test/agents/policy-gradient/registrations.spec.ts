import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinAgentsPlugin } from '../../../agents/index.js';
import { PpoAgent } from '../../../agents/policy-gradient/ppo.js';
import { createContainer } from '../../../src/di/create-container.js';
import { AgentRegistry } from '../../../src/di/tokens.js';
import type { AgentRegistry as AgentRegistryType } from '../../../src/agent/agent-registry.js';
import { Rng } from '../../../src/random/rng.js';
import { registry } from './pg-test-utils.js';

const agents = (): AgentRegistryType => createContainer({ seed: 0, plugins: [builtinAgentsPlugin] }).get<AgentRegistryType>(AgentRegistry);

const EXAMPLES = ['ppo-cartpole', 'a2c-cartpole', 'reinforce-cartpole', 'ppo-acrobot', 'ppo-pendulum'];

describe('policy-gradient registrations', () => {
  it('registers ppo, a2c and reinforce with descriptions and defaults', () => {
    const all = agents();
    for (const id of ['ppo', 'a2c', 'reinforce']) {
      const entry = all.get(id);
      expect(entry.description).toMatch(/\(\w+.* \d{4}\)/);
      expect(entry.defaults).toBeDefined();
    }
  });

  it('builds agents by id with options, and names a misspelt option', () => {
    const all = agents();
    const env = registry().make('CartPole-v1');
    const info = { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 2 };
    expect(all.makeAgent('ppo', { rng: new Rng(0), env: info, options: { nSteps: 16 } })).toBeInstanceOf(PpoAgent);
    expect(() => all.makeAgent('ppo', { rng: new Rng(0), env: info, options: { clipRang: 0.1 } })).toThrow(/unknown option 'clipRang'. Did you mean 'clipRange'/);
    expect(() => all.makeAgent('a2c', { rng: new Rng(0), options: {} })).toThrow(/acts in an env/);
  });

  it.each(EXAMPLES)('accepts the agent options of examples/%s.json', (name) => {
    const config = JSON.parse(readFileSync(new URL(`../../../examples/${name}.json`, import.meta.url), 'utf8')) as {
      env: { id: string; numEnvs: number };
      agent: { id: string; options: Record<string, unknown> };
      train: { steps: number };
    };
    const env = registry().make(config.env.id);
    const agent = agents().makeAgent(config.agent.id, { rng: new Rng(0), env: { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: config.env.numEnvs }, options: config.agent.options });
    expect(typeof agent.predict(env.reset({ seed: 0 }).observation)).toMatch(/number|object/);
    // Linear schedules must anneal over the run's own budget.
    const total = config.agent.options.totalTimesteps;
    if (total !== undefined) expect(total).toBe(config.train.steps);
  });
});
