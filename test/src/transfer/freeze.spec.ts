import { describe, expect, it } from 'vitest';
import { Graph } from '../../../src/autograd/graph.js';
import { ConfigError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import type { Variable } from '../../../src/autograd/variable.js';
import { Dense, Layer, ReLU, Sequential, mseLoss, type ForwardContext } from '../../../src/nn/index.js';
import { Adam } from '../../../src/optim/adam.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { freeze, unfreeze } from '../../../src/transfer/freeze.js';
import { globToRegExp, groupByLayer, modelLayers, selectLayers } from '../../../src/transfer/layer-selection.js';

/** A container that is not a Sequential (like DQN's QNetwork): layers reached through param paths. */
class TwoLayer extends Layer {
  readonly className = 'TwoLayer';
  private readonly hidden = new Dense(3, { name: 'hidden', activation: 'relu' });
  private readonly q = new Dense(2, { name: 'q' });
  protected override sublayers(): readonly Layer[] {
    return [this.hidden, this.q];
  }
  protected buildLayer(inputShape: readonly number[], rng: Rng): number[] {
    return [...this.q.build(this.hidden.build(inputShape, rng.child('hidden')), rng.child('q'))];
  }
  protected call(x: Variable, ctx: ForwardContext): Variable {
    return this.q.forward(this.hidden.forward(x, ctx), ctx);
  }
}

function mlp(): Sequential {
  const model = new Sequential([new Dense(4, { name: 'trunk_a' }), new ReLU(), new Dense(3, { name: 'trunk_b' }), new Dense(2, { name: 'head' })]);
  model.build([3], new Rng(7));
  return model;
}

function trainSteps(model: Sequential, optimizer: Adam, steps: number): void {
  const g = new Graph(new JsBackend());
  const x = Tensor.from([[1, 2, 3], [-1, 0.5, 2]]);
  const y = Tensor.from([[1, 0], [0, 1]]);
  for (let i = 0; i < steps; i++) optimizer.minimize(g, () => mseLoss(g, model.forward(x, { graph: g, training: true }), y));
}

describe('layer selection', () => {
  it('lists a Sequential layer by layer, parameterless layers included', () => {
    expect(modelLayers(mlp()).map((l) => [l.name, l.className, Object.keys(l.params)])).toEqual([
      ['trunk_a', 'Dense', ['kernel', 'bias']],
      ['re_lu_1', 'ReLU', []],
      ['trunk_b', 'Dense', ['kernel', 'bias']],
      ['head', 'Dense', ['kernel', 'bias']],
    ]);
  });

  it('picks the first k or names and globs, in network order', () => {
    const layers = modelLayers(mlp());
    expect(selectLayers(layers, 2, 'test').map((l) => l.name)).toEqual(['trunk_a', 're_lu_1']);
    expect(selectLayers(layers, ['head', 'trunk_*'], 'test').map((l) => l.name)).toEqual(['trunk_a', 'trunk_b', 'head']);
    expect(() => selectLayers(layers, 5, 'freeze')).toThrow(/freeze: layers 5 must be an integer in \[0, 4\].*trunk_a, re_lu_1, trunk_b, head/);
    expect(() => selectLayers(layers, ['conv*'], 'freeze')).toThrow(ConfigError);
    expect(() => selectLayers(layers, ['conv*'], 'freeze')).toThrow(/no layer matches 'conv\*'; layers: trunk_a/);
  });

  it('globs stay within one path segment', () => {
    expect(globToRegExp('conv*').test('conv2d_1')).toBe(true);
    expect(globToRegExp('conv*').test('conv2d_1/kernel')).toBe(false);
    expect(globToRegExp('dense_?').test('dense_1')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('groups weight paths by layer in first-seen order', () => {
    const groups = groupByLayer({ 'h/kernel': 1, 'q/kernel': 2, 'h/bias': 3, lone: 4 });
    expect(groups).toEqual([
      { name: 'h', params: { kernel: 1, bias: 3 } },
      { name: 'q', params: { kernel: 2 } },
      { name: 'lone', params: { lone: 4 } },
    ]);
  });
});

describe('freeze / unfreeze', () => {
  it('cascades to params and shows in summary()', () => {
    const model = mlp();
    expect(freeze(model, ['trunk_*'])).toEqual(['trunk_a', 'trunk_b']);
    expect(model.getLayer('trunk_a').trainable).toBe(false);
    expect(model.namedParams()['trunk_b/bias']!.trainable).toBe(false);
    expect(model.namedParams()['head/kernel']!.trainable).toBe(true);
    // trunk_a 3*4+4, trunk_b 4*3+3 frozen; head 3*2+2 trainable.
    expect(model.countParams()).toEqual({ trainable: 8, frozen: 31 });
    expect(model.summary()).toMatch(/Trainable params: 8\nFrozen params: 31/);
    expect(unfreeze(model, 1)).toEqual(['trunk_a']);
    expect(model.countParams()).toEqual({ trainable: 24, frozen: 15 });
    freeze(model);
    expect(model.countParams().trainable).toBe(0);
    unfreeze(model);
    expect(model.countParams().frozen).toBe(0);
  });

  it('frozen params get no optimizer updates and no optimizer state', () => {
    const model = mlp();
    freeze(model, 2);
    const before = Object.fromEntries(Object.entries(model.namedParams()).map(([k, p]) => [k, p.value.data.slice()]));
    const optimizer = new Adam(model.namedParams(), { lr: 0.05 });
    trainSteps(model, optimizer, 3);
    const params = model.namedParams();
    expect(params['trunk_a/kernel']!.value.data).toEqual(before['trunk_a/kernel']);
    expect(params['trunk_a/bias']!.value.data).toEqual(before['trunk_a/bias']);
    expect(params['trunk_b/kernel']!.value.data).not.toEqual(before['trunk_b/kernel']);
    expect(params['head/kernel']!.value.data).not.toEqual(before['head/kernel']);
    expect(Object.keys(optimizer.getState().params).sort()).toEqual(['head/bias', 'head/kernel', 'trunk_b/bias', 'trunk_b/kernel']);
  });

  it('freezes a non-Sequential model through its param paths', () => {
    const model = new TwoLayer();
    model.build([2], new Rng(1));
    expect(modelLayers(model).map((l) => [l.name, l.className, l.layer])).toEqual([
      ['hidden', null, null],
      ['q', null, null],
    ]);
    expect(freeze(model, 1)).toEqual(['hidden']);
    expect(Object.entries(model.namedParams()).map(([k, p]) => [k, p.trainable])).toEqual([
      ['hidden/kernel', false], ['hidden/bias', false], ['q/kernel', true], ['q/bias', true],
    ]);
  });
});
