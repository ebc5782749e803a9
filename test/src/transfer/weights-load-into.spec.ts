import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Dense, Sequential } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { loadInto } from '../../../src/transfer/weights-load-into.js';

function net(outputs: number, seed: number): Sequential {
  const m = new Sequential([new Dense(3, { name: 'trunk' }), new Dense(outputs, { name: 'head' })]);
  m.build([2], new Rng(seed));
  return m;
}

function tensors(m: Sequential): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(m.namedParams()).map(([k, p]) => [k, p.value.clone()]));
}

describe('loadInto', () => {
  it('copies every weight into the params of the same name', () => {
    const source = net(2, 1);
    const target = net(2, 2);
    const report = loadInto(target, tensors(source));
    expect(report).toEqual({ loaded: ['trunk/kernel', 'trunk/bias', 'head/kernel', 'head/bias'], missing: [], unexpected: [] });
    expect(target.params().map((p) => p.value.data)).toEqual(source.params().map((p) => p.value.data));
  });

  it('strict mode throws listing missing and unexpected names and writes nothing', () => {
    const target = net(2, 2);
    const before = target.params().map((p) => p.value.data.slice());
    const weights = tensors(net(2, 1));
    delete weights['head/bias'];
    weights['extra/kernel'] = Tensor.zeros([1]);
    expect(() => loadInto(target, weights)).toThrow(ConfigError);
    expect(() => loadInto(target, weights)).toThrow(/missing from the weights: head\/bias; not in the model: extra\/kernel/);
    expect(target.params().map((p) => p.value.data)).toEqual(before);
  });

  it('non-strict mode loads the common names and reports the rest', () => {
    const target = net(2, 2);
    const weights = tensors(net(2, 1));
    delete weights['head/kernel'];
    delete weights['head/bias'];
    weights['old_head/kernel'] = Tensor.zeros([3, 5]);
    const report = loadInto(target, weights, { strict: false });
    expect(report).toEqual({ loaded: ['trunk/kernel', 'trunk/bias'], missing: ['head/kernel', 'head/bias'], unexpected: ['old_head/kernel'] });
    expect(target.namedParams()['trunk/kernel']!.value.data).toEqual(weights['trunk/kernel']!.data);
  });

  it('a shape mismatch throws a ShapeError naming the weight and both shapes, even when not strict', () => {
    const target = net(2, 2);
    const weights = tensors(net(4, 1));
    expect(() => loadInto(target, weights, { strict: false })).toThrow(ShapeError);
    expect(() => loadInto(target, weights)).toThrow("loadInto: weight 'head/kernel' has shape [3, 4], the model's param has [3, 2]");
  });

  it('accepts a plain record of params', () => {
    const target = net(2, 2);
    const report = loadInto({ 'trunk/bias': target.namedParams()['trunk/bias']! }, { 'trunk/bias': Tensor.from([1, 2, 3]) });
    expect(report.loaded).toEqual(['trunk/bias']);
    expect(target.namedParams()['trunk/bias']!.value.toArray()).toEqual([1, 2, 3]);
  });
});
