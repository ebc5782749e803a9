import { ConfigError } from '../errors.js';
import type { NamedParams } from '../nn/param.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SgdOptions extends OptimizerOptions {
  /** Momentum factor μ (default 0: plain SGD). */
  readonly momentum?: number;
  /** Nesterov momentum (needs momentum > 0; default false). */
  readonly nesterov?: boolean;
  /** L2 penalty added to the gradient (default 0). */
  readonly weightDecay?: number;
}

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, in PyTorch's form:
 * v ← μ·v + g;  w ← w − lr·(nesterov ? g + μ·v : v).
 *
 * @example
 * ```ts
 * const opt = new SGD(model.namedParams(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(params: NamedParams, options: SgdOptions) {
    super(params, options);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new ConfigError(`SGD momentum must be in [0, 1), got ${this.momentum}`);
    if (this.nesterov && this.momentum === 0) throw new ConfigError('SGD nesterov needs momentum > 0');
    if (!(this.weightDecay >= 0)) throw new ConfigError(`SGD weightDecay must be >= 0, got ${this.weightDecay}`);
  }

  protected slotNames(): readonly string[] {
    return this.momentum > 0 ? ['momentum'] : [];
  }

  protected update(w: Float32Array, grad: Float32Array, slots: Record<string, Float32Array>, _step: number, lr: number): void {
    const mu = this.momentum;
    const wd = this.weightDecay;
    if (mu === 0) {
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * (grad[i]! + wd * w[i]!);
      return;
    }
    const v = slots['momentum']!;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i]! + wd * w[i]!;
      const vi = mu * v[i]! + g;
      v[i] = vi;
      w[i] = w[i]! - lr * (this.nesterov ? g + mu * vi : vi);
    }
  }
}
