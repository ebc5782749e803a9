import { take, tap, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { QLearningAgent } from '../../../agents/q-learning/q-learning.js';
import { RandomAgent } from '../../../agents/random/random-agent.js';
import type { Agent } from '../../../src/agent/agent.js';
import { VectorEnv } from '../../../src/env/vector-env.js';
import { ConfigError } from '../../../src/errors.js';
import { ManualClock } from '../../../src/loop/clock.js';
import type { LoopEvent, TimingEvent } from '../../../src/loop/events.js';
import { interact, type InteractOptions } from '../../../src/loop/interact.js';
import type { InteractState } from '../../../src/loop/interact-state.js';
import { LoopError } from '../../../src/loop/loop-error.js';
import { Rng } from '../../../src/random/rng.js';
import { runVirtual, SlipperyCorridor } from './fixtures.js';

function qAgent(env: SlipperyCorridor | VectorEnv<number, number>, seed = 1): QLearningAgent {
  const numEnvs = env instanceof VectorEnv ? env.numEnvs : 1;
  const space = env instanceof VectorEnv ? env : { observationSpace: env.observationSpace, actionSpace: env.actionSpace };
  const observationSpace = 'singleObservationSpace' in space ? space.singleObservationSpace : space.observationSpace;
  const actionSpace = 'singleActionSpace' in space ? space.singleActionSpace : space.actionSpace;
  return new QLearningAgent({ observationSpace, actionSpace, numEnvs }, new Rng(seed).child('agent'), { learningRate: 0.5, explorationSteps: 200 });
}

/** A q-learning run on the corridor with every periodic feature on. */
function fullRun(chunkSize: number, extra: Partial<InteractOptions<number, number>> = {}) {
  const scheduler = new VirtualTimeScheduler();
  const env = new SlipperyCorridor();
  const agent = qAgent(env);
  const saved: InteractState[] = [];
  const options: InteractOptions<number, number> = {
    budget: { steps: 300 },
    rng: new Rng(5),
    stepEvents: true,
    eval: { every: 50, episodes: 2, env: new SlipperyCorridor(), maxEpisodeSteps: 30 },
    checkpoint: { every: 70, save: (step, state) => (saved.push(state), `checkpoints/step-${step}`) },
    chunkSize,
    scheduler,
    ...extra,
  };
  return { ...runVirtual(interact(env, agent, options), scheduler), saved, env, agent };
}

describe('interact', () => {
  it('emits identical events whatever the chunk size', () => {
    const runs = [1, 7, 1000].map((chunk) => fullRun(chunk));
    for (const run of runs) {
      expect(run.error).toBeNull();
      expect(run.completed).toBe(true);
    }
    expect(runs[1]!.events).toEqual(runs[0]!.events);
    expect(runs[2]!.events).toEqual(runs[0]!.events);
    expect(runs[1]!.saved).toEqual(runs[0]!.saved);
    const types = new Set(runs[0]!.events.map((e) => e.type));
    expect([...types].sort()).toEqual(['checkpoint', 'done', 'episode', 'eval', 'step', 'update']);
  });

  it('orders the events of a step: steps, episodes, update, eval, checkpoint; done last', () => {
    const { events } = fullRun(1000, { checkpoint: { every: 50, save: (step) => `c${step}` } });
    const rank: Record<LoopEvent['type'], number> = { step: 0, episode: 1, update: 2, eval: 3, checkpoint: 4, done: 5 };
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1]!, events[i]!];
      expect(b.step).toBeGreaterThanOrEqual(a.step);
      if (a.step === b.step) expect(rank[b.type]).toBeGreaterThanOrEqual(rank[a.type]);
    }
    expect(events.at(-1)).toEqual({ type: 'done', step: 300, reason: 'budget' });
    expect(events.filter((e) => e.type === 'eval').map((e) => e.step)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(events.filter((e) => e.type === 'checkpoint')).toEqual([50, 100, 150, 200, 250, 300].map((step) => ({ type: 'checkpoint', step, path: `c${step}` })));
    // Every step of the corridor yields an update event (q-learning trains on each transition).
    expect(events.filter((e) => e.type === 'update').map((e) => e.step)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('counts episodes, returns and lengths from the rewards it saw', () => {
    const { events } = fullRun(64);
    let ret = 0;
    let len = 0;
    let episodes = 0;
    for (const e of events) {
      if (e.type === 'step') {
        ret += e.reward;
        len++;
        if (e.terminated || e.truncated) {
          const episode = events.find((x) => x.type === 'episode' && x.episode === episodes + 1);
          expect(episode).toMatchObject({ step: e.step, envIndex: 0, length: len });
          expect((episode as { return: number }).return).toBeCloseTo(ret, 12);
          episodes++;
          ret = 0;
          len = 0;
        }
      }
    }
    expect(episodes).toBeGreaterThan(5);
  });

  it('yields to the scheduler between chunks and runs nothing before subscribe', () => {
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const events$ = interact(env, new RandomAgent(env, new Rng(0)), { budget: { steps: 25 }, stepEvents: true, chunkSize: 10, scheduler });
    expect(env.resets).toBe(0);
    const seen: LoopEvent[] = [];
    events$.subscribe((e) => seen.push(e));
    expect(seen).toEqual([]);
    // A probe scheduled after the loop's first task runs between its chunks (same frame, FIFO).
    const counts: number[] = [];
    scheduler.schedule(function probe() {
      counts.push(seen.filter((e) => e.type === 'step').length);
      if (counts.length < 4) this.schedule();
    });
    scheduler.flush();
    expect(counts).toEqual([10, 20, 25, 25]);
    expect(seen.at(-1)).toEqual({ type: 'done', step: 25, reason: 'budget' });
  });

  it('is cold: each subscription is a fresh run from a reset', () => {
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const events$ = interact(env, new RandomAgent(env, new Rng(0)), { budget: { steps: 30 }, rng: new Rng(2), scheduler });
    const first = runVirtual(events$, scheduler);
    const second = runVirtual(events$, scheduler);
    expect(env.steps).toBe(60);
    expect(first.events.at(-1)).toEqual(second.events.at(-1));
    // Same loop rng, same env seed, but the agent's stream moved on: episodes differ in general.
    expect(first.events.length).toBeGreaterThan(1);
  });

  it('stops at the next step boundary when unsubscribed from inside next', () => {
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const seen: LoopEvent[] = [];
    let completed = false;
    interact(env, new RandomAgent(env, new Rng(0)), { budget: { steps: 1000 }, stepEvents: true, chunkSize: 100, scheduler })
      .pipe(take(3))
      .subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });
    scheduler.flush();
    expect(seen.map((e) => e.step)).toEqual([1, 2, 3]);
    expect(completed).toBe(true);
    expect(env.steps).toBe(3);
  });

  it('cancels the pending chunk when unsubscribed between chunks', () => {
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const subscription = interact(env, new RandomAgent(env, new Rng(0)), { budget: { steps: 1000 }, chunkSize: 40, scheduler }).subscribe();
    scheduler.schedule(() => subscription.unsubscribe());
    scheduler.flush();
    expect(env.steps).toBe(40);
  });

  it('errors with the call and the step named when the env or the agent throws', () => {
    const failing = (where: 'act' | 'observe' | 'env', at: number) => {
      const scheduler = new VirtualTimeScheduler();
      const env = new SlipperyCorridor();
      const inner = new RandomAgent<number, number>(env, new Rng(0));
      let calls = 0;
      const boom = (): void => {
        if (++calls === at) throw new RangeError(`boom in ${where}`);
      };
      const agent: Agent<number, number> = {
        act: (o) => (where === 'act' && boom(), inner.act(o)),
        predict: (o) => inner.predict(o),
        observe: (t) => (where === 'observe' && boom(), inner.observe(t)),
        getState: () => inner.getState(),
        setState: (s) => inner.setState(s),
      };
      if (where === 'env') {
        const step = env.step.bind(env);
        env.step = (a) => (boom(), step(a));
      }
      return runVirtual(interact(env, agent, { budget: { steps: 100 }, chunkSize: 3, scheduler }), scheduler);
    };
    for (const [where, phase] of [['env', 'env.step'], ['act', 'agent.act'], ['observe', 'agent.observe']] as const) {
      const run = failing(where, 5);
      expect(run.completed).toBe(false);
      expect(run.error).toBeInstanceOf(LoopError);
      const error = run.error as LoopError;
      expect(error.phase).toBe(phase);
      expect(error.step).toBe(5);
      expect(error.message).toBe(`${phase} threw at step 5: boom in ${where}`);
      expect(error.cause).toBeInstanceOf(RangeError);
      expect(run.events.every((e) => e.step <= 5)).toBe(true);
    }
  });

  it('errors when the checkpoint hook throws or returns no path', () => {
    const bad = fullRun(10, { checkpoint: { every: 70, save: () => 42 as unknown as string } });
    expect((bad.error as LoopError).phase).toBe('checkpoint');
    expect((bad.error as LoopError).message).toMatch(/checkpoint threw at step 70: checkpoint.save must return the path/);
  });

  it('drives a VectorEnv: agents see batches, steps advance by numEnvs', () => {
    const scheduler = new VirtualTimeScheduler();
    const venv = new VectorEnv([new SlipperyCorridor(), new SlipperyCorridor(), new SlipperyCorridor()]);
    const agent = qAgent(venv);
    const run = runVirtual(interact(venv, agent, { budget: { steps: 100 }, rng: new Rng(3), stepEvents: true, scheduler }), scheduler);
    expect(run.events.at(-1)).toEqual({ type: 'done', step: 102, reason: 'budget' });
    const steps = run.events.filter((e) => e.type === 'step');
    expect(steps).toHaveLength(102);
    expect(steps.slice(0, 3).map((e) => [e.step, e.envIndex])).toEqual([[3, 0], [3, 1], [3, 2]]);
    const episodes = run.events.filter((e) => e.type === 'episode');
    expect(new Set(episodes.map((e) => e.envIndex)).size).toBe(3);
    expect(episodes.map((e) => e.episode)).toEqual(episodes.map((_, i) => i + 1));
  });

  it('evaluates without changing what training does', () => {
    const withEval = fullRun(50);
    const without = fullRun(50, { eval: undefined });
    const training = (events: LoopEvent[]) => events.filter((e) => e.type !== 'eval');
    expect(training(withEval.events)).toEqual(training(without.events));
    const evals = withEval.events.filter((e) => e.type === 'eval');
    expect(evals[0]).toMatchObject({ type: 'eval', step: 50, episodes: 2 });
    expect(Number.isFinite(evals[0]!.meanReturn)).toBe(true);
  });

  it('ends with reason solved when evaluations reach stop.meanReturn', () => {
    const run = fullRun(50, { stop: { meanReturn: 0.5 }, budget: { steps: 5000 }, checkpoint: undefined });
    const evals = run.events.filter((e) => e.type === 'eval');
    const done = run.events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'solved' });
    expect(evals.at(-1)!.meanReturn).toBeGreaterThanOrEqual(0.5);
    expect(evals.slice(0, -1).every((e) => e.meanReturn! < 0.5)).toBe(true);
    expect(done.step).toBe(evals.at(-1)!.step);
  });

  it('without eval, judges stop.meanReturn on the last `window` training episodes', () => {
    const run = fullRun(50, { eval: undefined, checkpoint: undefined, stepEvents: false, stop: { meanReturn: 0.4, window: 5 }, budget: { steps: 5000 } });
    const episodes = run.events.filter((e) => e.type === 'episode');
    const last5 = episodes.slice(-5).map((e) => e.return);
    expect(run.events.at(-1)).toMatchObject({ type: 'done', reason: 'solved', step: episodes.at(-1)!.step });
    expect(last5.reduce((a, b) => a + b) / 5).toBeGreaterThanOrEqual(0.4);
  });

  it('ends with reason stopped at the next step boundary after the signal aborts', () => {
    const controller = new AbortController();
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const paths: number[] = [];
    const run = runVirtual(
      interact(env, new RandomAgent(env, new Rng(0)), {
        budget: { steps: 1000 },
        stepEvents: true,
        signal: controller.signal,
        checkpoint: { every: 1000, atEnd: true, save: (step) => (paths.push(step), `final-${step}`) },
        scheduler,
      }).pipe(tap((e) => e.type === 'step' && e.step === 12 && controller.abort())),
      scheduler,
    );
    expect(run.events.slice(-2)).toEqual([
      { type: 'checkpoint', step: 12, path: 'final-12' },
      { type: 'done', step: 12, reason: 'stopped' },
    ]);
    expect(paths).toEqual([12]);
  });

  it('without checkpoint.every writes only the end-of-run checkpoint', () => {
    const kinds: string[] = [];
    const run = fullRun(1000, { eval: undefined, stepEvents: false, checkpoint: { atEnd: true, save: (step, _state, kind) => (kinds.push(kind), `final-${step}`) } });
    expect(run.events.filter((e) => e.type === 'checkpoint')).toEqual([{ type: 'checkpoint', step: 300, path: 'final-300' }]);
    expect(kinds).toEqual(['end']);
    expect(() => interact(run.env, run.agent, { budget: { steps: 1 }, checkpoint: { every: 0, save: () => 'x' } })).toThrow(/checkpoint.every must be a positive integer, got 0/);
  });

  it('skips the end-of-run checkpoint when a periodic one fell on the last step, also after a resume', () => {
    const saved: [number, string, InteractState][] = [];
    const checkpoint = { every: 70, atEnd: true, save: (step: number, state: InteractState, kind: string) => (saved.push([step, kind, state]), `c${step}`) };
    const run = fullRun(1000, { eval: undefined, stepEvents: false, budget: { steps: 140 }, checkpoint });
    expect(run.events.slice(-2)).toEqual([
      { type: 'checkpoint', step: 140, path: 'c140' },
      { type: 'done', step: 140, reason: 'budget' },
    ]);
    expect(saved.map(([step, kind]) => [step, kind])).toEqual([[70, 'periodic'], [140, 'periodic']]);
    // Resumed from that last periodic checkpoint (say, after a crash before the run folder was
    // closed): the run ends at once, without repeating the checkpoint.
    const last = JSON.parse(JSON.stringify(saved.at(-1)![2])) as InteractState;
    expect(last.lastPeriodicCheckpoint).toBe(140);
    saved.length = 0;
    const resumed = fullRun(1000, { eval: undefined, stepEvents: false, budget: { steps: 140 }, checkpoint, resume: last });
    expect(resumed.events).toEqual([{ type: 'done', step: 140, reason: 'budget' }]);
    expect(saved).toEqual([]);
    // Off the schedule, the end-of-run checkpoint is written.
    const off = fullRun(1000, { eval: undefined, stepEvents: false, budget: { steps: 150 }, checkpoint });
    expect(off.events.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([70, 140, 150]);
    expect(saved.map(([step, kind]) => [step, kind])).toEqual([[70, 'periodic'], [140, 'periodic'], [150, 'end']]);
  });

  it('resumes from a checkpoint exactly as if never stopped', () => {
    const whole = fullRun(33, { eval: undefined });
    const atStep = 140;
    const cut = whole.saved.find((s) => s.step === atStep)!;
    expect(cut.envs).not.toBeNull();
    // Re-run to the checkpoint, keeping the agent's state there.
    const partial = fullRun(33, { eval: undefined, budget: { steps: atStep } });
    const agentState = partial.agent.getState();
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const agent = qAgent(env, 99);
    agent.setState({ json: JSON.parse(JSON.stringify(agentState.json)), tensors: agentState.tensors });
    const resumed = runVirtual(
      interact(env, agent, {
        budget: { steps: 300 },
        rng: new Rng(5),
        stepEvents: true,
        checkpoint: { every: 70, save: (step) => `checkpoints/step-${step}` },
        resume: JSON.parse(JSON.stringify(cut)) as InteractState,
        chunkSize: 1000,
        scheduler,
      }),
      scheduler,
    );
    expect(resumed.error).toBeNull();
    expect(resumed.events).toEqual(whole.events.filter((e) => e.step > atStep));
  });

  it('reports wall-clock timing per chunk outside the event stream', () => {
    const clock = new ManualClock();
    const timings: TimingEvent[] = [];
    const scheduler = new VirtualTimeScheduler();
    const env = new SlipperyCorridor();
    const agent = new RandomAgent<number, number>(env, new Rng(0));
    const act = agent.act.bind(agent);
    agent.act = (o) => (clock.advance(0.001), act(o));
    const run = runVirtual(
      interact(env, agent, { budget: { steps: 250 }, chunkSize: 100, scheduler, clock, onTiming: (t) => timings.push(t) }),
      scheduler,
    );
    expect(run.events.some((e) => (e as { type: string }).type === 'timing')).toBe(false);
    expect(timings.map((t) => t.step)).toEqual([100, 200, 250]);
    expect(timings[0]!.seconds).toBeCloseTo(0.1, 9);
    expect(timings[2]!.seconds).toBeCloseTo(0.25, 9);
    expect(timings[1]!.stepsPerSecond).toBeCloseTo(1000, 6);
  });

  it('rejects invalid options with the field named', () => {
    const env = new SlipperyCorridor();
    const agent = new RandomAgent<number, number>(env, new Rng(0));
    expect(() => interact(env, agent, { budget: { steps: -1 } })).toThrow(/budget.steps must be a non-negative integer, got -1/);
    expect(() => interact(env, agent, { budget: { steps: 1 }, chunkSize: 0 })).toThrow(/chunkSize must be a positive integer/);
    expect(() => interact(env, agent, { budget: { steps: 1 }, eval: { every: 0, episodes: 1, env } })).toThrow(ConfigError);
    expect(() => interact(env, agent, { budget: { steps: 1 }, stop: { meanReturn: Number.NaN } })).toThrow(/stop.meanReturn/);
  });
});
