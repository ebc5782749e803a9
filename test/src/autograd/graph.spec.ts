import { describe, expect, it } from 'vitest';
import { Graph, Variable } from '../../../src/autograd/index.js';
import { ConfigError, NonFiniteError, ShapeError } from '../../../src/errors.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsGraph } from './grad-helpers.js';

describe('Graph.backward', () => {
  it('seeds a one-value loss with 1 and fills leaf gradients', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([1, -2, 3]));
    g.backward(g.sum(g.square(x)));
    expect(x.grad?.toArray()).toEqual([2, -4, 6]);
  });

  it('accumulates over several backward calls until zeroGrad', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([1, 2]));
    g.backward(g.sum(g.scale(x, 3)));
    g.backward(g.sum(g.scale(x, 3)));
    expect(x.grad?.toArray()).toEqual([6, 6]);
    x.zeroGrad();
    g.backward(g.sum(x));
    expect(x.grad?.toArray()).toEqual([1, 1]);
  });

  it('calling backward twice on the same graph adds the gradient twice (op outputs restart at 0)', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([2]));
    const loss = g.sum(g.mul(x, x));
    g.backward(loss);
    g.backward(loss);
    expect(x.grad?.toArray()).toEqual([8]);
  });

  it('adds the contributions of a shared subexpression (diamond)', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([3]));
    const h = g.exp(x);
    const loss = g.sum(g.add(g.mul(h, h), h)); // e^{2x} + e^x
    g.backward(loss);
    expect(x.grad!.data[0]!).toBeCloseTo(2 * Math.exp(6) + Math.exp(3), 1);
  });

  it('takes an explicit seed for non-scalar losses and rejects a missing or mis-shaped one', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([1, 2]));
    const y = g.scale(x, 2);
    expect(() => g.backward(y)).toThrow(ShapeError);
    expect(() => g.backward(y, Tensor.from([1, 2, 3]))).toThrow(/seed of shape \[3\] for a loss of shape \[2\]/);
    g.backward(y, Tensor.from([1, 10]));
    expect(x.grad?.toArray()).toEqual([2, 20]);
  });

  it('does not flow into constants or leaves without requiresGrad', () => {
    const g = jsGraph();
    const frozen = g.variable(Tensor.from([1]), false);
    const x = g.variable(Tensor.from([2]));
    g.backward(g.sum(g.mul(g.mul(frozen, Tensor.from([5])), x)));
    expect(frozen.grad).toBeNull();
    expect(x.grad?.toArray()).toEqual([5]);
  });

  it('throws a ConfigError when the loss reaches nothing trainable', () => {
    const g = jsGraph();
    expect(() => g.backward(g.sum(Tensor.from([1, 2])))).toThrow(ConfigError);
  });

  it('handles a deep chain without overflowing the stack', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([1]));
    let y: Variable = x;
    for (let i = 0; i < 20_000; i++) y = g.addScalar(y, 0);
    g.backward(g.sum(y));
    expect(x.grad?.toArray()).toEqual([1]);
  });
});

describe('noGrad, grad and valueAndGrad', () => {
  it('noGrad records nothing and restores recording even when fn throws', () => {
    const g = jsGraph();
    const x = g.variable(Tensor.from([1]));
    const y = g.noGrad(() => g.exp(x));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
    expect(() => g.noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(g.gradEnabled).toBe(true);
    expect(g.exp(x).requiresGrad).toBe(true);
  });

  it('grad returns gradients w.r.t. each input, zeros for unused ones', () => {
    const g = jsGraph();
    const df = g.grad((a, _b) => g.sum(g.mul(a, a)));
    const [da, db] = df(Tensor.from([1, 2]), Tensor.from([5]));
    expect(da?.toArray()).toEqual([2, 4]);
    expect(db?.toArray()).toEqual([0]);
  });

  it('valueAndGrad works inside noGrad and returns the value', () => {
    const g = jsGraph();
    const f = g.valueAndGrad((a) => g.sum(g.scale(a, 3)));
    const { value, grads } = g.noGrad(() => f(Tensor.from([1, 1])));
    expect(value.item()).toBe(6);
    expect(grads[0]?.toArray()).toEqual([3, 3]);
  });
});

describe('checkFinite mode', () => {
  it('names the op whose output is non-finite', () => {
    const g = new Graph(new JsBackend(), { checkFinite: true });
    expect(() => g.log(Tensor.from([1, -1]))).toThrow(NonFiniteError);
    expect(() => g.log(Tensor.from([1, -1]))).toThrow(/output of op 'log' is NaN at index 1 of 2/);
  });

  it('names the op whose backward produced a non-finite gradient', () => {
    const g = new Graph(new JsBackend(), { checkFinite: true });
    const x = g.variable(Tensor.from([0]));
    // sqrt(0) is finite but its gradient 1 / (2 sqrt(0)) is not.
    expect(() => g.backward(g.sum(g.sqrt(x)))).toThrow(/backward of op 'sqrt'/);
  });

  it('is off by default: non-finite values pass through', () => {
    const g = jsGraph();
    expect(Number.isNaN(g.log(Tensor.from([-1])).item())).toBe(true);
  });
});
