import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Metrics, Transition } from '../../../src/agent/agent.js';
import { OffPolicyAgent, type OffPolicyOptions } from '../../../src/agent/off-policy-agent.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { VectorEnv } from '../../../src/env/vector-env.js';
import { interact } from '../../../src/loop/interact.js';
import { Rng } from '../../../src/random/rng.js';
import { Discrete } from '../../../src/spaces/discrete.js';
import { runVirtual, SlipperyCorridor } from '../loop/fixtures.js';

const OPTIONS: OffPolicyOptions = {
  bufferSize: 50,
  learningStarts: 10,
  batchSize: 3,
  trainFreq: 4,
  gradientSteps: 2,
  targetUpdateInterval: 15,
  explorationInitialEps: 0,
  explorationFinalEps: 0,
  explorationSteps: 0,
};

/** Greedy action is always 1; records when the base calls train and updateTarget. */
class Recorder extends OffPolicyAgent<number, number> {
  readonly trainedAt: number[] = [];
  readonly targetAt: number[] = [];
  readonly sampled: number[][] = [];
  protected greedyAction(): number {
    return 1;
  }
  protected train(gradientSteps: number, batchSize: number): Metrics {
    this.trainedAt.push(this.numTimesteps);
    for (let g = 0; g < gradientSteps; g++) this.sampled.push(Array.from(this.replay.sample(batchSize).indices));
    return { loss: gradientSteps };
  }
  protected override updateTarget(): void {
    this.targetAt.push(this.numTimesteps);
  }
  protected getModelState(): StateSnapshot {
    return { json: { note: 'none' }, tensors: {} };
  }
  protected setModelState(): void {}
}

const spaces = { observationSpace: new Discrete(6), actionSpace: new Discrete(2) };

function transition(step: number, n = 1): Transition<number, number> {
  return {
    step,
    observations: new Array(n).fill(step % 6),
    actions: new Array(n).fill(1),
    rewards: new Float64Array(n).fill(0.5),
    nextObservations: new Array(n).fill((step + 1) % 6),
    terminated: new Array(n).fill(false),
    truncated: new Array(n).fill(false),
  };
}

describe('OffPolicyAgent', () => {
  it('trains every trainFreq steps after learningStarts and updates targets on their period', () => {
    const agent = new Recorder({ ...spaces, numEnvs: 1 }, new Rng(0), OPTIONS);
    const metrics: (Metrics | undefined)[] = [];
    for (let step = 1; step <= 40; step++) {
      agent.act([step % 6]);
      metrics.push(agent.observe(transition(step)));
    }
    expect(agent.trainedAt).toEqual([12, 16, 20, 24, 28, 32, 36, 40]);
    expect(agent.targetAt).toEqual([15, 30]);
    expect(agent.sampled).toHaveLength(16);
    expect(metrics[11]).toEqual({ loss: 2, epsilon: 0 });
    expect(metrics[12]).toBeUndefined();
  });

  it('acts at random before learningStarts, then epsilon-greedily', () => {
    const agent = new Recorder({ ...spaces, numEnvs: 1 }, new Rng(4), { ...OPTIONS, learningStarts: 30, explorationInitialEps: 1, explorationFinalEps: 0, explorationSteps: 60 });
    const actions: number[] = [];
    for (let step = 1; step <= 90; step++) {
      actions.push(agent.act([0])[0]!);
      agent.observe(transition(step));
    }
    expect(new Set(actions.slice(0, 30))).toEqual(new Set([0, 1]));
    // Epsilon reaches 0 at step 60: only greedy actions afterwards.
    expect(actions.slice(61).every((a) => a === 1)).toBe(true);
    expect(agent.explorationRate).toBe(0);
  });

  it('counts env steps across vector env copies', () => {
    const agent = new Recorder({ ...spaces, numEnvs: 3 }, new Rng(0), OPTIONS);
    for (let v = 1; v <= 8; v++) agent.observe(transition(3 * v, 3));
    // Timesteps 3, 6, ...: trains when > 10 and on every 4th vector step (4 -> 12, 8 -> 24).
    expect(agent.trainedAt).toEqual([12, 24]);
    // The target period is crossed at 15 (reached on the vector step from 12 to 15) and not again by 24.
    expect(agent.targetAt).toEqual([15]);
  });

  it('resumes exactly: same actions and replay samples after setState', () => {
    const a = new Recorder({ ...spaces, numEnvs: 1 }, new Rng(7), { ...OPTIONS, explorationInitialEps: 0.5, explorationFinalEps: 0.5 });
    for (let step = 1; step <= 20; step++) {
      a.act([step % 6]);
      a.observe(transition(step));
    }
    const b = new Recorder({ ...spaces, numEnvs: 1 }, new Rng(8), { ...OPTIONS, explorationInitialEps: 0.5, explorationFinalEps: 0.5 });
    const state = a.getState();
    b.setState({ json: JSON.parse(JSON.stringify(state.json)), tensors: state.tensors });
    const tail = (agent: Recorder) => {
      const out: number[] = [];
      for (let step = 21; step <= 40; step++) {
        out.push(agent.act([step % 6])[0]!);
        agent.observe(transition(step));
      }
      return [out, agent.sampled.slice(-5)];
    };
    expect(tail(b)).toEqual(tail(a));
  });

  it('runs inside interact on a VectorEnv', () => {
    const scheduler = new VirtualTimeScheduler();
    const venv = new VectorEnv([new SlipperyCorridor(), new SlipperyCorridor()]);
    const agent = new Recorder({ observationSpace: venv.singleObservationSpace, actionSpace: venv.singleActionSpace, numEnvs: 2 }, new Rng(1), OPTIONS);
    const run = runVirtual(interact(venv, agent, { budget: { steps: 40 }, scheduler }), scheduler);
    expect(run.events.filter((e) => e.type === 'update').map((e) => e.step)).toEqual([16, 24, 32, 40]);
  });
});
