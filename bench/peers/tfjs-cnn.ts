/**
 * TensorFlow.js peers of bench/layers.ts: the MNIST CNN of examples/mnist-cnn.ts trained with
 * Adam (conv 3x3x16 relu - maxpool 2 - conv 3x3x32 relu - maxpool 2 - flatten - dense 10, NHWC,
 * valid padding), and conv2d forward timings.
 *
 * Two ways to train it:
 * - `layers` (idiomatic): `tf.sequential` of `tf.layers.conv2d`... trained by `optimizer.minimize`.
 *   On tfjs-backend-wasm 4.22 this fails: the wasm backend registers no Conv2DBackpropFilter
 *   kernel, so the first backward pass throws.
 * - `ops` (hand-written gradients): the same network on tf ops with variables, its convolution
 *   wrapped in `tf.customGrad`: the input gradient is `tf.conv2dTranspose` (Conv2DBackpropInput,
 *   which wasm has) and the filter gradient a plain `tf.conv2d` of transposed tensors (the batch
 *   axis becomes the channel axis: conv2d(xᵀ [c, h, w, n], dyᵀ [oh, ow, n, oc]) = dW as
 *   [c, kh, kw, oc], valid padding and stride 1 only, which is all this network uses).
 *
 * @example
 * ```ts
 * const rows = await benchTfjsCnn(peer, 'wasm', 'ops', { seconds: 2 });
 * ```
 */
import type { TfjsPeer, TfOptimizer, TfTensor } from './tfjs.js';

/** The slice of the tfjs API this file uses beyond what bench/peers/tfjs.ts types. */
interface TfCnn {
  tensor4d(values: Float32Array, shape: [number, number, number, number]): TfTensor;
  variable(initial: TfTensor): TfTensor;
  zeros(shape: number[]): TfTensor;
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: 'valid' | 'same'): TfTensor;
  conv2dTranspose(dy: TfTensor, filter: TfTensor, outputShape: number[], strides: number, pad: 'valid' | 'same'): TfTensor;
  transpose(x: TfTensor, perm: number[]): TfTensor;
  relu(x: TfTensor): TfTensor;
  maxPool(x: TfTensor, filterSize: number, strides: number, pad: 'valid' | 'same'): TfTensor;
  reshape(x: TfTensor, shape: number[]): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  oneHot(indices: TfTensor, depth: number): TfTensor;
  tensor1d(values: Int32Array, dtype: 'int32'): TfTensor;
  randomUniform(shape: number[], min: number, max: number, dtype: 'float32', seed: number): TfTensor;
  customGrad(f: (...args: unknown[]) => { value: TfTensor; gradFunc: (dy: TfTensor, saved: TfTensor[]) => TfTensor[] }): (...args: TfTensor[]) => TfTensor;
  tidy<T>(f: () => T): T;
  sequential(config: { layers: unknown[] }): { predict(x: TfTensor): TfTensor; dispose(): void };
  layers: {
    conv2d(config: { filters: number; kernelSize: number; activation: string; inputShape?: number[] }): unknown;
    maxPooling2d(config: { poolSize: number }): unknown;
    flatten(): unknown;
    dense(config: { units: number }): unknown;
  };
  losses: { softmaxCrossEntropy(onehot: TfTensor, logits: TfTensor): TfTensor };
  train: { adam(learningRate: number): TfOptimizer & { minimize(f: () => TfTensor, returnCost: true, varList?: TfTensor[]): TfTensor | null } };
}

/** How the peer CNN is written: idiomatic layers, or tf ops with hand-written conv gradients. */
export type TfCnnStyle = 'layers' | 'ops';

/** One training-throughput row (or why it could not run). */
export interface TfCnnRow {
  readonly backend: string;
  readonly style: TfCnnStyle;
  readonly samplesPerSecond?: number;
  readonly error?: string;
}

/** Options of {@link benchTfjsCnn}. */
export interface TfCnnOptions {
  /** Timed seconds, in 5 chunks (default 2; configurations slower than seconds / 5 per step take 3 single steps). */
  readonly seconds?: number;
  /** A batch of images [batch, 28, 28, 1] and their labels (default: random). */
  readonly images?: Float32Array;
  readonly labels?: Int32Array;
  readonly batch?: number;
}

/** Training samples per second of the CNN on one tfjs backend, written in `style`. */
export async function benchTfjsCnn(peer: TfjsPeer, backend: 'cpu' | 'wasm', style: TfCnnStyle, options: TfCnnOptions = {}): Promise<TfCnnRow> {
  await peer.useBackend(backend);
  const tf = peer.tf as unknown as TfCnn;
  const batch = options.batch ?? 64;
  const x = options.images !== undefined ? tf.tensor4d(options.images, [batch, 28, 28, 1]) : tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
  const labels = options.labels ?? Int32Array.from({ length: batch }, (_, i) => i % 10);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
  const optimizer = tf.train.adam(1e-3);
  const { loss, variables, dispose } = style === 'layers' ? layersModel(tf, x, y) : opsModel(tf, x, y);
  const step = (): void => {
    const cost = optimizer.minimize(loss, true, variables);
    cost?.dataSync();
    cost?.dispose();
  };
  try {
    step();
    const t0 = performance.now();
    step();
    const stepMs = Math.max(performance.now() - t0, 1e-3);
    // Slow configurations (tfjs-cpu takes seconds per step) get 3 single-step samples instead of 5 chunks.
    const chunks = stepMs > ((options.seconds ?? 2) * 1000) / 5 ? 3 : 5;
    const perChunk = Math.max(1, Math.round(((options.seconds ?? 2) * 1000) / 5 / stepMs));
    const rates: number[] = [];
    for (let chunk = 0; chunk < chunks; chunk++) {
      const start = performance.now();
      for (let i = 0; i < perChunk; i++) step();
      rates.push((perChunk * batch * 1000) / (performance.now() - start));
    }
    rates.sort((a, b) => a - b);
    return { backend: `tfjs-${backend}`, style, samplesPerSecond: rates[Math.floor(rates.length / 2)]! };
  } catch (e) {
    return { backend: `tfjs-${backend}`, style, error: (e as Error).message.split('\n')[0]! };
  } finally {
    optimizer.dispose();
    dispose();
    x.dispose();
    y.dispose();
  }
}

/** The idiomatic model: tf.sequential of layers, loss through model.predict. */
function layersModel(tf: TfCnn, x: TfTensor, y: TfTensor): { loss: () => TfTensor; variables?: TfTensor[]; dispose: () => void } {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10 }),
    ],
  });
  return { loss: () => tf.losses.softmaxCrossEntropy(y, model.predict(x)), dispose: () => model.dispose() };
}

/** The same network on tf ops, with the convolution's gradients written by hand (see the file doc). */
function opsModel(tf: TfCnn, x: TfTensor, y: TfTensor): { loss: () => TfTensor; variables: TfTensor[]; dispose: () => void } {
  const init = (shape: number[], fanIn: number, seed: number): TfTensor => tf.variable(tf.randomUniform(shape, -Math.sqrt(6 / fanIn), Math.sqrt(6 / fanIn), 'float32', seed));
  const w1 = init([3, 3, 1, 16], 9, 1);
  const b1 = tf.variable(tf.zeros([16]));
  const w2 = init([3, 3, 16, 32], 144, 2);
  const b2 = tf.variable(tf.zeros([32]));
  const w3 = init([800, 10], 800, 3);
  const b3 = tf.variable(tf.zeros([10]));
  const conv = tf.customGrad((...args: unknown[]) => {
    const [input, filter, save] = args as [TfTensor, TfTensor, (tensors: TfTensor[]) => void];
    save([input, filter]);
    return {
      value: tf.conv2d(input, filter, 1, 'valid'),
      gradFunc: (dy: TfTensor, [savedInput, savedFilter]: TfTensor[]) => [
        tf.conv2dTranspose(dy, savedFilter!, savedInput!.shape, 1, 'valid'),
        // dW[ky, kx, c, oc] = Σ_{n, oy, ox} x[n, oy + ky, ox + kx, c] · dy[n, oy, ox, oc]: a valid conv2d with the batch as channels.
        tf.transpose(tf.conv2d(tf.transpose(savedInput!, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid'), [1, 2, 0, 3]),
      ],
    };
  });
  const loss = (): TfTensor => {
    const h1 = tf.maxPool(tf.relu(tf.add(conv(x, w1), b1)), 2, 2, 'valid');
    const h2 = tf.maxPool(tf.relu(tf.add(conv(h1, w2), b2)), 2, 2, 'valid');
    const logits = tf.add(tf.matMul(tf.reshape(h2, [x.shape[0]!, 800]), w3), b3);
    return tf.losses.softmaxCrossEntropy(y, logits);
  };
  const variables = [w1, b1, w2, b2, w3, b3];
  return { loss, variables, dispose: () => variables.forEach((v) => v.dispose()) };
}

/**
 * Milliseconds of one tf.conv2d forward (median of `runs` after a warm-up). Same contract as
 * neuroloop's kernels: upload the image and the filter, convolve, read the result back.
 */
export async function timeTfjsConv2d(
  peer: TfjsPeer,
  backend: 'cpu' | 'wasm',
  x: { readonly data: Float32Array; readonly shape: [number, number, number, number] },
  filter: { readonly data: Float32Array; readonly shape: [number, number, number, number] },
  padding: 'valid' | 'same',
  runs: number,
): Promise<number> {
  await peer.useBackend(backend);
  const tf = peer.tf as unknown as TfCnn;
  const call = (): void => {
    const tx = tf.tensor4d(x.data, x.shape);
    const tw = tf.tensor4d(filter.data, filter.shape);
    const y = tf.conv2d(tx, tw, 1, padding);
    y.dataSync();
    tx.dispose();
    tw.dispose();
    y.dispose();
  };
  call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    call();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
