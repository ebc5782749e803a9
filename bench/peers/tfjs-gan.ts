/**
 * TensorFlow.js peers of bench/gan.ts: the same GAN training step (one discriminator update, then
 * one generator update, non-saturating BCE losses, Adam) on the same networks, written the
 * idiomatic tfjs way: `tf.sequential` models of `tf.layers`, trained by `optimizer.minimize` with
 * each player's variables.
 *
 * - `ring-8`: MLP generator 2-128-128-128-2 (relu), discriminator 8-128-128-1 (leaky relu 0.2) on
 *   PacGAN-packed inputs (4 samples of 2 values), batch 256.
 * - `mnist`: DCGAN generator z(64) - dense 7x7x32 - BN - relu - convT 4x4/2 16 - BN - relu -
 *   convT 4x4/2 1 - tanh; discriminator conv 4x4/2 16 - lrelu - conv 4x4/2 32 - BN - lrelu -
 *   flatten - dense 1; batch 64. tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter
 *   kernel, so this one reports an error there (bench/peers/tfjs-cnn.ts found the same).
 *
 * @example
 * ```ts
 * const row = await benchTfjsGan(peer, 'cpu', 'ring-8', { seconds: 2 });
 * ```
 */
import type { TfjsPeer, TfOptimizer, TfTensor } from './tfjs.js';

/** A tfjs layers model as the GAN peer drives it. */
interface TfModel {
  apply(x: TfTensor, kwargs: { training: boolean }): TfTensor;
  readonly trainableWeights: { read(): TfTensor }[];
  dispose(): void;
}

/** The slice of the tfjs API this file uses beyond what bench/peers/tfjs.ts types. */
interface TfGan {
  sequential(config: { layers: unknown[] }): TfModel;
  layers: {
    dense(config: { units: number; inputShape?: number[]; activation?: string }): unknown;
    leakyReLU(config: { alpha: number }): unknown;
    reLU(): unknown;
    batchNormalization(config: { momentum: number; epsilon: number }): unknown;
    reshape(config: { targetShape: number[] }): unknown;
    conv2d(config: { filters: number; kernelSize: number; strides: number; padding: 'same'; inputShape?: number[] }): unknown;
    conv2dTranspose(config: { filters: number; kernelSize: number; strides: number; padding: 'same'; activation?: string }): unknown;
    flatten(): unknown;
  };
  losses: { sigmoidCrossEntropy(labels: TfTensor, logits: TfTensor): TfTensor };
  train: { adam(learningRate: number, beta1: number, beta2: number): TfOptimizer & { minimize(f: () => TfTensor, returnCost: true, varList: TfTensor[]): TfTensor | null } };
  randomNormal(shape: number[], mean?: number, std?: number, dtype?: 'float32', seed?: number): TfTensor;
  randomUniform(shape: number[], min: number, max: number, dtype: 'float32', seed: number): TfTensor;
  reshape(x: TfTensor, shape: number[]): TfTensor;
  ones(shape: number[]): TfTensor;
  zeros(shape: number[]): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  tidy<T>(f: () => T): T;
}

/** The GAN workloads (the same names as bench/gan.ts). */
export type GanWorkload = 'ring-8' | 'mnist';

/** One row: training steps per second on one backend, or why it could not run. */
export interface TfGanRow {
  readonly backend: string;
  readonly stepsPerSecond?: number;
  readonly error?: string;
}

/** Timing options of {@link benchTfjsGan}. */
export interface TfGanOptions {
  /** Timed seconds, in 5 chunks (default 2). */
  readonly seconds?: number;
}

/** GAN training steps per second of `workload` on one tfjs backend (median of 5 timed chunks). */
export async function benchTfjsGan(peer: TfjsPeer, backend: 'cpu' | 'wasm', workload: GanWorkload, options: TfGanOptions = {}): Promise<TfGanRow> {
  await peer.useBackend(backend);
  const tf = peer.tf as unknown as TfGan;
  const { generator, discriminator, batch, latentDim, pack, dataShape } = workload === 'ring-8' ? ringNetworks(tf) : mnistNetworks(tf);
  const real = tf.randomUniform([batch, ...dataShape], -1, 1, 'float32', 1);
  const packedShape = workload === 'ring-8' ? [batch / pack, pack * dataShape[0]!] : [batch, ...dataShape];
  const optD = tf.train.adam(2e-4, 0.5, 0.999);
  const optG = tf.train.adam(2e-4, 0.5, 0.999);
  const dVars = discriminator.trainableWeights.map((w) => w.read());
  const gVars = generator.trainableWeights.map((w) => w.read());
  const groups = packedShape[0]!;
  const ones = tf.ones([groups, 1]);
  const zeros = tf.zeros([groups, 1]);
  const step = (): void => {
    tf.tidy(() => {
      const z1 = tf.randomNormal([batch, latentDim]);
      optD.minimize(() => {
        const fake = tf.reshape(generator.apply(z1, { training: true }), packedShape);
        const realLogits = discriminator.apply(tf.reshape(real, packedShape), { training: true });
        const fakeLogits = discriminator.apply(fake, { training: true });
        return tf.add(tf.losses.sigmoidCrossEntropy(ones, realLogits), tf.losses.sigmoidCrossEntropy(zeros, fakeLogits));
      }, true, dVars)?.dispose();
      const z2 = tf.randomNormal([batch, latentDim]);
      optG.minimize(() => tf.losses.sigmoidCrossEntropy(ones, discriminator.apply(tf.reshape(generator.apply(z2, { training: true }), packedShape), { training: true })), true, gVars)?.dispose();
      return tf.zeros([1]);
    }).dispose();
  };
  try {
    for (let i = 0; i < 3; i++) step();
    const seconds = options.seconds ?? 2;
    const t0 = performance.now();
    step();
    const perChunk = Math.max(1, Math.round((seconds * 1000) / 5 / Math.max(performance.now() - t0, 1e-3)));
    const rates: number[] = [];
    for (let chunk = 0; chunk < 5; chunk++) {
      const start = performance.now();
      for (let i = 0; i < perChunk; i++) step();
      rates.push((perChunk * 1000) / (performance.now() - start));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    rates.sort((a, b) => a - b);
    return { backend: `tfjs-${backend}`, stepsPerSecond: rates[2]! };
  } catch (error) {
    return { backend: `tfjs-${backend}`, error: (error as Error).message.split('\n')[0]! };
  } finally {
    for (const t of [real, ones, zeros]) t.dispose();
    generator.dispose();
    discriminator.dispose();
    optD.dispose();
    optG.dispose();
  }
}

interface GanNetworks {
  readonly generator: TfModel;
  readonly discriminator: TfModel;
  readonly batch: number;
  readonly latentDim: number;
  readonly pack: number;
  readonly dataShape: number[];
}

function ringNetworks(tf: TfGan): GanNetworks {
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, activation: 'relu', inputShape: [2] }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 2 }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, inputShape: [8] }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: 128 }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  return { generator, discriminator, batch: 256, latentDim: 2, pack: 4, dataShape: [2] };
}

function mnistNetworks(tf: TfGan): GanNetworks {
  const bn = (): unknown => tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({ units: 7 * 7 * 32, inputShape: [64] }),
      bn(),
      tf.layers.reLU(),
      tf.layers.reshape({ targetShape: [7, 7, 32] }),
      tf.layers.conv2dTranspose({ filters: 16, kernelSize: 4, strides: 2, padding: 'same' }),
      bn(),
      tf.layers.reLU(),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 16, kernelSize: 4, strides: 2, padding: 'same', inputShape: [28, 28, 1] }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 4, strides: 2, padding: 'same' }),
      bn(),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1 }),
    ],
  });
  return { generator, discriminator, batch: 64, latentDim: 64, pack: 1, dataShape: [28, 28, 1] };
}
