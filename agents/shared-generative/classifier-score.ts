import { ShapeError, formatShape } from '../../src/errors.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** What {@link classifierScore} measured on a set of generated images. */
export interface ClassifierScore {
  /**
   * KL(p ‖ uniform) = log K − H(p) of the histogram p of predicted classes (argmax), in nats:
   * 0 when every class is generated equally often, log K when one class is all there is.
   */
  readonly klToUniform: number;
  /** Mean over samples of the top class probability: how recognisable the samples are. */
  readonly meanConfidence: number;
  /** Samples per predicted class. */
  readonly classCounts: readonly number[];
}

/**
 * A classifier-based score of generated images, in the spirit of the Inception Score (Salimans
 * et al., 2016) split into its two halves: diversity as the KL divergence of the predicted-class
 * histogram from uniform, quality as the mean top-class confidence. `probabilities` are the
 * classifier's softmax outputs `[n, K]` on the samples.
 *
 * @example
 * ```ts
 * const probs = softmaxRows(cnn.predict(graph, images));
 * const { klToUniform, meanConfidence } = classifierScore(probs);   // e.g. 0.03, 0.95
 * ```
 */
export function classifierScore(probabilities: Tensor): ClassifierScore {
  if (probabilities.rank !== 2 || probabilities.shape[0]! < 1) {
    throw new ShapeError(`classifierScore: probabilities must be [n >= 1, classes], got ${formatShape(probabilities.shape)}`);
  }
  const [n, k] = probabilities.shape as [number, number];
  const counts = new Array<number>(k).fill(0);
  let confidence = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities.data[i * k + c]! > probabilities.data[i * k + best]!) best = c;
    counts[best]!++;
    confidence += probabilities.data[i * k + best]!;
  }
  let entropy = 0;
  for (const count of counts) if (count > 0) entropy -= (count / n) * Math.log(count / n);
  return { klToUniform: Math.log(k) - entropy, meanConfidence: confidence / n, classCounts: counts };
}

/**
 * Row-wise softmax of logits `[n, K]` in float64 (what a classifier's logits become for
 * {@link classifierScore}).
 *
 * @example
 * ```ts
 * softmaxRows(Tensor.from([[0, 0]])).toArray();   // [[0.5, 0.5]]
 * ```
 */
export function softmaxRows(logits: Tensor): Tensor {
  if (logits.rank !== 2) throw new ShapeError(`softmaxRows: logits must be [n, classes], got ${formatShape(logits.shape)}`);
  const [n, k] = logits.shape as [number, number];
  const out = logits.clone();
  for (let i = 0; i < n; i++) {
    const row = out.data.subarray(i * k, (i + 1) * k);
    const max = Math.max(...row);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(row[c]! - max);
    for (let c = 0; c < k; c++) row[c] = Math.exp(row[c]! - max) / sum;
  }
  return out;
}
