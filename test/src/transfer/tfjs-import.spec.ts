import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/autograd/graph.js';
import { FileFormatError, ShapeError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { readPretrained } from '../../../src/transfer/pretrained-source.js';
import { loadTfjsModel, tfjsModelFromArtifacts } from '../../../src/transfer/tfjs-import.js';

// A tfjs layers model written the way tfjs' `model.save('file://...')` does: snake_case Keras
// configs in modelTopology, and one float32 little-endian shard listed in weightsManifest.
// Weights: conv kernel [kh=2, kw=2, in=1, out=2], dense kernel [in=8, out=3] (tfjs layouts).
const convKernel = Float32Array.from({ length: 8 }, (_, i) => (i - 3.5) / 4);
const convBias = Float32Array.of(0.1, -0.2);
const denseKernel = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i + 1) / 2);
const denseBias = Float32Array.of(0.05, 0, -0.05);

function modelJson(layers: unknown[], weights = defaultWeights()): Record<string, unknown> {
  return {
    format: 'layers-model',
    generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
    convertedBy: null,
    modelTopology: { class_name: 'Sequential', config: { name: 'sequential_1', layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
}

function defaultWeights(): unknown[] {
  return [
    { name: 'conv2d_Conv2D1/kernel', shape: [2, 2, 1, 2], dtype: 'float32' },
    { name: 'conv2d_Conv2D1/bias', shape: [2], dtype: 'float32' },
    { name: 'dense_Dense1/kernel', shape: [8, 3], dtype: 'float32' },
    { name: 'dense_Dense1/bias', shape: [3], dtype: 'float32' },
  ];
}

const layers = [
  {
    class_name: 'Conv2D',
    config: {
      filters: 2, kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1 } }, kernel_regularizer: null, kernel_constraint: null,
      kernel_size: [2, 2], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu',
      use_bias: true, bias_initializer: { class_name: 'Zeros', config: {} }, name: 'conv2d_Conv2D1', trainable: true, batch_input_shape: [null, 3, 3, 1], dtype: 'float32',
    },
  },
  { class_name: 'Flatten', config: { name: 'flatten_Flatten1', trainable: true } },
  { class_name: 'Dense', config: { units: 3, activation: 'linear', use_bias: true, name: 'dense_Dense1', trainable: true } },
];

function shard(): Uint8Array {
  const all = new Float32Array([...convKernel, ...convBias, ...denseKernel, ...denseBias]);
  const bytes = new Uint8Array(all.length * 4);
  const view = new DataView(bytes.buffer);
  all.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}

function writeModel(json: unknown, data: Uint8Array = shard()): string {
  const dir = mkdtempSync(join(tmpdir(), 'nl-tfjs-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), data);
  return dir;
}

/** conv 2x2 valid + relu -> flatten (row-major h, w, c) -> dense, written out by hand. */
function handForward(image: number[]): number[] {
  const x = (i: number, j: number) => image[i * 3 + j]!;
  const flat: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      for (let f = 0; f < 2; f++) {
        let s = convBias[f]!;
        for (let di = 0; di < 2; di++) for (let dj = 0; dj < 2; dj++) s += x(i + di, j + dj) * convKernel[(di * 2 + dj) * 2 + f]!;
        flat.push(Math.max(s, 0));
      }
    }
  }
  return [0, 1, 2].map((o) => flat.reduce((s, v, i) => s + v * denseKernel[i * 3 + o]!, denseBias[o]!));
}

describe('tfjs layers-model import', () => {
  it('loads Conv2D and Dense weights unchanged and computes what the layers compute', () => {
    const dir = writeModel(modelJson(layers));
    const model = loadTfjsModel(join(dir, 'model.json'));
    expect(model.layers.map((l) => [l.name, l.className])).toEqual([['conv2d_Conv2D1', 'Conv2D'], ['flatten_Flatten1', 'Flatten'], ['dense_Dense1', 'Dense']]);
    expect(model.inputShape).toEqual([3, 3, 1]);
    const params = model.namedParams();
    expect(params['conv2d_Conv2D1/kernel']!.shape).toEqual([2, 2, 1, 2]);
    expect(params['conv2d_Conv2D1/kernel']!.value.data).toEqual(convKernel);
    expect(params['conv2d_Conv2D1/bias']!.value.data).toEqual(convBias);
    expect(params['dense_Dense1/kernel']!.value.data).toEqual(denseKernel);
    expect(params['dense_Dense1/bias']!.value.data).toEqual(denseBias);
    const images = [[1, 0, 2, -1, 0.5, 3, 0, 1, -2], [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25]];
    const out = model.predict(new Graph(new JsBackend()), new Tensor([2, 3, 3, 1], Float32Array.from(images.flat())));
    expect(out.shape).toEqual([2, 3]);
    images.forEach((image, n) => handForward(image).forEach((v, o) => expect(out.data[n * 3 + o]).toBeCloseTo(v, 5)));
    // A folder holding a model.json is a pretrained source too.
    expect(readPretrained(dir).layers.map((l) => l.name)).toEqual(['conv2d_Conv2D1', 'flatten_Flatten1', 'dense_Dense1']);
  });

  it('reads Keras-converted topologies (model_config, InputLayer, pooling, Activation layers)', () => {
    const json = {
      modelTopology: {
        model_config: {
          class_name: 'Sequential',
          config: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 4, 4, 1], name: 'input_1' } },
            { class_name: 'MaxPooling2D', config: { name: 'pool', pool_size: [2, 2], strides: null, padding: 'valid' } },
            { class_name: 'Flatten', config: { name: 'flat' } },
            { class_name: 'Dense', config: { name: 'd', units: 2, use_bias: false, activation: 'linear' } },
            { class_name: 'Activation', config: { name: 'act', activation: 'tanh' } },
          ],
        },
      },
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'model/d/kernel:0', shape: [4, 2], dtype: 'float32' }] }],
    };
    const kernel = Float32Array.of(1, 0, 0, 1, -1, 0, 0, -1);
    const model = tfjsModelFromArtifacts(json, new Uint8Array(kernel.buffer), 'keras.json');
    expect(model.layers.map((l) => l.className)).toEqual(['MaxPool2D', 'Flatten', 'Dense', 'Tanh']);
    const x = new Tensor([1, 4, 4, 1], Float32Array.from({ length: 16 }, (_, i) => i / 16));
    // Pooled maxima 5/16, 7/16, 13/16, 15/16; tanh([5 - 13, 7 - 15] / 16).
    const out = model.predict(new Graph(new JsBackend()), x);
    expect(out.data[0]).toBeCloseTo(Math.tanh(-0.5), 6);
    expect(out.data[1]).toBeCloseTo(Math.tanh(-0.5), 6);
  });

  it('fails clearly on unsupported layers, bad shapes and missing files', () => {
    const lstm = [...layers.slice(0, 2), { class_name: 'LSTM', config: { name: 'lstm_1', units: 3 } }];
    expect(() => tfjsModelFromArtifacts(modelJson(lstm), shard(), 'm.json')).toThrow(FileFormatError);
    expect(() => tfjsModelFromArtifacts(modelJson(lstm), shard(), 'm.json')).toThrow(/layer 'lstm_1' has type LSTM, which the tfjs importer does not support/);
    const wrong = defaultWeights();
    wrong[2] = { name: 'dense_Dense1/kernel', shape: [3, 8], dtype: 'float32' };
    expect(() => tfjsModelFromArtifacts(modelJson(layers, wrong), shard(), 'm.json')).toThrow(ShapeError);
    expect(() => tfjsModelFromArtifacts(modelJson(layers, wrong), shard(), 'm.json')).toThrow("m.json: weight 'dense_Dense1/kernel' has shape [3, 8], layer 'dense_Dense1' needs [8, 3] for 'kernel'");
    expect(() => tfjsModelFromArtifacts(modelJson(layers), shard().subarray(0, 40), 'm.json')).toThrow(/too few for weight 'dense_Dense1\/kernel'/);
    const dir = mkdtempSync(join(tmpdir(), 'nl-tfjs-'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson(layers)));
    expect(() => loadTfjsModel(join(dir, 'model.json'))).toThrow(/group1-shard1of1.bin: weight shard named by .*model.json not found/);
    const functional = { ...modelJson(layers), modelTopology: { class_name: 'Functional', config: {} } };
    expect(() => tfjsModelFromArtifacts(functional, shard(), 'f.json')).toThrow(/"Functional" model; only Sequential models can be imported/);
  });
});
