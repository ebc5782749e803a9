import type { Agent, Transition } from '../agent/agent.js';
import { evaluate } from '../agent/evaluate.js';
import { rngStateFromJson, rngStateToJson } from '../agent/state-snapshot.js';
import type { Env } from '../env/env.js';
import type { VectorEnv } from '../env/vector-env.js';
import { ConfigError } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { ChunkedRun } from './chunked-observable.js';
import { createEnvDriver, type EnvDriver } from './env-driver.js';
import type { DoneReason, LoopEvent } from './events.js';
import type { CheckpointKind, InteractOptions } from './interact.js';
import type { InteractState } from './interact-state.js';
import { LoopError, type LoopPhase } from './loop-error.js';
import { decodeValue, encodeValue } from './value-codec.js';

const DEFAULT_STOP_WINDOW = 100;

/**
 * One subscription's run of `interact`: the env driver, the counters and the per-step logic.
 * Built on subscribe (it resets the env); advanced one vector step per `runStep`.
 */
export class InteractRun<Obs, Act> implements ChunkedRun {
  step = 0;
  private episodes = 0;
  private updates = 0;
  private nextEval: number | null;
  private nextCheckpoint: number | null;
  private lastPeriodicCheckpoint: number | null = null;
  private readonly driver: EnvDriver<Obs, Act>;
  private readonly envRng: Rng;
  private readonly evalRng: Rng;
  private readonly episodeReturns: Float64Array;
  private readonly episodeLengths: Float64Array;
  private recentReturns: number[] = [];
  private readonly window: number;
  // Options read every step, copied to fields once.
  private readonly budgetSteps: number;
  private readonly signal: AbortSignal | undefined;
  private readonly stepEvents: boolean;
  private readonly trackRecentReturns: boolean;
  private phase: LoopPhase = 'env.reset';
  /** The step count this vector step brings the run to (named in errors). */
  private currentStep = 0;
  private finished = false;
  private readonly transition: Mutable<Transition<Obs, Act>> = {
    step: 0,
    observations: [],
    actions: [],
    rewards: [],
    nextObservations: [],
    terminated: [],
    truncated: [],
  };

  constructor(
    env: Env<Obs, Act> | VectorEnv<Obs, Act>,
    private readonly agent: Agent<Obs, Act>,
    private readonly options: InteractOptions<Obs, Act>,
    rng: Rng,
  ) {
    this.driver = createEnvDriver(env);
    this.envRng = rng.child('env');
    this.evalRng = rng.child('eval');
    this.episodeReturns = new Float64Array(this.driver.numEnvs);
    this.episodeLengths = new Float64Array(this.driver.numEnvs);
    this.window = options.stop?.window ?? DEFAULT_STOP_WINDOW;
    this.budgetSteps = options.budget.steps;
    this.signal = options.signal;
    this.stepEvents = options.stepEvents === true;
    this.trackRecentReturns = options.stop !== undefined && options.eval === undefined;
    this.nextEval = options.eval?.every ?? null;
    this.nextCheckpoint = options.checkpoint?.every ?? null;
    this.guard('env.reset', () => (options.resume === undefined ? this.driver.reset(this.nextSeed()) : this.restore(options.resume)));
  }

  runStep(emit: (event: LoopEvent) => void): boolean {
    if (this.finished) return true;
    if (this.step >= this.budgetSteps) return this.finish('budget', emit);
    if (this.signal !== undefined && this.signal.aborted) return this.finish('stopped', emit);
    try {
      return this.advance(emit);
    } catch (error) {
      throw error instanceof LoopError ? error : new LoopError(this.phase, this.currentStep, error);
    }
  }

  /** The loop's checkpointable state (see {@link InteractState}). */
  getState(): InteractState {
    const states = this.driver.getStates();
    return {
      kind: 'interact',
      step: this.step,
      episodes: this.episodes,
      updates: this.updates,
      numEnvs: this.driver.numEnvs,
      nextEval: this.nextEval,
      nextCheckpoint: this.nextCheckpoint,
      lastPeriodicCheckpoint: this.lastPeriodicCheckpoint,
      envRng: rngStateToJson(this.envRng),
      evalRng: rngStateToJson(this.evalRng),
      episodeReturns: Array.from(this.episodeReturns),
      episodeLengths: Array.from(this.episodeLengths),
      recentReturns: [...this.recentReturns],
      envs: states === null ? null : { states, observations: this.driver.current.map((o, i) => encodeValue(o, `observation ${i}`)) },
    };
  }

  private advance(emit: (event: LoopEvent) => void): boolean {
    const { driver, agent, options } = this;
    const numEnvs = driver.numEnvs;
    this.currentStep = this.step + numEnvs;
    this.phase = 'agent.act';
    const actions = agent.act(driver.current);
    if (actions.length !== numEnvs) throw new ConfigError(`agent.act returned ${actions.length} actions for ${numEnvs} observations`);
    this.phase = 'env.step';
    driver.step(actions);
    this.step += numEnvs;
    const step = this.step;

    for (let i = 0; i < numEnvs; i++) {
      const reward = driver.rewards[i]!;
      const terminated = driver.terminated[i]!;
      const truncated = driver.truncated[i]!;
      if (this.stepEvents) emit({ type: 'step', step, envIndex: i, reward, terminated, truncated });
      this.episodeReturns[i]! += reward;
      this.episodeLengths[i]!++;
      if (terminated || truncated) {
        this.episodes++;
        const episodeReturn = this.episodeReturns[i]!;
        emit({ type: 'episode', step, episode: this.episodes, envIndex: i, return: episodeReturn, length: this.episodeLengths[i]! });
        if (this.trackRecentReturns) {
          this.recentReturns.push(episodeReturn);
          if (this.recentReturns.length > this.window) this.recentReturns.shift();
        }
        this.episodeReturns[i] = 0;
        this.episodeLengths[i] = 0;
      }
    }

    this.phase = 'agent.observe';
    // One object reused for every step: the Transition contract says it is valid only during
    // the call, and not allocating it keeps the per-step cost of the loop down.
    const transition = this.transition;
    transition.step = step;
    transition.observations = driver.previous;
    transition.actions = actions;
    transition.rewards = driver.rewards;
    transition.nextObservations = driver.next;
    transition.terminated = driver.terminated;
    transition.truncated = driver.truncated;
    const metrics = agent.observe(transition);
    if (metrics !== undefined) {
      this.updates++;
      emit({ type: 'update', step, updates: this.updates, metrics });
    }

    let solved = false;
    if (this.nextEval !== null && step >= this.nextEval) {
      while (this.nextEval <= step) this.nextEval += options.eval!.every;
      solved = this.runEval(emit);
    }
    if (this.nextCheckpoint !== null && step >= this.nextCheckpoint) {
      while (this.nextCheckpoint <= step) this.nextCheckpoint += options.checkpoint!.every!;
      this.saveCheckpoint('periodic', emit);
    }
    if (this.trackRecentReturns && this.recentReturns.length >= this.window) {
      solved = mean(this.recentReturns) >= options.stop!.meanReturn;
    }
    if (solved) return this.finish('solved', emit);
    if (step >= this.budgetSteps) return this.finish('budget', emit);
    return false;
  }

  private runEval(emit: (event: LoopEvent) => void): boolean {
    const evalOptions = this.options.eval!;
    const seed = this.evalRng.nextUint32();
    const result = this.guard('eval', () =>
      evaluate(this.agent, evalOptions.env, {
        episodes: evalOptions.episodes,
        seed,
        ...(evalOptions.maxEpisodeSteps === undefined ? {} : { maxEpisodeSteps: evalOptions.maxEpisodeSteps }),
      }),
    );
    emit({ type: 'eval', step: this.step, meanReturn: result.meanReturn, stdReturn: result.stdReturn, episodes: evalOptions.episodes });
    return this.options.stop !== undefined && result.meanReturn >= this.options.stop.meanReturn;
  }

  private saveCheckpoint(kind: CheckpointKind, emit: (event: LoopEvent) => void): void {
    if (kind === 'periodic') this.lastPeriodicCheckpoint = this.step;
    const state = this.getState();
    const path = this.guard('checkpoint', () => this.options.checkpoint!.save(this.step, state, kind));
    if (typeof path !== 'string') {
      throw new LoopError('checkpoint', this.step, new ConfigError(`checkpoint.save must return the path it wrote, got ${String(path)}`));
    }
    emit({ type: 'checkpoint', step: this.step, path });
  }

  private finish(reason: DoneReason, emit: (event: LoopEvent) => void): boolean {
    // A periodic checkpoint at this very step already holds the final state.
    if (this.options.checkpoint?.atEnd === true && this.lastPeriodicCheckpoint !== this.step) this.saveCheckpoint('end', emit);
    emit({ type: 'done', step: this.step, reason });
    this.finished = true;
    return true;
  }

  private restore(state: InteractState): void {
    const where = 'interact resume';
    if (state.kind !== 'interact') throw new ConfigError(`${where}: expected an interact loop state, got kind ${JSON.stringify(state.kind)}`);
    if (state.numEnvs !== this.driver.numEnvs) {
      throw new ConfigError(`${where}: the state was saved with ${state.numEnvs} env copies, this run has ${this.driver.numEnvs}`);
    }
    this.step = state.step;
    this.episodes = state.episodes;
    this.updates = state.updates;
    if (this.nextEval !== null) this.nextEval = state.nextEval ?? this.nextEval;
    if (this.nextCheckpoint !== null) this.nextCheckpoint = state.nextCheckpoint ?? this.nextCheckpoint;
    this.lastPeriodicCheckpoint = state.lastPeriodicCheckpoint ?? null;
    this.envRng.setState(rngStateFromJson(state.envRng, `${where} envRng`));
    this.evalRng.setState(rngStateFromJson(state.evalRng, `${where} evalRng`));
    this.recentReturns = [...state.recentReturns].slice(-this.window);
    if (state.envs === null || this.driver.getStates() === null) {
      this.driver.reset(this.nextSeed());
      return;
    }
    // Reset anyway (the seed is irrelevant, setStates overwrites it): wrappers such as
    // OrderEnforcing and VectorEnv refuse to step an env that was never reset.
    this.driver.reset(0);
    this.driver.setStates(state.envs.states, state.envs.observations.map((o) => decodeValue(o) as Obs));
    this.episodeReturns.set(state.episodeReturns);
    this.episodeLengths.set(state.episodeLengths);
  }

  private nextSeed(): number {
    // Below 2^31 so that VectorEnv's per-copy `seed + i` stays a small safe integer.
    return this.envRng.int(0x80000000);
  }

  private guard<T>(phase: LoopPhase, run: () => T): T {
    this.phase = phase;
    try {
      return run();
    } catch (error) {
      throw error instanceof LoopError ? error : new LoopError(phase, this.step, error);
    }
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
