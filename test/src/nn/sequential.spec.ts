import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Dense, ReLU, Sequential, Tanh, defaultLayerRegistry } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

function mlp(): Sequential {
  return new Sequential([new Dense(8), new ReLU(), new Dense(8, { activation: 'tanh' }), new Dense(2, { name: 'head' })]);
}

describe('Sequential', () => {
  it('names unnamed layers per type within the model and keeps explicit names', () => {
    const model = mlp();
    expect(model.layers.map((l) => l.name)).toEqual(['dense_1', 're_lu_1', 'dense_2', 'head']);
    expect(new Sequential([new Tanh(), new Tanh()]).layers.map((l) => l.name)).toEqual(['tanh_1', 'tanh_2']);
  });

  it('rejects duplicate names and adding after build', () => {
    expect(() => new Sequential([new Dense(2, { name: 'a' }), new Dense(2, { name: 'a' })])).toThrow(/two layers are named 'a'/);
    const model = mlp();
    model.build([4], new Rng(0));
    expect(() => model.add(new Dense(1))).toThrow(ConfigError);
  });

  it('chains shapes through build and exposes params by path', () => {
    const model = mlp();
    expect(model.build([4], new Rng(0))).toEqual([2]);
    const named = model.namedParams();
    expect(Object.keys(named)).toEqual(['dense_1/kernel', 'dense_1/bias', 'dense_2/kernel', 'dense_2/bias', 'head/kernel', 'head/bias']);
    expect(named['dense_2/kernel']!.shape).toEqual([8, 8]);
    expect(model.params().length).toBe(6);
  });

  it('forward equals applying the layers one by one', () => {
    const { g, ctx } = jsContext();
    const model = mlp();
    model.build([4], new Rng(3));
    const x = Tensor.from([[1, 2, 3, 4], [-1, 0, 1, 0.5]]);
    let y = g.lift(x);
    for (const layer of model.layers) y = layer.forward(y, ctx);
    expect(model.forward(x, ctx).value.data).toEqual(y.value.data);
    expect(model.predict(g, x).data).toEqual(y.value.data);
  });

  it('reports a wrong input shape naming the first layer that gets it', () => {
    const { ctx } = jsContext();
    const model = mlp();
    model.build([4], new Rng(0));
    expect(() => model.forward(Tensor.zeros([2, 5]), ctx)).toThrow(ShapeError);
    expect(() => model.forward(Tensor.zeros([2, 5]), ctx)).toThrow(/expected input of shape \[batch, 4\], got \[2, 5\]/);
  });

  it('gives each layer its own init stream: changing one layer leaves the others unchanged', () => {
    const a = mlp();
    a.build([4], new Rng(1));
    const b = new Sequential([new Dense(8), new ReLU(), new Dense(8, { activation: 'tanh' }), new Dense(3, { name: 'head' })]);
    b.build([4], new Rng(1));
    expect(b.namedParams()['dense_1/kernel']!.value.data).toEqual(a.namedParams()['dense_1/kernel']!.value.data);
    expect(b.namedParams()['dense_2/kernel']!.value.data).toEqual(a.namedParams()['dense_2/kernel']!.value.data);
    expect(a.namedParams()['dense_1/kernel']!.value.data).not.toEqual(a.namedParams()['dense_2/kernel']!.value.data.subarray(0, 32));
  });

  it('cascades trainable to layers and params; frozen params get no gradient', () => {
    const { g, ctx } = jsContext();
    const model = mlp();
    model.build([4], new Rng(0));
    model.getLayer('dense_1').trainable = false;
    expect(model.namedParams()['dense_1/kernel']!.trainable).toBe(false);
    expect(model.namedParams()['head/kernel']!.trainable).toBe(true);
    g.backward(g.sum(model.forward(Tensor.ones([2, 4]), ctx)));
    expect(model.namedParams()['dense_1/kernel']!.grad).toBeNull();
    expect(model.namedParams()['head/kernel']!.grad).not.toBeNull();
    model.trainable = false;
    expect(model.params().every((p) => !p.trainable)).toBe(true);
    model.trainable = true;
    expect(model.params().every((p) => p.trainable)).toBe(true);
  });

  it('summarizes layers, output shapes and trainable/frozen counts', () => {
    const model = new Sequential([new Dense(64, { activation: 'relu' }), new Dense(2, { name: 'q' })], { name: 'qnet' });
    model.build([4], new Rng(0));
    model.getLayer('q').trainable = false;
    const text = model.summary();
    expect(text).toContain('Model: qnet  (input [batch, 4])');
    expect(text).toMatch(/dense_1 \(Dense\)\s+\[batch, 64\]\s+320\n/);
    expect(text).toMatch(/q \(Dense\)\s+\[batch, 2\]\s+130 \(130 frozen\)/);
    expect(text).toContain('Total params: 450');
    expect(text).toContain('Trainable params: 320');
    expect(text).toContain('Frozen params: 130');
  });

  it('rebuilds from its JSON config through the registry, nested models included', () => {
    const inner = new Sequential([new Dense(3, { activation: 'elu' })], { name: 'trunk' });
    const model = new Sequential([inner, new Dense(1)]);
    model.build([2], new Rng(4));
    const config = JSON.parse(JSON.stringify(model.getConfig()));
    expect(config.inputShape).toEqual([2]);
    const copy = defaultLayerRegistry().fromConfig(config) as Sequential;
    expect(copy.built).toBe(false);
    copy.build(config.inputShape, new Rng(4));
    expect(copy.getConfig()).toEqual(config);
    expect(Object.keys(copy.namedParams())).toEqual(['trunk/dense_1/kernel', 'trunk/dense_1/bias', 'dense_1/kernel', 'dense_1/bias']);
    expect(copy.params().map((p) => Array.from(p.value.data))).toEqual(model.params().map((p) => Array.from(p.value.data)));
  });

  it('throws on an unknown class name in a config, listing the registered ones', () => {
    expect(() => defaultLayerRegistry().fromConfig({ className: 'Conv9D', name: 'c', trainable: true })).toThrow(/unknown className 'Conv9D'; registered: Dense/);
  });
});
