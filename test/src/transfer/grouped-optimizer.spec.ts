import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/autograd/graph.js';
import { ConfigError, NonFiniteError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Dense, Sequential, mseLoss } from '../../../src/nn/index.js';
import type { NamedParams } from '../../../src/nn/param.js';
import { Adam } from '../../../src/optim/adam.js';
import type { LearningRate } from '../../../src/optim/lr-schedules.js';
import { SGD } from '../../../src/optim/sgd.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { freeze } from '../../../src/transfer/freeze.js';
import { GroupedOptimizer } from '../../../src/transfer/grouped-optimizer.js';

function net(seed = 3): Sequential {
  const model = new Sequential([new Dense(4, { name: 'conv_like', activation: 'tanh' }), new Dense(2, { name: 'head' })]);
  model.build([3], new Rng(seed));
  return model;
}

const x = Tensor.from([[1, 2, 3], [-1, 0.5, 2], [0.3, -0.2, 0.1]]);
const y = Tensor.from([[1, 0], [0, 1], [0.5, 0.5]]);
const sgd = (params: NamedParams, lr: LearningRate) => new SGD(params, { lr });
const adam = (params: NamedParams, lr: LearningRate) => new Adam(params, { lr });

function values(model: Sequential): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(model.namedParams()).map(([k, p]) => [k, p.value.data.slice()]));
}

describe('GroupedOptimizer', () => {
  it('applies each group its own learning rate (SGD: w -= lr_group * grad)', () => {
    const model = net();
    const g = new Graph(new JsBackend());
    const optimizer = new GroupedOptimizer(model.namedParams(), { lr: 0.1, groups: [{ match: 'conv*', lr: 0.01 }], create: sgd });
    expect(optimizer.groups.map((gr) => [gr.name, gr.params])).toEqual([
      ['group-1', ['conv_like/kernel', 'conv_like/bias']],
      ['default', ['head/kernel', 'head/bias']],
    ]);
    const before = values(model);
    optimizer.zeroGrad();
    g.backward(mseLoss(g, model.forward(x, { graph: g, training: true }), y));
    const grads = Object.fromEntries(Object.entries(model.namedParams()).map(([k, p]) => [k, p.grad!.data.slice()]));
    optimizer.step();
    for (const [name, p] of Object.entries(model.namedParams())) {
      const lr = name.startsWith('conv') ? 0.01 : 0.1;
      const expected = before[name]!.map((w, i) => Math.fround(w - lr * grads[name]![i]!));
      expect(Array.from(p.value.data), name).toEqual(Array.from(expected));
    }
    expect(optimizer.learningRate('conv_like/kernel')).toBe(0.01);
    expect(optimizer.learningRate()).toBe(0.1);
  });

  it('scales a schedule per group (lrScale, or lr relative to baseLr)', () => {
    const model = net();
    const schedule = (step: number) => 0.1 / (step + 1);
    const optimizer = new GroupedOptimizer(model.namedParams(), {
      lr: schedule,
      baseLr: 0.1,
      groups: [{ match: 'conv_like/kernel', lrScale: 0.5 }, { match: ['conv_like/bias'], lr: 0.02 }],
      create: sgd,
    });
    expect(optimizer.learningRate('conv_like/kernel')).toBeCloseTo(0.05, 12);
    expect(optimizer.learningRate('conv_like/bias')).toBeCloseTo(0.02, 12);
    expect(optimizer.learningRate('head/kernel')).toBeCloseTo(0.1, 12);
    const g = new Graph(new JsBackend());
    optimizer.minimize(g, () => mseLoss(g, model.forward(x, { graph: g, training: true }), y));
    expect(optimizer.learningRate('conv_like/kernel')).toBeCloseTo(0.025, 12);
    expect(optimizer.learningRate('head/bias')).toBeCloseTo(0.05, 12);
  });

  it('without groups matches a single optimizer bit for bit, state included', () => {
    const a = net();
    const b = net();
    const single = new Adam(a.namedParams(), { lr: 0.01 });
    const grouped = new GroupedOptimizer(b.namedParams(), { lr: 0.01, create: adam });
    const g = new Graph(new JsBackend());
    for (let i = 0; i < 4; i++) {
      single.minimize(g, () => mseLoss(g, a.forward(x, { graph: g, training: true }), y));
      grouped.minimize(g, () => mseLoss(g, b.forward(x, { graph: g, training: true }), y));
    }
    expect(values(b)).toEqual(values(a));
    expect(grouped.getState()).toEqual(single.getState());
  });

  it('restores its state exactly (setState of getState continues identically)', () => {
    const g = new Graph(new JsBackend());
    const make = (model: Sequential) => new GroupedOptimizer(model.namedParams(), { lr: 0.01, groups: [{ match: 'conv*', lr: 0.001 }], create: adam });
    const a = net();
    const optA = make(a);
    for (let i = 0; i < 2; i++) optA.minimize(g, () => mseLoss(g, a.forward(x, { graph: g, training: true }), y));
    const b = net(99);
    for (const [k, p] of Object.entries(b.namedParams())) p.value.data.set(a.namedParams()[k]!.value.data);
    const optB = make(b);
    optB.setState(optA.getState());
    expect(optB.stepCount).toBe(2);
    for (let i = 0; i < 2; i++) {
      optA.minimize(g, () => mseLoss(g, a.forward(x, { graph: g, training: true }), y));
      optB.minimize(g, () => mseLoss(g, b.forward(x, { graph: g, training: true }), y));
    }
    expect(values(b)).toEqual(values(a));
    expect(() => optB.setState({ ...optA.getState(), className: 'SGD' })).toThrow(ConfigError);
    expect(() => optB.setState({ ...optA.getState(), params: { 'nope/kernel': { step: 1, slots: {} } } })).toThrow(/unknown param 'nope\/kernel'/);
  });

  it('gives frozen params neither updates nor state', () => {
    const model = net();
    freeze(model, ['conv_like']);
    const before = values(model);
    const optimizer = new GroupedOptimizer(model.namedParams(), { lr: 0.01, groups: [{ match: 'conv*', lr: 0.001 }], create: adam });
    const g = new Graph(new JsBackend());
    optimizer.minimize(g, () => mseLoss(g, model.forward(x, { graph: g, training: true }), y));
    expect(values(model)['conv_like/kernel']).toEqual(before['conv_like/kernel']);
    expect(Object.keys(optimizer.getState().params)).toEqual(['head/kernel', 'head/bias']);
  });

  it('updates nothing when any gradient is NaN, and rejects bad groups', () => {
    const model = net();
    const optimizer = new GroupedOptimizer(model.namedParams(), { lr: 0.01, groups: [{ match: 'conv*', lr: 0.001 }], create: sgd });
    const before = values(model);
    for (const p of Object.values(model.namedParams())) p.grad = Tensor.full(p.shape, 1);
    model.namedParams()['head/bias']!.grad = Tensor.from([1, Number.NaN]);
    expect(() => optimizer.step()).toThrow(NonFiniteError);
    expect(() => optimizer.step()).toThrow(/gradient of 'head\/bias' is NaN/);
    expect(values(model)).toEqual(before);
    expect(() => new GroupedOptimizer(model.namedParams(), { lr: 0.1, groups: [{ match: 'encoder*', lr: 0.1 }], create: sgd })).toThrow(/paramGroups\[0\]: match "encoder\*" selects no param/);
    expect(() => new GroupedOptimizer(model.namedParams(), { lr: 0.1, groups: [{ match: 'conv*' }], create: sgd })).toThrow(/exactly one of lr or lrScale/);
  });
});
