import { ConfigError } from '../errors.js';
import type { NamedParams } from '../nn/param.js';
import { Optimizer, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first moment (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment (default 0.999). */
  readonly beta2?: number;
  /** Added to the root of the second moment (default 1e-8). */
  readonly eps?: number;
  /**
   * Weight decay: for Adam an L2 penalty added to the gradient (default 0); for AdamW decoupled
   * decay w ← w·(1 − lr·weightDecay) before the Adam step (default 0.01).
   */
  readonly weightDecay?: number;
}

/**
 * Adam (Kingma & Ba, 2015, arXiv:1412.6980) with bias correction, in PyTorch's form:
 * m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;
 * w ← w − lr·(m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + eps), with t counted per param.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.namedParams(), { lr: 3e-4, maxGradNorm: 0.5 });
 * ```
 */
export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  protected readonly decoupled: boolean = false;

  constructor(params: NamedParams, options: AdamOptions, defaultWeightDecay = 0) {
    super(params, options);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? defaultWeightDecay;
    for (const [key, v] of [['beta1', this.beta1], ['beta2', this.beta2]] as const) {
      if (!(v >= 0 && v < 1)) throw new ConfigError(`${new.target.name} ${key} must be in [0, 1), got ${v}`);
    }
    if (!(this.eps > 0)) throw new ConfigError(`${new.target.name} eps must be > 0, got ${this.eps}`);
    if (!(this.weightDecay >= 0)) throw new ConfigError(`${new.target.name} weightDecay must be >= 0, got ${this.weightDecay}`);
  }

  protected slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  protected update(w: Float32Array, grad: Float32Array, slots: Record<string, Float32Array>, step: number, lr: number): void {
    const m = slots['m']!;
    const v = slots['v']!;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const stepSize = lr / (1 - b1 ** step);
    const rootCorrection = Math.sqrt(1 - b2 ** step);
    const eps = this.eps;
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const shrink = this.decoupled ? 1 - lr * this.weightDecay : 1;
    for (let i = 0; i < w.length; i++) {
      const g = grad[i]! + l2 * w[i]!;
      const mi = b1 * m[i]! + (1 - b1) * g;
      const vi = b2 * v[i]! + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      w[i] = w[i]! * shrink - (stepSize * mi) / (Math.sqrt(vi) / rootCorrection + eps);
    }
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019, arXiv:1711.05101): Adam with decoupled weight decay
 * w ← w·(1 − lr·weightDecay), applied before the Adam step (default weightDecay 0.01, as PyTorch).
 *
 * @example
 * ```ts
 * const opt = new AdamW(model.namedParams(), { lr: 1e-3, weightDecay: 0.05 });
 * ```
 */
export class AdamW extends Adam {
  override readonly className: string = 'AdamW';
  protected override readonly decoupled: boolean = true;

  constructor(params: NamedParams, options: AdamOptions) {
    super(params, options, 0.01);
  }
}
