/**
 * Loads TensorFlow.js (cpu and wasm backends) from bench/peers/node_modules, its own package,
 * so neuroloop never depends on it. Install with `cd bench/peers && npm install`.
 *
 * Only the small slice of the tfjs API the benchmarks use is typed here.
 *
 * @example
 * ```ts
 * const tf = await loadTfjs();
 * if ('error' in tf) console.log(tf.error); else await tf.useBackend('wasm');
 * ```
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A tfjs tensor, as far as the benchmarks touch it. */
export interface TfTensor {
  readonly shape: number[];
  dataSync(): Float32Array;
  dispose(): void;
}

/** A tfjs variable. */
export type TfVariable = TfTensor;

/** A tfjs layers model. */
export interface TfLayersModel {
  predict(x: TfTensor): TfTensor;
  dispose(): void;
}

/** A tfjs optimizer. */
export interface TfOptimizer {
  minimize(f: () => TfTensor, returnCost: true): TfTensor | null;
  dispose(): void;
}

/** The tfjs namespace, reduced to what the benchmarks call. */
export interface TfNamespace {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor2d(values: Float32Array, shape: [number, number]): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  tensor1d(values: Float32Array | Int32Array, dtype?: 'float32' | 'int32'): TfTensor;
  tidy<T extends TfTensor>(f: () => T): T;
  randomNormal(shape: number[], mean?: number, std?: number, dtype?: 'float32', seed?: number): TfTensor;
  oneHot(indices: TfTensor, depth: number): TfTensor;
  sequential(config: { layers: unknown[] }): TfLayersModel;
  layers: { dense(config: { units: number; activation?: string; inputShape?: number[]; kernelInitializer?: unknown }): unknown };
  initializers: { glorotUniform(config: { seed: number }): unknown };
  losses: {
    meanSquaredError(labels: TfTensor, predictions: TfTensor): TfTensor;
    softmaxCrossEntropy(onehotLabels: TfTensor, logits: TfTensor): TfTensor;
  };
  train: { adam(learningRate: number): TfOptimizer };
  memory(): { numTensors: number };
  env(): { set(flag: string, value: boolean): void };
  version: { tfjs: string };
}

/** tfjs with its backends registered and the wasm binaries located. */
export interface TfjsPeer {
  readonly tf: TfNamespace;
  readonly version: string;
  /** Switches the active backend (`cpu` or `wasm`) and waits until it is ready. */
  useBackend(name: 'cpu' | 'wasm'): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Loads tfjs from bench/peers, or returns an `error` that says how to install it. */
export async function loadTfjs(): Promise<TfjsPeer | { readonly error: string }> {
  if (!existsSync(join(here, 'node_modules', '@tensorflow', 'tfjs')) || !existsSync(join(here, 'node_modules', '@tensorflow', 'tfjs-backend-wasm'))) {
    return { error: 'TensorFlow.js peers are not installed: run `cd bench/peers && npm install` to compare against tfjs-cpu and tfjs-wasm.' };
  }
  const require = createRequire(join(here, 'package.json'));
  // tfjs prints a one-time "install tfjs-node" hint in Node; it is noise in a table.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const tf = require('@tensorflow/tfjs') as TfNamespace;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    // Node's emscripten loader reads the .wasm files from disk: give it the absolute dist folder.
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(`${dist}/`);
    // Production mode: no debug checks and no "install tfjs-node" banner, as a deployed app runs.
    tf.env().set('PROD', true);
    return {
      tf,
      version: tf.version.tfjs,
      async useBackend(name) {
        const previous = console.warn;
        console.warn = () => undefined;
        try {
          const ok = await tf.setBackend(name);
          await tf.ready();
          if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend '${name}' failed to initialize`);
        } finally {
          console.warn = previous;
        }
      },
    };
  } finally {
    console.warn = warn;
  }
}
