import { ConfigError } from '../errors.js';
import type { NamedParams } from '../nn/param.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link RMSProp}. */
export interface RmsPropOptions extends OptimizerOptions {
  /** Decay of the squared-gradient average (default 0.99, as PyTorch; Keras uses 0.9). */
  readonly alpha?: number;
  /** Added to the root of the average (default 1e-8). */
  readonly eps?: number;
  /** Momentum factor (default 0). */
  readonly momentum?: number;
  /** Divide by the variance estimate (subtract the squared mean gradient; default false). */
  readonly centered?: boolean;
  /** L2 penalty added to the gradient (default 0). */
  readonly weightDecay?: number;
}

/**
 * RMSProp (Hinton, 2012) in PyTorch's form: s ← α·s + (1−α)·g²; with `centered`,
 * ḡ ← α·ḡ + (1−α)·g and s − ḡ² replaces s; d = g / (sqrt(s) + eps);
 * w ← w − lr·(momentum > 0 ? (b ← μ·b + d) : d).
 *
 * @example
 * ```ts
 * const opt = new RMSProp(model.namedParams(), { lr: 7e-4, alpha: 0.99, eps: 1e-5 });   // A2C
 * ```
 */
export class RMSProp extends Optimizer {
  readonly className = 'RMSProp';
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  readonly centered: boolean;
  readonly weightDecay: number;

  constructor(params: NamedParams, options: RmsPropOptions) {
    super(params, options);
    this.alpha = options.alpha ?? 0.99;
    this.eps = options.eps ?? 1e-8;
    this.momentum = options.momentum ?? 0;
    this.centered = options.centered ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.alpha >= 0 && this.alpha < 1)) throw new ConfigError(`RMSProp alpha must be in [0, 1), got ${this.alpha}`);
    if (!(this.eps > 0)) throw new ConfigError(`RMSProp eps must be > 0, got ${this.eps}`);
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new ConfigError(`RMSProp momentum must be in [0, 1), got ${this.momentum}`);
    if (!(this.weightDecay >= 0)) throw new ConfigError(`RMSProp weightDecay must be >= 0, got ${this.weightDecay}`);
  }

  protected slotNames(): readonly string[] {
    const names = ['squareAvg'];
    if (this.centered) names.push('gradAvg');
    if (this.momentum > 0) names.push('momentum');
    return names;
  }

  protected update(w: Float32Array, grad: Float32Array, slots: Record<string, Float32Array>, _step: number, lr: number): void {
    const s = slots['squareAvg']!;
    const gAvg = slots['gradAvg'];
    const buf = slots['momentum'];
    const a = this.alpha;
    const mu = this.momentum;
    const wd = this.weightDecay;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i]! + wd * w[i]!;
      const si = a * s[i]! + (1 - a) * g * g;
      s[i] = si;
      let variance = si;
      if (gAvg !== undefined) {
        const gi = a * gAvg[i]! + (1 - a) * g;
        gAvg[i] = gi;
        variance = si - gi * gi;
      }
      let d = g / (Math.sqrt(Math.max(variance, 0)) + this.eps);
      if (buf !== undefined) {
        d = mu * buf[i]! + d;
        buf[i] = d;
      }
      w[i] = w[i]! - lr * d;
    }
  }
}
