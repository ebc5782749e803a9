import { expect } from 'vitest';
import { Graph, gradCheck, type Variable } from '../../../src/autograd/index.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import { Adam } from '../../../src/optim/adam.js';
import { Param, Sequential, defaultLayerRegistry, type ForwardContext, type Layer } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { loadInto } from '../../../src/transfer/weights-load-into.js';

/** Options of {@link expectLayerGradients}. */
export interface LayerGradOptions {
  /** Check the input gradient too (false for integer inputs such as embedding ids). */
  readonly input?: boolean;
  readonly eps?: number;
  readonly rtol?: number;
  readonly atol?: number;
  /** A fresh forward context per call (dropout needs the same mask on every evaluation). */
  readonly ctx?: (g: Graph) => ForwardContext;
}

/**
 * Numeric gradient check of a built layer at `x`, for its input (through autograd's `gradCheck`)
 * and for every trainable param (central differences on the param values in place, with the
 * same projection and tolerance rule as `gradCheck`).
 */
export function expectLayerGradients(layer: Layer, x: Tensor, options: LayerGradOptions = {}): void {
  const g = new Graph(new JsBackend());
  const ctxOf = options.ctx ?? ((graph: Graph) => ({ graph, training: true }));
  const eps = options.eps ?? 1e-2;
  const rtol = options.rtol ?? 1e-2;
  const atol = options.atol ?? 1e-3;
  if (options.input ?? true) {
    const r = gradCheck(g, (xv: Variable) => layer.forward(xv, ctxOf(g)), [x], { eps, rtol, atol });
    expect(r.mismatches, `${layer.label} input gradient`).toEqual([]);
  }
  const params = layer.params().filter((p) => p.trainable);
  if (params.length === 0) return;
  const y = layer.forward(x, ctxOf(g));
  const weights = new Tensor(y.shape, new Rng(1).fillUniform(new Float32Array(y.size), -1, 1));
  layer.zeroGrad();
  g.backward(y, weights);
  const project = (): number => {
    const out = g.noGrad(() => layer.forward(x, ctxOf(g))).value;
    let total = 0;
    for (let i = 0; i < out.size; i++) total += out.data[i]! * weights.data[i]!;
    return total;
  };
  for (const p of params) {
    const analytic = p.grad ?? new Tensor(p.shape);
    const mismatches: string[] = [];
    for (let i = 0; i < p.size; i++) {
      const original = p.value.data[i]!;
      const up = Math.fround(original + eps);
      const down = Math.fround(original - eps);
      p.value.data[i] = up;
      const fUp = project();
      p.value.data[i] = down;
      const fDown = project();
      p.value.data[i] = original;
      const numeric = (fUp - fDown) / (up - down);
      const a = analytic.data[i]!;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) mismatches.push(`[${i}] analytic ${a} numeric ${numeric}`);
    }
    expect(mismatches, `${layer.label} gradient of '${p.name}'`).toEqual([]);
  }
  layer.zeroGrad();
}

/**
 * getConfig -> JSON -> fromConfig -> build (from another seed) -> copy the weights -> the same
 * inference outputs, and the same config again.
 */
export function expectRoundTrip(model: Sequential, inputShape: readonly number[], x: Tensor): void {
  const g = new Graph(new JsBackend());
  const config = JSON.parse(JSON.stringify(model.getConfig()));
  const copy = defaultLayerRegistry().fromConfig(config) as Sequential;
  expect(copy.getConfig()).toEqual({ ...config, inputShape: null });
  copy.build(inputShape, new Rng(12345));
  const weights = Object.fromEntries(Object.entries(model.namedParams()).map(([name, p]) => [name, p.value.clone()]));
  const report = loadInto(copy, weights);
  expect(report.missing).toEqual([]);
  expect(Array.from(copy.predict(g, x).data)).toEqual(Array.from(model.predict(g, x).data));
  expect(copy.getConfig()).toEqual(config);
}

/**
 * With the layer frozen, an Adam step on a loss of its output changes none of its params (an
 * extra trainable param keeps the loss differentiable); unfrozen, the same step changes its
 * trainable params.
 */
export function expectFreezeExcludesParams(make: () => Layer, inputShape: readonly number[], x: Tensor): void {
  for (const frozen of [true, false]) {
    const layer = make();
    layer.build(inputShape, new Rng(3));
    layer.trainable = !frozen;
    const g = new Graph(new JsBackend());
    const extra = new Param('extra', Tensor.from([0.5]));
    const before = layer.params().map((p) => p.value.data.slice());
    const optimizer = new Adam({ ...Object.fromEntries(Object.entries(layer.namedParams()).map(([k, p]) => [`layer/${k}`, p])), extra }, { lr: 0.1 });
    optimizer.minimize(g, () => g.add(g.mean(g.square(layer.forward(x, { graph: g, training: true, rng: new Rng(4) }))), g.sum(g.square(extra))));
    const after = layer.params().map((p) => p.value.data);
    if (frozen) {
      expect(after, `${layer.label} frozen`).toEqual(before);
      expect(layer.countParams().trainable).toBe(0);
    } else {
      const changed = layer.params().filter((p, i) => p.trainable && after[i]!.some((v, j) => v !== before[i]![j]));
      expect(changed.length, `${layer.label} unfrozen: trainable params changed`).toBe(layer.params().filter((p) => p.trainable).length);
    }
  }
}
