import { describe, expect, it } from 'vitest';
import { RandomAgent } from '../../../agents/random/random-agent.js';
import { AgentRegistryImpl, requireEnv, type AgentRegistration } from '../../../src/agent/agent-registry.js';
import type { Learner } from '../../../src/agent/learner.js';
import { mergeOptions } from '../../../src/agent/merge-options.js';
import { ConfigError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';
import { Discrete } from '../../../src/spaces/discrete.js';

interface WalkerOptions {
  readonly speed: number;
  readonly name: string;
  readonly extra: null;
}

const env = { observationSpace: new Discrete(3), actionSpace: new Discrete(2), numEnvs: 1 };
const walker: AgentRegistration<WalkerOptions> = {
  id: 'walker',
  description: 'walks',
  defaults: { speed: 1, name: 'w', extra: null },
  create: (context) => Object.assign(new RandomAgent(requireEnv(context), context.rng), { options: context.options }),
};
const learner: AgentRegistration = {
  id: 'fitter',
  create: () => ({ trainStep: () => ({}), evaluate: () => ({}), getState: () => ({ json: {}, tensors: {} }), setState: () => {} }) satisfies Learner,
};

describe('AgentRegistryImpl', () => {
  it('builds agents with defaults overridden by the given options', () => {
    const registry = new AgentRegistryImpl();
    registry.register(walker);
    const agent = registry.makeAgent('walker', { rng: new Rng(0), env, options: { speed: 3, extra: [1] } }) as unknown as { options: WalkerOptions };
    expect(agent.options).toEqual({ speed: 3, name: 'w', extra: [1] });
    expect(registry.list().map((r) => r.id)).toEqual(['walker']);
  });

  it('explains unknown ids, unknown or mistyped options, duplicates and kind mismatches', () => {
    const registry = new AgentRegistryImpl();
    registry.register(walker);
    registry.register(learner);
    expect(() => registry.make('walkr', { rng: new Rng(0), env })).toThrow("Unknown agent id 'walkr'. Did you mean 'walker'? Known: fitter, walker");
    expect(() => registry.make('walker', { rng: new Rng(0), env, options: { sped: 2 } })).toThrow(/unknown option 'sped'. Did you mean 'speed'\? \(accepted: speed, name, extra\)/);
    expect(() => registry.make('walker', { rng: new Rng(0), env, options: { speed: 'fast' } })).toThrow(/option 'speed' must be a number \(default 1\), got string "fast"/);
    expect(() => registry.register(walker)).toThrow(/already registered/);
    registry.register({ ...walker, description: 'new' }, { override: true });
    expect(registry.get('walker').description).toBe('new');
    expect(() => registry.makeAgent('fitter', { rng: new Rng(0) })).toThrow(/'fitter' is a learner/);
    expect(() => registry.makeLearner('walker', { rng: new Rng(0), env })).toThrow(/'walker' is an agent for an env/);
    expect(() => registry.make('walker', { rng: new Rng(0) })).toThrow(/agent 'walker' acts in an env; build it with context.env/);
    expect(() => new AgentRegistryImpl().make('x', { rng: new Rng(0) })).toThrow(/No agents are registered/);
    registry.register({ id: 'broken', create: () => 42 as never });
    expect(() => registry.make('broken', { rng: new Rng(0) })).toThrow(ConfigError);
  });

  it('mergeOptions refuses a non-object', () => {
    expect(() => mergeOptions('x', { a: 1 }, [] as never)).toThrow(/options must be an object/);
  });
});
