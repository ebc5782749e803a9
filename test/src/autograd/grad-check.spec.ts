import { describe, expect, it } from 'vitest';
import { gradCheck, type Graph, type Variable } from '../../../src/autograd/index.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsGraph, randomTensor } from './grad-helpers.js';

/** x³ with a deliberately wrong backward (2x² instead of 3x²), to show the checker catches it. */
function wrongCube(g: Graph, x: Variable): Variable {
  const y = g.backend.unary('powScalar', x.value, 3);
  const out = g.node('wrongCube', y, x);
  if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(x, g.backend.binary('mul', gy, g.backend.unary('mulScalar', g.backend.unary('square', x.value), 2)));
  return out;
}

describe('gradCheck', () => {
  const g = jsGraph();

  it('accepts a correct gradient and reports every entry checked', () => {
    const r = gradCheck(g, (x) => g.powScalar(x, 3), [randomTensor([2, 3], 1)]);
    expect(r.ok).toBe(true);
    expect(r.checked).toBe(6);
    expect(r.maxAbsError).toBeLessThan(1e-3);
  });

  it('rejects a wrong gradient and names the input and index', () => {
    const x = Tensor.from([0.5, -1, 2]);
    const r = gradCheck(g, (v) => wrongCube(g, v), [x]);
    expect(r.ok).toBe(false);
    expect(r.mismatches.map((m) => [m.input, m.index])).toEqual([[0, 0], [0, 1], [0, 2]]);
    // Both sides carry the same projection weight, so their ratio is 3x² / 2x² = 1.5.
    for (const m of r.mismatches) expect(m.numeric / m.analytic).toBeCloseTo(1.5, 3);
  });

  it('catches a gradient that ignores broadcasting in a second input', () => {
    // A mul that forgets to reduce: checking it must fail rather than silently pass.
    const bad = (a: Variable, b: Variable): Variable => {
      const out = g.node('badMul', g.backend.binary('mul', a.value, b.value), a, b);
      if (out.requiresGrad) out.backwardFn = (gy) => g.accumulate(b, Tensor.full(b.shape, gy.data[0]! * a.value.data[0]!));
      return out;
    };
    const r = gradCheck(g, bad, [randomTensor([3, 2], 2), randomTensor([2], 3)]);
    expect(r.ok).toBe(false);
    expect(r.mismatches.some((m) => m.input === 0)).toBe(true);
  });

  it('leaves the caller’s input tensors unchanged', () => {
    const x = randomTensor([4], 4);
    const before = Array.from(x.data);
    gradCheck(g, (v) => g.exp(v), [x]);
    expect(Array.from(x.data)).toEqual(before);
  });
});
