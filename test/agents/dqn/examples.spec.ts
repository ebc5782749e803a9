import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DqnAgent, dqnRegistration } from '../../../agents/dqn/dqn.js';
import { registerBuiltinEnvs } from '../../../envs/index.js';
import { AgentRegistryImpl } from '../../../src/agent/agent-registry.js';
import { EnvRegistry } from '../../../src/env/registry.js';
import { parseConfig } from '../../../src/experiment/config.js';
import { Rng } from '../../../src/random/rng.js';

describe('examples/dqn-*.json', () => {
  const envs = new EnvRegistry();
  registerBuiltinEnvs(envs);
  const agents = new AgentRegistryImpl();
  agents.register(dqnRegistration);

  for (const [file, envId, steps] of [
    ['dqn-cartpole.json', 'CartPole-v1', 50_000],
    ['dqn-acrobot.json', 'Acrobot-v1', 100_000],
    ['dqn-mountaincar.json', 'MountainCar-v0', 120_000],
  ] as const) {
    it(`${file} is a valid config whose DQN agent builds, with totalTimesteps = train.steps`, () => {
      const path = new URL(`../../../examples/${file}`, import.meta.url);
      const config = parseConfig(readFileSync(path, 'utf8'), { source: file });
      expect(config.env?.id).toBe(envId);
      expect(config.train.steps).toBe(steps);
      expect(config.agent.options['totalTimesteps']).toBe(steps);
      expect(config.eval.episodes).toBe(100);
      const env = envs.make(envId);
      const agent = agents.makeAgent('dqn', { rng: new Rng(0), env: { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 }, options: config.agent.options });
      expect(agent).toBeInstanceOf(DqnAgent);
    });
  }
});
