import type { Graph, Input } from '../autograd/graph.js';
import type { Indices } from '../autograd/shape-ops.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError, ShapeError, formatShape } from '../errors.js';

// Losses built from graph ops, so their gradients come from the ops' own backward rules (each
// loss also has its own gradient check). Shapes must match exactly: a [n] target against [n, 1]
// predictions would broadcast to [n, n] and train on garbage, so it throws instead.

/** How per-element losses are combined: `mean` (default), `sum`, or `none` (per element). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options shared by the losses. */
export interface LossOptions {
  readonly reduction?: Reduction;
}

function sameShape(loss: string, predictions: Input, targets: Input): void {
  if (!shapesMatch(predictions.shape, targets.shape)) {
    throw new ShapeError(`${loss}: predictions ${formatShape(predictions.shape)} and targets ${formatShape(targets.shape)} must have the same shape`);
  }
}

function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function reduce(g: Graph, perElement: Variable, reduction: Reduction | undefined): Variable {
  switch (reduction ?? 'mean') {
    case 'mean': return g.mean(perElement);
    case 'sum': return g.sum(perElement);
    case 'none': return perElement;
    default: throw new ConfigError(`loss reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

/**
 * Mean squared error: mean((predictions − targets)²).
 * @example `const loss = mseLoss(g, model.forward(x, ctx), y);`
 */
export function mseLoss(g: Graph, predictions: Input, targets: Input, options: LossOptions = {}): Variable {
  sameShape('mseLoss', predictions, targets);
  return reduce(g, g.square(g.sub(predictions, targets)), options.reduction);
}

/** Options of {@link huberLoss}. */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  readonly delta?: number;
}

/**
 * Huber loss (smooth L1 for delta 1), DQN's TD loss: 0.5·d² for |d| <= delta, else
 * delta·(|d| − 0.5·delta), with d = predictions − targets.
 * @example `huberLoss(g, g.pick(q, actions), tdTargets, { delta: 1 })`
 */
export function huberLoss(g: Graph, predictions: Input, targets: Input, options: HuberOptions = {}): Variable {
  sameShape('huberLoss', predictions, targets);
  const delta = options.delta ?? 1;
  if (!(delta > 0) || !Number.isFinite(delta)) throw new ConfigError(`huberLoss: delta must be a positive finite number, got ${delta}`);
  const absError = g.abs(g.sub(predictions, targets));
  // quadratic = min(|d|, delta); the rest of |d| is paid linearly.
  const quadratic = g.clip(absError, 0, delta);
  const linear = g.sub(absError, quadratic);
  return reduce(g, g.add(g.scale(g.square(quadratic), 0.5), g.scale(linear, delta)), options.reduction);
}

/**
 * Cross-entropy of softmax(logits) [n, k] against integer class labels [n] in [0, k):
 * −log softmax(logits)[i, labels[i]], through logSoftmax for stability.
 * @example `softmaxCrossEntropy(g, model.forward(images, ctx), labels)`
 */
export function softmaxCrossEntropy(g: Graph, logits: Input, labels: Indices, options: LossOptions = {}): Variable {
  if (logits.shape.length !== 2) throw new ShapeError(`softmaxCrossEntropy: logits must be 2-D [batch, classes], got ${formatShape(logits.shape)}`);
  const [n, k] = logits.shape as [number, number];
  if (labels.length !== n) {
    throw new ShapeError(`softmaxCrossEntropy: ${labels.length} labels for logits ${formatShape(logits.shape)}; expected one label per row (${n})`);
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new ConfigError(`softmaxCrossEntropy: label ${label} at row ${i} is not a class index in [0, ${k})`);
    }
  }
  return reduce(g, g.neg(g.pick(g.logSoftmax(logits, -1), labels)), options.reduction);
}

/**
 * Binary cross-entropy of sigmoid(logits) against targets in [0, 1], computed from the logits
 * as softplus(x) − x·z (stable for large |x|, exact gradient sigmoid(x) − z everywhere).
 * @example `binaryCrossEntropyWithLogits(g, discriminator.forward(images, ctx), realLabels)`
 */
export function binaryCrossEntropyWithLogits(g: Graph, logits: Input, targets: Input, options: LossOptions = {}): Variable {
  sameShape('binaryCrossEntropyWithLogits', logits, targets);
  return reduce(g, g.sub(g.softplus(logits), g.mul(logits, targets)), options.reduction);
}
