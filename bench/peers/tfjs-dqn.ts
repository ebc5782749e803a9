/**
 * DQN (Mnih et al., 2015) written in TensorFlow.js the way a tfjs user would, as the peer of
 * neuroloop's `DqnAgent` in bench/dqn.ts: the same algorithm and hyperparameters (SB3 semantics:
 * learning_starts, train_freq / gradient_steps, hard target copy every target_update_interval
 * steps, linear epsilon, Huber loss, Adam with eps 1e-8 and global-norm clipping), on neuroloop's
 * own CartPole-v1 so the environment is identical. Replay sampling and exploration draw from
 * neuroloop's `Rng`; the network math is tfjs (`tf.sequential`, `tf.variableGrads`,
 * `optimizer.applyGradients`).
 *
 * @example
 * ```ts
 * const peer = await loadTfjs();
 * if (!('error' in peer)) console.log(await runTfjsDqn(peer, 'wasm', { steps: 10_000, seed: 1, ...config }));
 * ```
 */
import type { Env } from '../../src/env/env.js';
import { Rng } from '../../src/random/rng.js';
import type { TfjsPeer, TfLayersModel, TfNamespace, TfTensor } from './tfjs.js';

/** The DQN hyperparameters both implementations take (SB3 names, camelCased). */
export interface DqnBenchConfig {
  readonly learningRate: number;
  readonly bufferSize: number;
  readonly learningStarts: number;
  readonly batchSize: number;
  readonly gamma: number;
  readonly trainFreq: number;
  readonly gradientSteps: number;
  readonly targetUpdateInterval: number;
  readonly explorationFraction: number;
  readonly explorationInitialEps: number;
  readonly explorationFinalEps: number;
  readonly maxGradNorm: number;
  readonly netArch: readonly number[];
}

/** What one benchmark run measured. */
export interface DqnRunResult {
  /** Wall seconds of training (env steps, action selection, updates); evaluation excluded. */
  readonly seconds: number;
  readonly steps: number;
  readonly gradientSteps: number;
  /** Mean greedy return of the trained network over the evaluation episodes (a sanity check, not timed). */
  readonly evalReturn: number;
}

/** The slice of tfjs beyond bench/peers/tfjs.ts's typings that a DQN needs. */
interface TfForDqn extends Omit<TfNamespace, 'losses' | 'train'> {
  variableGrads(f: () => TfTensor): { value: TfTensor; grads: Record<string, TfTensor> };
  sum(x: TfTensor, axis?: number): TfTensor;
  mul(a: TfTensor, b: TfTensor | number): TfTensor;
  sub(a: TfTensor | number, b: TfTensor): TfTensor;
  max(x: TfTensor, axis?: number): TfTensor;
  square(x: TfTensor): TfTensor;
  sqrt(x: TfTensor): TfTensor;
  addN(xs: TfTensor[]): TfTensor;
  argMax(x: TfTensor, axis?: number): TfTensor;
  losses: TfNamespace['losses'] & { huberLoss(labels: TfTensor, predictions: TfTensor): TfTensor };
  train: { adam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number): TfAdam };
}

interface TfAdam {
  applyGradients(grads: Record<string, TfTensor>): void;
  dispose(): void;
}

interface TfModelWithWeights extends TfLayersModel {
  getWeights(): TfTensor[];
  setWeights(weights: TfTensor[]): void;
  trainable: boolean;
}

/** Options of {@link runTfjsDqn}. */
export interface RunTfjsDqnOptions extends DqnBenchConfig {
  readonly steps: number;
  readonly seed: number;
  /** Builds the training and the evaluation env (CartPole-v1 from neuroloop's registry). */
  readonly makeEnv: () => Env<Float32Array, number>;
  /** Greedy episodes after training (default 10). */
  readonly evalEpisodes?: number;
}

/** Trains a tfjs DQN on `options.makeEnv()` for `options.steps` env steps on tfjs backend `backend`. */
export async function runTfjsDqn(peer: TfjsPeer, backend: 'cpu' | 'wasm', options: RunTfjsDqnOptions): Promise<DqnRunResult> {
  await peer.useBackend(backend);
  const tf = peer.tf as unknown as TfForDqn;
  const env = options.makeEnv();
  const obsSize = env.observationSpace.shape![0]!;
  const numActions = (env.actionSpace as unknown as { n: number }).n;
  const rng = new Rng(options.seed);
  const exploreRng = rng.child('explore');
  const replayRng = rng.child('replay');
  const build = (): TfModelWithWeights => {
    const sizes = [...options.netArch, numActions];
    return tf.sequential({
      layers: sizes.map((units, i) =>
        tf.layers.dense({
          units,
          ...(i < sizes.length - 1 ? { activation: 'relu' } : {}),
          ...(i === 0 ? { inputShape: [obsSize] } : {}),
          kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed * 100 + i }),
        }),
      ),
    }) as TfModelWithWeights;
  };
  const online = build();
  const target = build();
  target.trainable = false;
  const syncTarget = (): void => target.setWeights(online.getWeights());
  syncTarget();
  const optimizer = tf.train.adam(options.learningRate, 0.9, 0.999, 1e-8);

  // Replay: preallocated typed-array ring, uniform sampling with replacement.
  const capacity = options.bufferSize;
  const observations = new Float32Array(capacity * obsSize);
  const nextObservations = new Float32Array(capacity * obsSize);
  const actions = new Int32Array(capacity);
  const rewards = new Float32Array(capacity);
  const dones = new Float32Array(capacity);
  let position = 0;
  let filled = 0;
  const batch = options.batchSize;
  const batchObs = new Float32Array(batch * obsSize);
  const batchNext = new Float32Array(batch * obsSize);
  const batchActions = new Int32Array(batch);
  const batchRewards = new Float32Array(batch);
  const batchDones = new Float32Array(batch);

  const greedy = (observation: Float32Array): number => {
    const q = tf.tidy(() => tf.argMax(online.predict(tf.tensor2d(observation, [1, obsSize])), 1));
    const action = q.dataSync()[0]!;
    q.dispose();
    return action;
  };

  const gradientStep = (): void => {
    for (let i = 0; i < batch; i++) {
      const row = replayRng.int(filled);
      batchObs.set(observations.subarray(row * obsSize, (row + 1) * obsSize), i * obsSize);
      batchNext.set(nextObservations.subarray(row * obsSize, (row + 1) * obsSize), i * obsSize);
      batchActions[i] = actions[row]!;
      batchRewards[i] = rewards[row]!;
      batchDones[i] = dones[row]!;
    }
    const loss = tf.tidy(() => {
      const obs = tf.tensor2d(batchObs, [batch, obsSize]);
      const next = tf.tensor2d(batchNext, [batch, obsSize]);
      const notDone = tf.sub(1, tf.tensor1d(batchDones));
      const y = tf.add(tf.tensor1d(batchRewards), tf.mul(tf.mul(tf.max(target.predict(next), 1), notDone), options.gamma));
      const mask = tf.oneHot(tf.tensor1d(batchActions, 'int32'), numActions);
      const { value, grads } = tf.variableGrads(() => tf.losses.huberLoss(y, tf.sum(tf.mul(online.predict(obs), mask), 1)));
      // Global-norm clipping (tfjs optimizers have no clipnorm): scale all gradients together.
      const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0]!;
      const factor = norm > options.maxGradNorm ? options.maxGradNorm / (norm + 1e-6) : 1;
      const clipped: Record<string, TfTensor> = {};
      for (const [name, g] of Object.entries(grads)) clipped[name] = factor === 1 ? g : tf.mul(g, factor);
      optimizer.applyGradients(clipped);
      return value;
    });
    // Read the loss back, as neuroloop's step does, then free it.
    loss.dataSync();
    loss.dispose();
  };

  const explorationSteps = Math.round(options.explorationFraction * options.steps);
  const epsilonAt = (t: number): number =>
    t >= explorationSteps ? options.explorationFinalEps : options.explorationInitialEps + (options.explorationFinalEps - options.explorationInitialEps) * (t / explorationSteps);

  let observation = env.reset({ seed: rng.child('env').int(0x80000000) }).observation;
  let gradientSteps = 0;
  const start = performance.now();
  for (let t = 1; t <= options.steps; t++) {
    const random = t - 1 < options.learningStarts || exploreRng.nextFloat() < epsilonAt(t - 1);
    const action = random ? exploreRng.int(numActions) : greedy(observation);
    const result = env.step(action);
    const row = position;
    observations.set(observation, row * obsSize);
    nextObservations.set(result.observation, row * obsSize);
    actions[row] = action;
    rewards[row] = result.reward;
    // Truncation keeps bootstrapping (SB3's handle_timeout_termination).
    dones[row] = result.terminated ? 1 : 0;
    position = (position + 1) % capacity;
    filled = Math.min(filled + 1, capacity);
    observation = result.terminated || result.truncated ? env.reset().observation : result.observation;
    if (t % options.targetUpdateInterval === 0) syncTarget();
    if (t > options.learningStarts && t % options.trainFreq === 0) {
      for (let g = 0; g < options.gradientSteps; g++) gradientStep();
      gradientSteps += options.gradientSteps;
    }
  }
  const seconds = (performance.now() - start) / 1000;

  const evalEnv = options.makeEnv();
  const episodes = options.evalEpisodes ?? 10;
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = evalEnv.reset(e === 0 ? { seed: 10_000 + options.seed } : {}).observation;
    for (;;) {
      const r = evalEnv.step(greedy(obs));
      total += r.reward;
      if (r.terminated || r.truncated) break;
      obs = r.observation;
    }
  }
  online.dispose();
  target.dispose();
  optimizer.dispose();
  return { seconds, steps: options.steps, gradientSteps, evalReturn: total / episodes };
}
