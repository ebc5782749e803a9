import type { JsonObject } from '../../agent/state-snapshot.js';
import { ConfigError } from '../../errors.js';
import { Box } from '../../spaces/box.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env.js';
import type { EnvStateReader } from '../stateful-env.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { StatefulWrapper } from './stateful-wrapper.js';

/**
 * Normalizes Box observations to roughly zero mean and unit variance with running statistics
 * (Gymnasium `NormalizeObservation`): each observation first updates the statistics (when
 * `update` is true), then is returned as `(obs - mean) / sqrt(var + epsilon)` in float32. The
 * observation space becomes an unbounded Box of the same shape.
 *
 * For evaluation, freeze the statistics with `update = false` (or copy them from the training
 * env with `setStatistics(train.getStatistics())`). `getState`/`setState` (the `StatefulEnv`
 * contract) save the whole chain: the statistics, `update` and the wrapped env's state.
 *
 * @example
 * ```ts
 * const train = new NormalizeObservation(registry.make<Float32Array, number>('CartPole-v1'));
 * const evalEnv = new NormalizeObservation(registry.make<Float32Array, number>('CartPole-v1'));
 * evalEnv.setStatistics(train.getStatistics());
 * evalEnv.update = false;
 * ```
 */
export class NormalizeObservation<Act> extends StatefulWrapper<Float32Array, Act> {
  protected readonly stateKind = 'NormalizeObservation';
  /** When false the statistics are frozen (evaluation). */
  update = true;
  private readonly rms: RunningMeanStd;
  private readonly space: Box;

  constructor(
    env: Env<Float32Array, Act>,
    readonly epsilon = 1e-8,
  ) {
    super(env);
    const inner = env.observationSpace;
    if (!(inner instanceof Box)) throw new ConfigError(`NormalizeObservation(${env.name}): needs a Box observation space, got ${inner.toString()}`);
    this.rms = new RunningMeanStd(inner.size);
    this.space = new Box(-Infinity, Infinity, inner.shape);
  }

  override get observationSpace(): Box {
    return this.space;
  }

  /** The running statistics (copies; JSON-safe). */
  getStatistics(): RunningMeanStdState {
    return this.rms.getState();
  }

  /** Restores statistics saved by `getStatistics` (e.g. the training env's, into an evaluation env). */
  setStatistics(state: RunningMeanStdState): void {
    this.rms.setState(state, `NormalizeObservation(${this.name})`);
  }

  override reset(options?: ResetOptions): ResetResult<Float32Array> {
    const result = this.env.reset(options);
    return { ...result, observation: this.normalize(result.observation) };
  }

  override step(action: Act): StepResult<Float32Array> {
    const result = this.env.step(action);
    return { ...result, observation: this.normalize(result.observation) };
  }

  protected override ownState(): JsonObject {
    return { statistics: { ...this.rms.getState() }, update: this.update };
  }

  protected override restoreOwnState(state: EnvStateReader): void {
    const update = state.boolean('update');
    this.rms.setState(RunningMeanStd.readState(state.value('statistics'), `${this.stateWhere}.setState: field 'statistics'`), this.stateWhere);
    this.update = update;
  }

  private normalize(observation: Float32Array): Float32Array {
    if (this.update) this.rms.update(observation);
    const out = new Float32Array(observation.length);
    for (let i = 0; i < out.length; i++) out[i] = (observation[i]! - this.rms.mean[i]!) / Math.sqrt(this.rms.var[i]! + this.epsilon);
    return out;
  }
}

