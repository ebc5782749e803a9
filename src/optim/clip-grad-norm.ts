import type { NamedParams, Param } from '../nn/param.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Scales the gradients of trainable params so that their global L2 norm is at most `maxNorm`
 * (Pascanu et al., 2013), and returns the norm before clipping. Gradients are replaced, never
 * written in place, since a gradient tensor may be shared. A non-finite norm is returned
 * unchanged so that the optimizer's finite check reports which gradient is bad.
 *
 * @example
 * ```ts
 * g.backward(loss);
 * const norm = clipGradNorm(model.namedParams(), 0.5);
 * optimizer.step();
 * ```
 */
export function clipGradNorm(params: NamedParams | Iterable<Param>, maxNorm: number): number {
  const list = Symbol.iterator in params ? [...(params as Iterable<Param>)] : Object.values(params as NamedParams);
  let sumSquares = 0;
  for (const p of list) {
    if (!p.trainable || p.grad === null) continue;
    const d = p.grad.data;
    for (let i = 0; i < d.length; i++) sumSquares += d[i]! * d[i]!;
  }
  const norm = Math.sqrt(sumSquares);
  if (!Number.isFinite(norm) || norm <= maxNorm) return norm;
  const factor = maxNorm / (norm + 1e-6);
  for (const p of list) {
    if (!p.trainable || p.grad === null) continue;
    const d = p.grad.data;
    const scaled = new Float32Array(d.length);
    for (let i = 0; i < d.length; i++) scaled[i] = d[i]! * factor;
    p.grad = new Tensor(p.grad.shape, scaled);
  }
  return norm;
}
