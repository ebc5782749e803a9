/**
 * PPO written with TensorFlow.js, as the peer of neuroloop's PPO in bench/pg.ts: the same
 * algorithm and hyperparameters as `agents/policy-gradient/ppo.ts` (SB3's PPO: rollouts over a
 * vector of env copies with same-step autoreset and truncation bootstrapping, GAE(lambda),
 * minibatch epochs with per-minibatch advantage standardization, clipped surrogate, value MSE,
 * optional entropy bonus, Adam with eps 1e-5, global gradient-norm clipping, linear lr and clip
 * schedules), the way a tfjs user would write it: `tf.sequential` actor and critic of dense
 * layers with orthogonal init called through `model.apply` (much faster than `predict`, which
 * re-batches its input), `tf.variableGrads` for the loss gradients, `applyGradients` on a
 * `tf.train.adam`. Rollout bookkeeping and action sampling are plain JavaScript, and the envs
 * are neuroloop's own `VectorEnv` copies, so both runs step identical environments.
 *
 * @example
 * ```ts
 * const result = await runTfjsPpo(peer, 'wasm', CARTPOLE_PPO, () => registry.make('CartPole-v1'), 0);
 * result.seconds; result.stepsPerSecond; result.evalReturn;
 * ```
 */
import { evaluate } from '../../src/agent/evaluate.js';
import type { Env } from '../../src/env/env.js';
import { VectorEnv } from '../../src/env/vector-env.js';
import { Rng } from '../../src/random/rng.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import type { TfjsPeer } from './tfjs.js';

/** The PPO hyperparameters both implementations run (SB3 names, camelCased). */
export interface PpoBenchConfig {
  readonly numEnvs: number;
  readonly nSteps: number;
  readonly batchSize: number;
  readonly nEpochs: number;
  readonly gamma: number;
  readonly gaeLambda: number;
  readonly clipRange: number;
  readonly clipRangeSchedule: 'constant' | 'linear';
  readonly learningRate: number;
  readonly learningRateSchedule: 'constant' | 'linear';
  readonly entCoef: number;
  readonly vfCoef: number;
  readonly maxGradNorm: number;
  readonly netArch: readonly number[];
}

/** What one timed training run measured. */
export interface PpoRunResult {
  readonly backend: string;
  readonly steps: number;
  /** Wall seconds of training (model building and the final evaluation excluded). */
  readonly seconds: number;
  readonly stepsPerSecond: number;
  /** Mean return of 10 greedy episodes after training (a sanity check that it learned). */
  readonly evalReturn: number;
}

// The slice of the tfjs API this file uses (bench/peers/tfjs.ts types only what the MLP bench needs).
interface T {
  readonly shape: number[];
  dataSync(): Float32Array;
  dispose(): void;
}
interface TfVar extends T {
  readonly name: string;
}
interface TfModel {
  apply(x: T): T;
  readonly trainableWeights: { read(): T }[];
  dispose(): void;
}
interface TfAdam {
  learningRate: number;
  applyGradients(grads: Record<string, T>): void;
  dispose(): void;
}
interface Tf {
  tidy<R extends T | T[]>(f: () => R): R;
  tensor2d(values: Float32Array, shape: [number, number]): T;
  tensor1d(values: Float32Array | Int32Array, dtype?: 'float32' | 'int32'): T;
  scalar(value: number): T;
  variable(initial: T, trainable?: boolean, name?: string): TfVar;
  zeros(shape: number[]): T;
  variableGrads(f: () => T, varList?: T[]): { value: T; grads: Record<string, T> };
  exp(x: T): T;
  sub(a: T, b: T | number): T;
  add(a: T, b: T | number): T;
  mul(a: T, b: T | number): T;
  neg(x: T): T;
  mean(x: T, axis?: number): T;
  sum(x: T, axis?: number): T;
  square(x: T): T;
  sqrt(x: T): T;
  minimum(a: T, b: T): T;
  clipByValue(x: T, low: number, high: number): T;
  logSoftmax(x: T): T;
  oneHot(indices: T, depth: number): T;
  reshape(x: T, shape: number[]): T;
  addN(xs: T[]): T;
  sequential(config: { layers: unknown[] }): TfModel;
  layers: { dense(config: Record<string, unknown>): unknown };
  initializers: { orthogonal(config: { gain: number; seed: number }): unknown };
  train: { adam(learningRate: number, beta1?: number, beta2?: number, epsilon?: number): TfAdam };
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Trains PPO with tfjs on `backend` for `steps` env steps and times it.
 *
 * @param makeEnv builds one env copy (neuroloop's registry `make`).
 * @param seed seeds the env resets and action sampling (weights use fixed tfjs seeds).
 */
export async function runTfjsPpo(peer: TfjsPeer, backend: 'cpu' | 'wasm', config: PpoBenchConfig, makeEnv: () => Env<Float32Array, number | Float32Array>, steps: number, seed = 0): Promise<PpoRunResult> {
  await peer.useBackend(backend);
  const tf = peer.tf as unknown as Tf;
  const venv = VectorEnv.fromFactory(config.numEnvs, () => makeEnv());
  const obsSpace = venv.singleObservationSpace;
  const actSpace = venv.singleActionSpace;
  if (!(obsSpace instanceof Box)) throw new Error('tfjs PPO: Box observations only');
  const obsDim = obsSpace.size;
  const discrete = actSpace instanceof Discrete;
  const actDim = discrete ? 1 : (actSpace as Box).size;
  const headSize = discrete ? (actSpace as Discrete).n : actDim;

  const mlp = (out: number, headGain: number, seedBase: number): TfModel => {
    const layers = [...config.netArch.map((units, i) =>
      tf.layers.dense({ units, activation: 'tanh', ...(i === 0 ? { inputShape: [obsDim] } : {}), kernelInitializer: tf.initializers.orthogonal({ gain: Math.SQRT2, seed: seedBase + i }) }),
    ), tf.layers.dense({ units: out, ...(config.netArch.length === 0 ? { inputShape: [obsDim] } : {}), kernelInitializer: tf.initializers.orthogonal({ gain: headGain, seed: seedBase + 99 }) })];
    return tf.sequential({ layers });
  };
  // tfjs warns that orthogonal init of a 64x64 kernel is "slow"; it runs once, so silence it.
  const warn = console.warn;
  console.warn = () => undefined;
  const actor = mlp(headSize, 0.01, 10 + seed * 1000);
  const critic = mlp(1, 1, 500 + seed * 1000);
  console.warn = warn;
  const logStd = discrete ? null : tf.variable(tf.zeros([actDim]), true, 'logStd');
  const vars: T[] = [...actor.trainableWeights.map((w) => w.read()), ...critic.trainableWeights.map((w) => w.read()), ...(logStd === null ? [] : [logStd])];
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, 1e-5);

  const rng = new Rng(seed).child('tfjs-ppo');
  const rows = config.nSteps * config.numEnvs;
  const obsBuf = new Float32Array(rows * obsDim);
  const actBuf = new Float32Array(rows * actDim);
  const rewBuf = new Float32Array(rows);
  const doneBuf = new Float32Array(rows);
  const valBuf = new Float32Array(rows);
  const logpBuf = new Float32Array(rows);
  const advBuf = new Float32Array(rows);
  const retBuf = new Float32Array(rows);

  const forward = (obs: Float32Array): { head: Float32Array; values: Float32Array } => {
    const n = obs.length / obsDim;
    const [head, values] = tf.tidy(() => {
      const x = tf.tensor2d(obs, [n, obsDim]);
      return [actor.apply(x), critic.apply(x)];
    });
    const out = { head: head.dataSync().slice(), values: values.dataSync().slice() };
    head.dispose();
    values.dispose();
    return out;
  };
  const criticValues = (obs: Float32Array): Float32Array => {
    const v = tf.tidy(() => critic.apply(tf.tensor2d(obs, [obs.length / obsDim, obsDim])));
    const out = v.dataSync().slice();
    v.dispose();
    return out;
  };
  const logStdValues = (): Float32Array => (logStd === null ? new Float32Array(0) : logStd.dataSync());

  let observations = venv.reset({ seed: seed * 1000 + 1 }).observationBatch!;
  let timesteps = 0;
  const start = performance.now();
  while (timesteps < steps) {
    // Collect one rollout.
    for (let t = 0; t < config.nSteps; t++) {
      const { head, values } = forward(observations);
      const sigma = Array.from(logStdValues(), Math.exp);
      const envActions: (number | Float32Array)[] = [];
      for (let e = 0; e < config.numEnvs; e++) {
        const row = t * config.numEnvs + e;
        obsBuf.set(observations.subarray(e * obsDim, (e + 1) * obsDim), row * obsDim);
        valBuf[row] = values[e]!;
        if (discrete) {
          const logits = head.subarray(e * headSize, (e + 1) * headSize);
          const max = Math.max(...logits);
          const weights = Array.from(logits, (l) => Math.exp(l - max));
          const a = rng.categorical(weights);
          const total = weights.reduce((s, w) => s + w, 0);
          actBuf[row] = a;
          logpBuf[row] = logits[a]! - max - Math.log(total);
          envActions.push(a);
        } else {
          const box = actSpace as Box;
          const clipped = new Float32Array(actDim);
          let logp = 0;
          for (let d = 0; d < actDim; d++) {
            const mu = head[e * actDim + d]!;
            const a = Math.fround(mu + sigma[d]! * rng.normal());
            actBuf[row * actDim + d] = a;
            logp += -0.5 * ((a - mu) / sigma[d]!) ** 2 - Math.log(sigma[d]!) - HALF_LOG_TWO_PI;
            clipped[d] = Math.min(Math.max(a, box.low[d]!), box.high[d]!);
          }
          logpBuf[row] = logp;
          envActions.push(clipped);
        }
      }
      const result = venv.step(envActions as never[]);
      for (let e = 0; e < config.numEnvs; e++) {
        const row = t * config.numEnvs + e;
        let reward = result.rewards[e]!;
        const final = result.infos[e]!.finalObservation as Float32Array | undefined;
        // Truncated episodes bootstrap from the value of their final observation (SB3).
        if (result.truncated[e] === true && result.terminated[e] !== true && final !== undefined) reward += config.gamma * criticValues(final)[0]!;
        rewBuf[row] = reward;
        doneBuf[row] = result.terminated[e] || result.truncated[e] ? 1 : 0;
      }
      observations = result.observationBatch!;
      timesteps += config.numEnvs;
    }
    // GAE(lambda).
    const lastValues = criticValues(observations);
    for (let e = 0; e < config.numEnvs; e++) {
      let nextValue = lastValues[e]!;
      let nextAdv = 0;
      for (let t = config.nSteps - 1; t >= 0; t--) {
        const i = t * config.numEnvs + e;
        const nonTerminal = 1 - doneBuf[i]!;
        const delta = rewBuf[i]! + config.gamma * nextValue * nonTerminal - valBuf[i]!;
        nextAdv = delta + config.gamma * config.gaeLambda * nonTerminal * nextAdv;
        advBuf[i] = nextAdv;
        retBuf[i] = nextAdv + valBuf[i]!;
        nextValue = valBuf[i]!;
      }
    }
    // Update.
    const progressRemaining = Math.max(0, 1 - timesteps / steps);
    optimizer.learningRate = config.learningRate * (config.learningRateSchedule === 'linear' ? progressRemaining : 1);
    const clipRange = config.clipRange * (config.clipRangeSchedule === 'linear' ? progressRemaining : 1);
    for (let epoch = 0; epoch < config.nEpochs; epoch++) {
      const order = rng.permutation(rows);
      for (let b = 0; b < rows; b += config.batchSize) {
        const idx = order.subarray(b, Math.min(b + config.batchSize, rows));
        const n = idx.length;
        const obs = new Float32Array(n * obsDim);
        const act = new Float32Array(n * actDim);
        const oldLogp = new Float32Array(n);
        const adv = new Float32Array(n);
        const ret = new Float32Array(n);
        idx.forEach((i, k) => {
          obs.set(obsBuf.subarray(i * obsDim, (i + 1) * obsDim), k * obsDim);
          act.set(actBuf.subarray(i * actDim, (i + 1) * actDim), k * actDim);
          oldLogp[k] = logpBuf[i]!;
          adv[k] = advBuf[i]!;
          ret[k] = retBuf[i]!;
        });
        let mean = 0;
        for (const a of adv) mean += a;
        mean /= n;
        let sq = 0;
        for (const a of adv) sq += (a - mean) ** 2;
        const std = Math.sqrt(sq / Math.max(n - 1, 1));
        for (let k = 0; k < n; k++) adv[k] = (adv[k]! - mean) / (std + 1e-8);

        tf.tidy(() => {
          const x = tf.tensor2d(obs, [n, obsDim]);
          const advT = tf.tensor1d(adv);
          const retT = tf.tensor1d(ret);
          const oldLogpT = tf.tensor1d(oldLogp);
          const actions = discrete ? tf.tensor1d(Int32Array.from(act), 'int32') : tf.tensor2d(act, [n, actDim]);
          const { grads } = tf.variableGrads(() => {
            const head = actor.apply(x);
            let logp: T;
            let entropy: T;
            if (discrete) {
              const logProbs = tf.logSoftmax(head);
              logp = tf.sum(tf.mul(tf.oneHot(actions, headSize), logProbs), 1);
              entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1)));
            } else {
              const z = tf.mul(tf.sub(actions, head), tf.exp(tf.neg(logStd!)));
              logp = tf.sub(tf.sum(tf.sub(tf.mul(tf.square(z), -0.5), logStd!), 1), actDim * HALF_LOG_TWO_PI);
              entropy = tf.add(tf.sum(logStd!), actDim * (0.5 + HALF_LOG_TWO_PI));
            }
            const ratio = tf.exp(tf.sub(logp, oldLogpT));
            const policyLoss = tf.neg(tf.mean(tf.minimum(tf.mul(ratio, advT), tf.mul(tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange), advT))));
            const values = tf.reshape(critic.apply(x), [n]);
            const valueLoss = tf.mean(tf.square(tf.sub(retT, values)));
            let loss = tf.add(policyLoss, tf.mul(valueLoss, config.vfCoef));
            if (config.entCoef !== 0) loss = tf.sub(loss, tf.mul(entropy, config.entCoef));
            return loss;
          }, vars);
          // Clip the global gradient norm (torch.nn.utils.clip_grad_norm_).
          const names = Object.keys(grads);
          const norm = Math.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k]!)))).dataSync()[0]!);
          const scale = norm > config.maxGradNorm ? config.maxGradNorm / (norm + 1e-6) : 1;
          const clipped: Record<string, T> = {};
          for (const k of names) clipped[k] = scale === 1 ? grads[k]! : tf.mul(grads[k]!, scale);
          optimizer.applyGradients(clipped);
          return tf.scalar(0);
        }).dispose();
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;

  const evalEnv = makeEnv();
  const predict = (observation: Float32Array): number | Float32Array => {
    const { head } = forward(observation);
    if (discrete) return head.indexOf(Math.max(...head));
    const box = actSpace as Box;
    return Float32Array.from(head, (m, d) => Math.min(Math.max(m, box.low[d]!), box.high[d]!));
  };
  const evalReturn = evaluate({ predict }, evalEnv, { episodes: 10, seed: 12345 }).meanReturn;
  actor.dispose();
  critic.dispose();
  logStd?.dispose();
  optimizer.dispose();
  venv.close();
  return { backend: `tfjs-${backend}`, steps: timesteps, seconds, stepsPerSecond: timesteps / seconds, evalReturn };
}
