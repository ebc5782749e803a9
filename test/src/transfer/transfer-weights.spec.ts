import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/autograd/graph.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Dense, ReLU, Sequential, Tanh } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { describeNetwork } from '../../../src/transfer/pretrained-source.js';
import { takeLayers, transferModel } from '../../../src/transfer/take-layers.js';
import { transferWeights } from '../../../src/transfer/transfer-weights.js';

function source(): Sequential {
  const model = new Sequential([new Dense(4, { name: 'enc_a' }), new ReLU({ name: 'act' }), new Dense(3, { name: 'enc_b' }), new Dense(5, { name: 'old_head' })], { name: 'pre' });
  model.build([2], new Rng(1));
  return model;
}

function data(model: Sequential, path: string): Float32Array {
  return model.namedParams()[path]!.value.data;
}

describe('transferWeights', () => {
  it('copies the first k layers by position, whatever their names', () => {
    const pre = source();
    const target = new Sequential([new Dense(4), new ReLU(), new Dense(3), new Dense(2)]);
    target.build([2], new Rng(2));
    const headBefore = data(target, 'dense_3/kernel').slice();
    const report = transferWeights(pre, target, { layers: 3 });
    expect(report.copied).toEqual([
      { from: 'enc_a', to: 'dense_1', params: ['kernel', 'bias'] },
      { from: 'act', to: 're_lu_1', params: [] },
      { from: 'enc_b', to: 'dense_2', params: ['kernel', 'bias'] },
    ]);
    expect(data(target, 'dense_1/kernel')).toEqual(data(pre, 'enc_a/kernel'));
    expect(data(target, 'dense_2/bias')).toEqual(data(pre, 'enc_b/bias'));
    expect(data(target, 'dense_3/kernel')).toEqual(headBefore);
    expect(report.frozen).toEqual([]);
  });

  it('copies layers by name or glob and freezes them when asked', () => {
    const pre = source();
    const target = new Sequential([new Dense(4, { name: 'enc_a' }), new ReLU(), new Dense(3, { name: 'enc_b' }), new Dense(2, { name: 'new_head' })]);
    target.build([2], new Rng(3));
    const report = transferWeights(describeNetwork(pre), target, { layers: ['enc_*'], freeze: true });
    expect(report.copied.map((c) => c.to)).toEqual(['enc_a', 'enc_b']);
    expect(report.frozen).toEqual(['enc_a', 'enc_b']);
    expect(data(target, 'enc_b/kernel')).toEqual(data(pre, 'enc_b/kernel'));
    expect(target.getLayer('enc_a').trainable).toBe(false);
    expect(target.getLayer('new_head').trainable).toBe(true);
    // Copies, not shared storage: training the target never changes the source.
    expect(data(target, 'enc_a/kernel')).not.toBe(data(pre, 'enc_a/kernel'));
  });

  it('fails on mismatches with both layers and shapes named, writing nothing', () => {
    const pre = source();
    const narrow = new Sequential([new Dense(4, { name: 'enc_a' }), new ReLU(), new Dense(2, { name: 'enc_b' })]);
    narrow.build([2], new Rng(4));
    const before = data(narrow, 'enc_a/kernel').slice();
    expect(() => transferWeights(pre, narrow, { layers: ['enc_*'] })).toThrow(ShapeError);
    expect(() => transferWeights(pre, narrow, { layers: ['enc_*'] })).toThrow(
      "transfer from Sequential 'pre' to Sequential 'sequential': source layer 'enc_b' param 'kernel' has shape [4, 3], target layer 'enc_b' expects [4, 2]",
    );
    expect(data(narrow, 'enc_a/kernel')).toEqual(before);

    const otherTypes = new Sequential([new Dense(4), new Tanh(), new Dense(3)]);
    otherTypes.build([2], new Rng(5));
    expect(() => transferWeights(pre, otherTypes, { layers: 2 })).toThrow(/source layer 'act' is a ReLU, target layer 'tanh_1' is a Tanh/);
    const noBias = new Sequential([new Dense(4, { useBias: false })]);
    noBias.build([2], new Rng(6));
    expect(() => transferWeights(pre, noBias, { layers: 1 })).toThrow(/source layer 'enc_a' has params \[bias, kernel\], target layer 'dense_1' has \[kernel\]/);
    expect(() => transferWeights(pre, noBias, { layers: 3 })).toThrow(/3 source layers for 1 target layers/);
    expect(() => transferWeights(pre, noBias, { layers: ['old_head'] })).toThrow(ConfigError);
    expect(() => transferWeights(pre, noBias, { layers: ['old_head'] })).toThrow(/the target has no layer 'old_head'; its layers: dense_1/);
  });

  it('pairs a weights-only source with the target layers that have params', () => {
    const pre = source();
    const weightsOnly = {
      origin: 'weights',
      model: null,
      layers: [
        { name: 'h1', className: null, layer: null, params: { kernel: pre.namedParams()['enc_a/kernel']!.value, bias: pre.namedParams()['enc_a/bias']!.value } },
        { name: 'h2', className: null, layer: null, params: { kernel: pre.namedParams()['enc_b/kernel']!.value, bias: pre.namedParams()['enc_b/bias']!.value } },
      ],
    };
    const target = new Sequential([new Dense(4), new ReLU(), new Dense(3), new Dense(1)]);
    target.build([2], new Rng(7));
    expect(transferWeights(weightsOnly, target, { layers: 2 }).copied.map((c) => c.to)).toEqual(['dense_1', 'dense_2']);
    expect(data(target, 'dense_2/kernel')).toEqual(data(pre, 'enc_b/kernel'));
  });
});

describe('takeLayers / transferModel', () => {
  it('takes pretrained layers into a new model with a fresh head', () => {
    const pre = source();
    const taken = takeLayers(pre, 3);
    expect(taken.map((l) => [l.name, l.className, l.built])).toEqual([['enc_a', 'Dense', false], ['act', 'ReLU', false], ['enc_b', 'Dense', false]]);
    const model = transferModel(pre, { take: 3, head: [new Dense(2, { name: 'head' })], freeze: true, rng: new Rng(8) });
    expect(model.layers.map((l) => l.name)).toEqual(['enc_a', 'act', 'enc_b', 'head']);
    expect(data(model, 'enc_a/kernel')).toEqual(data(pre, 'enc_a/kernel'));
    expect(model.countParams()).toEqual({ trainable: 8, frozen: 27 });
    // The taken trunk computes what the pretrained one did.
    const g = new Graph(new JsBackend());
    const trunk = (m: Sequential) => m.layers.slice(0, 3).reduce((h, layer) => layer.forward(h, { graph: g, training: false }), g.constant(Tensor.from([[0.5, -1], [2, 0.25]]))).value;
    expect(trunk(model).data).toEqual(trunk(pre).data);
    expect(model.summary()).toMatch(/Frozen params: 27/);
  });

  it('refuses a source without an architecture', () => {
    const weightsOnly = { origin: 'w.json', model: null, layers: [], noModelReason: 'the source holds weights only, without the architecture' };
    expect(() => takeLayers(weightsOnly, 1)).toThrow(/w.json is not a Sequential model \(the source holds weights only/);
  });
});
