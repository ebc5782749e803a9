/**
 * TensorFlow.js MLP training steps as peers for neuroloop's MLP benchmarks, written the way a
 * tfjs user would: a `tf.sequential` of dense layers trained by `optimizer.minimize`.
 *
 * @example
 * ```ts
 * const rows = await benchTfjsMlp(peer, 'wasm', { seconds: 2 });
 * ```
 */
import type { TfjsPeer, TfTensor } from './tfjs.js';

/** One MLP benchmark configuration. */
export interface MlpSpec {
  readonly name: string;
  /** Layer widths, input first: [4, 64, 64, 2]. Hidden layers use relu. */
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly loss: 'mse' | 'softmaxCrossEntropy';
}

/** The two MLPs every MLP benchmark reports. */
export const MLP_SPECS: readonly MlpSpec[] = [
  { name: 'MLP 4-64-64-2, batch 64, MSE, Adam', sizes: [4, 64, 64, 2], batch: 64, loss: 'mse' },
  { name: 'MLP 784-256-256-10, batch 128, softmax CE, Adam', sizes: [784, 256, 256, 10], batch: 128, loss: 'softmaxCrossEntropy' },
];

/** Steps per second of one MLP on one tfjs backend. */
export interface MlpRow {
  readonly spec: string;
  readonly backend: string;
  readonly stepsPerSecond: number;
}

/**
 * Times full training steps (forward, loss, backward, Adam update, loss read back) for each MLP
 * spec on a tfjs backend: a short warm-up, then as many steps as fit in `seconds`, split into
 * 5 timed chunks whose median rate is reported.
 */
export async function benchTfjsMlp(peer: TfjsPeer, backend: 'cpu' | 'wasm', options: { seconds?: number } = {}): Promise<MlpRow[]> {
  await peer.useBackend(backend);
  const { tf } = peer;
  const rows: MlpRow[] = [];
  for (const spec of MLP_SPECS) {
    const layers = spec.sizes.slice(1).map((units, i) =>
      tf.layers.dense({
        units,
        ...(i < spec.sizes.length - 2 ? { activation: 'relu' } : {}),
        ...(i === 0 ? { inputShape: [spec.sizes[0]!] } : {}),
        kernelInitializer: tf.initializers.glorotUniform({ seed: 7 + i }),
      }),
    );
    const model = tf.sequential({ layers });
    const optimizer = tf.train.adam(1e-3);
    const outputs = spec.sizes[spec.sizes.length - 1]!;
    const x = tf.randomNormal([spec.batch, spec.sizes[0]!], 0, 1, 'float32', 1);
    const y: TfTensor =
      spec.loss === 'mse'
        ? tf.randomNormal([spec.batch, outputs], 0, 1, 'float32', 2)
        : tf.oneHot(tf.tensor1d(Int32Array.from({ length: spec.batch }, (_, i) => (i * 7) % outputs), 'int32'), outputs);
    const lossOf = (): TfTensor => {
      const prediction = model.predict(x);
      return spec.loss === 'mse' ? tf.losses.meanSquaredError(y, prediction) : tf.losses.softmaxCrossEntropy(y, prediction);
    };
    const step = (): void => {
      const cost = optimizer.minimize(lossOf, true);
      cost?.dataSync();
      cost?.dispose();
    };
    for (let i = 0; i < 5; i++) step();
    // Size the chunks from one timed step so each chunk runs ~seconds/5.
    const t0 = performance.now();
    step();
    const stepMs = Math.max(performance.now() - t0, 1e-3);
    const perChunk = Math.max(1, Math.round(((options.seconds ?? 2) * 1000) / 5 / stepMs));
    const rates: number[] = [];
    for (let chunk = 0; chunk < 5; chunk++) {
      const start = performance.now();
      for (let i = 0; i < perChunk; i++) step();
      rates.push((perChunk * 1000) / (performance.now() - start));
    }
    rates.sort((a, b) => a - b);
    rows.push({ spec: spec.name, backend: `tfjs-${backend}`, stepsPerSecond: rates[2]! });
    optimizer.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  }
  return rows;
}
