import { inject, injectable, named } from 'inversify';
import { lastValueFrom, toArray, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { builtinAgentsPlugin } from '../../../agents/index.js';
import { builtinEnvsPlugin } from '../../../envs/plugin.js';
import type { Agent } from '../../../src/agent/agent.js';
import { AgentContribution, ContributionProvider, EnvContribution } from '../../../src/di/index.js';
import { createContainer } from '../../../src/di/create-container.js';
import { definePlugin } from '../../../src/di/plugin.js';
import { AgentRegistry, Clock, DataRegistry, EnvRegistry, KernelBackend, Rng, Scheduler, SinkRegistry } from '../../../src/di/tokens.js';
import { ConfigError } from '../../../src/errors.js';
import { ManualClock } from '../../../src/loop/clock.js';
import { ImmediateScheduler } from '../../../src/loop/immediate-scheduler.js';
import { interact } from '../../../src/loop/interact.js';
import { CorridorEnv, type CorridorKwargs } from '../../../envs/toy/corridor.js';
import type { EnvRegistration } from '../../../src/env/registry.js';
import linePlugin, { AlwaysRightAgent } from './fixtures/corridor-plugin.js';

describe('createContainer', () => {
  it('runs a plugin-defined env and agent through interact', async () => {
    const container = createContainer({ seed: 3, plugins: [linePlugin] });
    const env = container.get<EnvRegistry>(EnvRegistry).make<number, number>('test/Line-v0', { length: 4 });
    const rng = container.get<Rng>(Rng);
    const agent = container.get<AgentRegistry>(AgentRegistry).makeAgent<number, number>('always-right', {
      rng: rng.child('agent'),
      env: { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 },
    });
    const events = await lastValueFrom(interact(env, agent, { budget: { steps: 12 }, rng: rng.child('loop'), scheduler: container.get<Scheduler>(Scheduler) }).pipe(toArray()));
    // Length-4 line walked right: every episode takes 3 steps and returns 1.
    expect(events.filter((e) => e.type === 'episode')).toEqual(
      [3, 6, 9, 12].map((step, i) => ({ type: 'episode', step, episode: i + 1, envIndex: 0, return: 1, length: 3 })),
    );
    expect(events.filter((e) => e.type === 'update')).toEqual([{ type: 'update', step: 10, updates: 1, metrics: { observed: 10 } }]);
    expect(events.at(-1)).toEqual({ type: 'done', step: 12, reason: 'budget' });
    expect((agent as AlwaysRightAgent).observed).toBe(12);
  });

  it('gives each container its own registries, Rng and backend', () => {
    const a = createContainer({ seed: 7, plugins: [linePlugin] });
    const b = createContainer({ seed: 7, plugins: [linePlugin] });
    for (const token of [EnvRegistry, AgentRegistry, DataRegistry, SinkRegistry, Rng, KernelBackend, Clock, Scheduler]) {
      expect(a.get(token)).toBe(a.get(token));
      expect(a.get(token)).not.toBe(b.get(token));
    }
    // Registering into one container's registry leaves the other's alone.
    a.get<EnvRegistry>(EnvRegistry).register({ id: 'extra/Only-v0', create: () => {
        throw new Error('never built');
      } });
    expect(a.get<EnvRegistry>(EnvRegistry).has('extra/Only-v0')).toBe(true);
    expect(b.get<EnvRegistry>(EnvRegistry).has('extra/Only-v0')).toBe(false);
    // Same seed: same streams, but drawing from one does not move the other.
    const ra = a.get<Rng>(Rng);
    const rb = b.get<Rng>(Rng);
    const first = ra.nextUint32();
    expect(rb.nextUint32()).toBe(first);
    ra.nextUint32();
    expect(rb.getState()).not.toEqual(ra.getState());
    expect(createContainer({ seed: 8 }).get<Rng>(Rng).nextUint32()).not.toBe(first);
  });

  it('fills the registries from the built-in plugins', () => {
    const container = createContainer({ seed: 0, plugins: [builtinEnvsPlugin, builtinAgentsPlugin] });
    expect(container.get<EnvRegistry>(EnvRegistry).list().map((s) => s.id)).toContain('toy/GridWorld-v0');
    // Sorted by id; other built-in agents land around these two as they are added.
    const agentIds = container.get<AgentRegistry>(AgentRegistry).list().map((a) => a.id);
    expect(agentIds).toEqual([...agentIds].sort());
    expect(agentIds).toEqual(expect.arrayContaining(['q-learning', 'random']));
    expect(container.get<KernelBackend>(KernelBackend).name).toBe('js');
  });

  it('injects tokens and named contribution providers into @injectable classes', () => {
    @injectable()
    class Inspector {
      constructor(
        @inject(Rng) readonly rng: Rng,
        @inject(ContributionProvider) @named(EnvContribution) readonly envs: ContributionProvider<EnvContribution>,
        @inject(ContributionProvider) @named(AgentContribution) readonly agents: ContributionProvider<AgentContribution>,
      ) {}
    }
    const container = createContainer({ seed: 1, plugins: [linePlugin] });
    container.bind(Inspector).toSelf();
    const inspector = container.get(Inspector);
    expect(inspector.rng).toBe(container.get(Rng));
    expect(inspector.envs.getContributions()).toHaveLength(1);
    expect(inspector.agents.getContributions()).toHaveLength(1);
  });

  it('takes a clock and a scheduler to bind instead of the system ones', () => {
    const clock = new ManualClock(5);
    const scheduler = new VirtualTimeScheduler();
    const container = createContainer({ seed: 0, clock, scheduler });
    expect(container.get(Clock)).toBe(clock);
    expect(container.get(Scheduler)).toBe(scheduler);
    expect(createContainer({ seed: 0 }).get(Scheduler)).toBeInstanceOf(ImmediateScheduler);
  });

  it('uses a contributed backend by name and rejects unknown names', () => {
    const backend = { name: 'test-backend' } as unknown as KernelBackend;
    const plugin = definePlugin({ name: 'test/backend', backends: [{ name: 'test-backend', create: () => backend }] });
    expect(createContainer({ seed: 0, backend: 'test-backend', plugins: [plugin] }).get(KernelBackend)).toBe(backend);
    expect(() => createContainer({ seed: 0, backend: 'nope' })).toThrow(/Unknown kernel backend 'nope'; known backends: js, wasm, wasm:threads, gpu/);
  });

  it('takes typed env registrations (interface kwargs) in definePlugin without casts', () => {
    // CorridorKwargs is an interface: no index signature, so only method-syntax `create` and
    // `kwargs: K & EnvKwargs` let this registration be an EnvRegistration.
    const corridor: EnvRegistration<CorridorKwargs> = {
      id: 'typed/Corridor-v0',
      create: (kwargs) => new CorridorEnv(kwargs),
      kwargs: { length: 8, stepReward: -0.01, randomStart: false },
      maxEpisodeSteps: 20,
    };
    const container = createContainer({ seed: 0, plugins: [definePlugin({ name: 'typed', envs: [corridor] })] });
    const env = container.get<EnvRegistry>(EnvRegistry).make<Float32Array, number>('typed/Corridor-v0', { length: 3 });
    env.reset();
    env.step(1);
    expect(env.step(1)).toMatchObject({ reward: 1, terminated: true });
    expect(env.spec!.kwargs).toEqual({ length: 3, stepReward: -0.01, randomStart: false });
  });

  it('rejects duplicate plugin names and malformed plugins', () => {
    expect(() => createContainer({ seed: 0, plugins: [linePlugin, linePlugin] })).toThrow(/two plugins are named 'test\/line'/);
    expect(() => createContainer({ seed: 0, plugins: [{ name: 'x' } as never] })).toThrow(ConfigError);
  });

  it('builds agents with registry defaults and refuses unknown options', () => {
    const container = createContainer({ seed: 0, plugins: [builtinEnvsPlugin, builtinAgentsPlugin] });
    const env = container.get<EnvRegistry>(EnvRegistry).make('toy/GridWorld-v0');
    const context = { rng: container.get<Rng>(Rng).child('agent'), env: { observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 } };
    const agents = container.get<AgentRegistry>(AgentRegistry);
    const agent: Agent = agents.makeAgent('q-learning', { ...context, options: { learningRate: 0.5 } });
    expect((agent as unknown as { options: { learningRate: number; gamma: number } }).options).toMatchObject({ learningRate: 0.5, gamma: 0.99 });
    expect(() => agents.makeAgent('q-learning', { ...context, options: { learningRat: 0.5 } })).toThrow(/unknown option 'learningRat'. Did you mean 'learningRate'\?/);
    expect(() => agents.makeAgent('q-lerning', context)).toThrow(/Unknown agent id 'q-lerning'. Did you mean 'q-learning'\? Known: ([\w-]+, )*q-learning, ([\w-]+, )*random\b/);
  });
});
