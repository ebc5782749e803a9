import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Metrics, Transition } from '../../../src/agent/agent.js';
import { OnPolicyAgent, type PolicyStep } from '../../../src/agent/on-policy-agent.js';
import type { RolloutBuffer } from '../../../src/agent/rollout-buffer.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { interact } from '../../../src/loop/interact.js';
import { Rng } from '../../../src/random/rng.js';
import { runVirtual, SlipperyCorridor } from '../loop/fixtures.js';

const value = (s: number): number => s / 10 + 0.05;

/** Uniform random policy with a fixed critic V(s) = s/10 + 0.05; records rollouts and transitions. */
class FixedCritic extends OnPolicyAgent<number, number> {
  readonly rollouts: { advantages: Float32Array; returns: Float32Array }[] = [];
  readonly transitions: { obs: number[]; next: number[]; rewards: number[]; terminated: boolean[]; truncated: boolean[] }[] = [];
  protected policyStep(observations: readonly number[]): PolicyStep<number> {
    return { actions: observations.map(() => this.rng.int(2)), values: observations.map(value), logProbs: observations.map(() => Math.log(0.5)) };
  }
  protected predictValues(observations: readonly number[]): number[] {
    return observations.map(value);
  }
  protected greedyAction(): number {
    return 1;
  }
  protected train(rollout: RolloutBuffer): Metrics {
    this.rollouts.push({ advantages: rollout.advantages, returns: rollout.returns });
    return { rollouts: this.rollouts.length };
  }
  override observe(t: Transition<number, number>): Metrics | undefined {
    this.transitions.push({ obs: [...t.observations], next: [...t.nextObservations], rewards: Array.from(t.rewards), terminated: [...t.terminated], truncated: [...t.truncated] });
    return super.observe(t);
  }
  protected getModelState(): StateSnapshot {
    return { json: {}, tensors: {} };
  }
  protected setModelState(): void {}
}

/** GAE straight from the definition, with truncation bootstrapping, for one env. */
function oracle(steps: FixedCritic['transitions'], gamma: number, lambda: number): number[] {
  const n = steps.length;
  const advantages = new Array<number>(n).fill(0);
  let next = 0;
  for (let t = n - 1; t >= 0; t--) {
    const s = steps[t]!;
    const done = s.terminated[0]! || s.truncated[0]!;
    const reward = s.rewards[0]! + (s.truncated[0]! && !s.terminated[0]! ? gamma * value(s.next[0]!) : 0);
    const nextValue = t === n - 1 ? value(s.next[0]!) : value(steps[t + 1]!.obs[0]!);
    const delta = reward + (done ? 0 : gamma * nextValue) - value(s.obs[0]!);
    next = delta + (done ? 0 : gamma * lambda * next);
    advantages[t] = next;
  }
  return advantages;
}

describe('OnPolicyAgent', () => {
  it('trains once per full rollout on GAE advantages with truncated episodes bootstrapped', () => {
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const agent = new FixedCritic({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 }, new Rng(2), { numSteps: 16, gamma: 0.9, gaeLambda: 0.7 });
    const run = runVirtual(interact(env, agent, { budget: { steps: 160 }, rng: new Rng(1), scheduler }), scheduler);
    expect(run.events.filter((e) => e.type === 'update').map((e) => e.step)).toEqual([16, 32, 48, 64, 80, 96, 112, 128, 144, 160]);
    expect(agent.transitions.some((t) => t.truncated[0])).toBe(true);
    expect(agent.transitions.some((t) => t.terminated[0])).toBe(true);
    agent.rollouts.forEach((rollout, k) => {
      const expected = oracle(agent.transitions.slice(16 * k, 16 * (k + 1)), 0.9, 0.7);
      Array.from(rollout.advantages).forEach((a, t) => expect(a).toBeCloseTo(expected[t]!, 5));
    });
  });

  it('restores a rollout in progress and its Rng', () => {
    const env = new SlipperyCorridor();
    const make = (seed: number) => new FixedCritic({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, numEnvs: 1 }, new Rng(seed), { numSteps: 8, gamma: 0.9, gaeLambda: 0.7 });
    const a = make(2);
    const feed = (agent: FixedCritic, from: number, to: number) => {
      const actions: number[] = [];
      for (let step = from; step <= to; step++) {
        actions.push(agent.act([step % 5])[0]!);
        agent.observe({ step, observations: [step % 5], actions: [actions.at(-1)!], rewards: [0.25], nextObservations: [(step + 1) % 5], terminated: [false], truncated: [step % 7 === 0] });
      }
      return actions;
    };
    feed(a, 1, 5);
    const b = make(3);
    b.setState(a.getState());
    expect(feed(b, 6, 12)).toEqual(feed(a, 6, 12));
    expect(b.rollouts[0]!.advantages).toEqual(a.rollouts[0]!.advantages);
    expect(() => b.observe({ step: 1, observations: [0], actions: [0], rewards: [0], nextObservations: [0], terminated: [false], truncated: [false] })).toThrow(/without a preceding act/);
  });
});
