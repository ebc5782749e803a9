import { describe, expect, it } from 'vitest';
import { ConfigError, NonFiniteError, ShapeError } from '../../../src/errors.js';
import { Graph } from '../../../src/autograd/graph.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Param } from '../../../src/nn/param.js';
import { Adam, AdamW, RMSProp, SGD, linearSchedule, type Optimizer } from '../../../src/optim/index.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { closeTrajectories, param, run } from './optim-helpers.js';

/** Gradient sequences with sign changes and different magnitudes per entry. */
const grads = [
  [1, -2, 0.5],
  [0.5, -1, -0.5],
  [-1, 3, 0.1],
  [2, 0, 0.2],
  [0.3, -0.3, 1],
];
const w0 = [0.5, -1, 2];

/** Reference Adam/AdamW in float64, written from the papers' pseudo-code. */
function referenceAdam(lr: number, b1: number, b2: number, eps: number, wd: number, decoupled: boolean): number[][] {
  const w = [...w0];
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  return grads.map((gs, t) =>
    w.map((_, i) => {
      if (decoupled) w[i]! *= 1 - lr * wd;
      const g = gs[i]! + (decoupled ? 0 : wd * w[i]!);
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const mHat = m[i]! / (1 - b1 ** (t + 1));
      const vHat = v[i]! / (1 - b2 ** (t + 1));
      w[i]! -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      return w[i]!;
    }),
  );
}

/** Reference RMSProp (PyTorch's formulation) in float64. */
function referenceRmsProp(lr: number, alpha: number, eps: number, mu: number, centered: boolean): number[][] {
  const w = [...w0];
  const s = [0, 0, 0];
  const gAvg = [0, 0, 0];
  const buf = [0, 0, 0];
  return grads.map((gs) =>
    w.map((_, i) => {
      const g = gs[i]!;
      s[i] = alpha * s[i]! + (1 - alpha) * g * g;
      let denom = s[i]!;
      if (centered) {
        gAvg[i] = alpha * gAvg[i]! + (1 - alpha) * g;
        denom -= gAvg[i]! ** 2;
      }
      let d = g / (Math.sqrt(denom) + eps);
      if (mu > 0) d = buf[i] = mu * buf[i]! + d;
      w[i]! -= lr * d;
      return w[i]!;
    }),
  );
}

describe('SGD', () => {
  it('plain: w ← w − lr·g', () => {
    const p = param('w', [1, 2]);
    run(new SGD({ w: p }, { lr: 0.5 }), p, [[2, -4]]);
    expect(Array.from(p.value.data)).toEqual([0, 4]);
  });

  it('momentum and Nesterov follow their hand-computed trajectories', () => {
    const a = param('w', [0]);
    closeTrajectories(run(new SGD({ w: a }, { lr: 0.1, momentum: 0.9 }), a, [[1], [1], [1]]), [[-0.1], [-0.29], [-0.561]]);
    const b = param('w', [0]);
    closeTrajectories(run(new SGD({ w: b }, { lr: 0.1, momentum: 0.9, nesterov: true }), b, [[1], [1], [1]]), [[-0.19], [-0.461], [-0.8049]]);
  });

  it('rejects inconsistent options', () => {
    expect(() => new SGD({}, { lr: 0.1, nesterov: true })).toThrow(ConfigError);
    expect(() => new SGD({}, { lr: -1 })).toThrow(ConfigError);
    expect(() => new SGD({}, { lr: 0.1, momentum: 1 })).toThrow(ConfigError);
  });
});

describe('Adam, AdamW, RMSProp against float64 references', () => {
  it('Adam', () => {
    const p = param('w', w0);
    closeTrajectories(run(new Adam({ w: p }, { lr: 0.1 }), p, grads), referenceAdam(0.1, 0.9, 0.999, 1e-8, 0, false));
  });

  it('Adam moves each entry by about lr on its first step, whatever the gradient scale', () => {
    const p = param('w', [0, 0]);
    run(new Adam({ w: p }, { lr: 0.01 }), p, [[1000, -0.001]]);
    expect(p.value.data[0]).toBeCloseTo(-0.01, 6);
    expect(p.value.data[1]).toBeCloseTo(0.01, 6);
  });

  it('Adam with an L2 weightDecay, and AdamW with decoupled decay', () => {
    const a = param('w', w0);
    closeTrajectories(run(new Adam({ w: a }, { lr: 0.1, weightDecay: 0.1 }), a, grads), referenceAdam(0.1, 0.9, 0.999, 1e-8, 0.1, false));
    const b = param('w', w0);
    closeTrajectories(run(new AdamW({ w: b }, { lr: 0.1, weightDecay: 0.1, beta1: 0.8 }), b, grads), referenceAdam(0.1, 0.8, 0.999, 1e-8, 0.1, true));
  });

  it('AdamW shrinks weights by (1 − lr·wd) when the gradient is zero', () => {
    const p = param('w', [2]);
    run(new AdamW({ w: p }, { lr: 0.1 }), p, [[0], [0]]);
    expect(p.value.data[0]).toBeCloseTo(2 * (1 - 0.1 * 0.01) ** 2, 6);
  });

  for (const [label, mu, centered] of [['plain', 0, false], ['centered', 0, true], ['momentum', 0.9, false], ['centered with momentum', 0.5, true]] as const) {
    it(`RMSProp ${label}`, () => {
      const p = param('w', w0);
      const opt = new RMSProp({ w: p }, { lr: 0.01, momentum: mu, centered, eps: 1e-6 });
      closeTrajectories(run(opt, p, grads), referenceRmsProp(0.01, 0.99, 1e-6, mu, centered));
    });
  }
});

describe('Optimizer behaviour shared by all', () => {
  const makers: Array<[string, (ps: Record<string, Param>) => Optimizer]> = [
    ['SGD', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
    ['Adam', (ps) => new Adam(ps, { lr: 0.1 })],
    ['AdamW', (ps) => new AdamW(ps, { lr: 0.1 })],
    ['RMSProp', (ps) => new RMSProp(ps, { lr: 0.1, centered: true, momentum: 0.5 })],
  ];

  for (const [name, make] of makers) {
    it(`${name} skips frozen params and params without gradient: no update, no state`, () => {
      const frozen = param('a', [1, 1]);
      frozen.trainable = false;
      const noGrad = param('b', [2]);
      const live = param('c', [3]);
      const opt = make({ frozen, noGrad, live });
      frozen.grad = Tensor.from([1, 1]); // ignored: frozen
      live.grad = Tensor.from([1]);
      opt.step();
      expect(Array.from(frozen.value.data)).toEqual([1, 1]);
      expect(Array.from(noGrad.value.data)).toEqual([2]);
      expect(live.value.data[0]).not.toBe(3);
      expect(Object.keys(opt.getState().params)).toEqual(['live']);
      expect(opt.stepCount).toBe(1);
    });

    it(`${name} state round-trips: a restored optimizer continues bit-identically`, () => {
      const pa = param('w', w0);
      const a = make({ w: pa });
      run(a, pa, grads.slice(0, 2));
      const snapshot = a.getState();
      expect(snapshot.step).toBe(2);
      expect(snapshot.params['w']!.step).toBe(2);
      const pb = param('w', Array.from(pa.value.data));
      const b = make({ w: pb });
      b.setState(snapshot);
      const restOfA = run(a, pa, grads.slice(2));
      const restOfB = run(b, pb, grads.slice(2));
      expect(restOfB).toEqual(restOfA);
      expect(b.stepCount).toBe(5);
    });

    it(`${name} stops on a non-finite gradient, naming the param and step, updating nothing`, () => {
      const first = param('dense_1/kernel', [1]);
      const bad = param('dense_2/bias', [1, 1]);
      const opt = make({ 'dense_1/kernel': first, 'dense_2/bias': bad });
      run(opt, first, [[0.5]]);
      first.grad = Tensor.from([1]);
      bad.grad = Tensor.from([0, Number.POSITIVE_INFINITY]);
      const before = first.value.data[0];
      expect(() => opt.step()).toThrow(NonFiniteError);
      expect(() => opt.step()).toThrow(`${name}: gradient of 'dense_2/bias' is Infinity at index 1 at step 1; no param was updated`);
      expect(first.value.data[0]).toBe(before);
      expect(opt.stepCount).toBe(1);
    });
  }

  it('getState returns copies; setState validates type, names and shapes', () => {
    const p = param('w', [1, 2]);
    const opt = new Adam({ w: p }, { lr: 0.1 });
    run(opt, p, [[1, 1]]);
    const state = opt.getState();
    state.params['w']!.slots['m']!.data.fill(99);
    expect(opt.getState().params['w']!.slots['m']!.data[0]).not.toBe(99);
    expect(() => new SGD({ w: p }, { lr: 1 }).setState(state)).toThrow(/the state is for a Adam optimizer/);
    expect(() => new Adam({ v: p }, { lr: 1 }).setState(state)).toThrow(/unknown param 'w'; params: v/);
    const wrongShape = { ...state, params: { w: { step: 1, slots: { m: Tensor.zeros([3]), v: Tensor.zeros([2]) } } } };
    expect(() => new Adam({ w: p }, { lr: 1 }).setState(wrongShape)).toThrow(ShapeError);
    const missingSlot = { ...state, params: { w: { step: 1, slots: { m: Tensor.zeros([2]) } } } };
    expect(() => new Adam({ w: p }, { lr: 1 }).setState(missingSlot)).toThrow(/has no 'v' slot/);
  });

  it('evaluates a learning-rate schedule at each step', () => {
    const p = param('w', [0]);
    const opt = new SGD({ w: p }, { lr: linearSchedule({ from: 1, to: 0, steps: 2 }) });
    expect(opt.learningRate).toBe(1);
    closeTrajectories(run(opt, p, [[1], [1], [1]]), [[-1], [-1.5], [-1.5]]);
    expect(opt.learningRate).toBe(0);
  });

  it('maxGradNorm clips the global norm before the update', () => {
    const p = param('w', [0, 0]);
    run(new SGD({ w: p }, { lr: 1, maxGradNorm: 1 }), p, [[3, 4]]);
    expect(p.value.data[0]).toBeCloseTo(-0.6, 5);
    expect(p.value.data[1]).toBeCloseTo(-0.8, 5);
  });

  it('minimize adds the step to a checkFinite graph error naming the op', () => {
    const g = new Graph(new JsBackend(), { checkFinite: true });
    const p = param('w', [1]);
    const opt = new SGD({ w: p }, { lr: 0.5 });
    expect(opt.minimize(g, () => g.sum(g.square(p)))).toBe(1);
    p.value.data[0] = -1;
    expect(() => opt.minimize(g, () => g.sum(g.log(p)))).toThrow("output of op 'log' is NaN at step 1");
    expect(() => opt.minimize(g, () => g.sum(p))).not.toThrow();
  });

  it('zeroGrad drops every gradient', () => {
    const p = param('w', [0]);
    p.grad = Tensor.from([1]);
    new SGD({ w: p }, { lr: 1 }).zeroGrad();
    expect(p.grad).toBeNull();
  });
});
