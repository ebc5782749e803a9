import { ConfigError } from '../../src/errors.js';

/** Prefix of the eval metrics that hold a confusion matrix: `confusion/<true>/<predicted>`. */
export const CONFUSION_PREFIX = 'confusion/';

/**
 * Counts of (true class, predicted class) pairs: `counts[t * numClasses + p]`.
 *
 * @example
 * ```ts
 * const m = new ConfusionMatrix(3);
 * m.add(Int32Array.of(0, 1, 2), Int32Array.of(0, 2, 2));
 * m.count(1, 2);    // 1
 * m.accuracy();     // 2 / 3
 * ```
 */
export class ConfusionMatrix {
  readonly counts: Float64Array;

  constructor(readonly numClasses: number) {
    if (!(Number.isSafeInteger(numClasses) && numClasses > 0)) throw new ConfigError(`ConfusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /** Reads the `confusion/<t>/<p>` entries of eval metrics (absent entries count 0). */
  static fromMetrics(metrics: Readonly<Record<string, number>>, numClasses: number): ConfusionMatrix {
    const m = new ConfusionMatrix(numClasses);
    for (let t = 0; t < numClasses; t++) {
      for (let p = 0; p < numClasses; p++) m.counts[t * numClasses + p] = metrics[`${CONFUSION_PREFIX}${t}/${p}`] ?? 0;
    }
    return m;
  }

  /** Adds one example per index. */
  add(labels: ArrayLike<number>, predictions: ArrayLike<number>): void {
    const k = this.numClasses;
    for (let i = 0; i < labels.length; i++) this.counts[labels[i]! * k + predictions[i]!]! += 1;
  }

  count(trueClass: number, predicted: number): number {
    return this.counts[trueClass * this.numClasses + predicted]!;
  }

  /** Examples counted. */
  total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** Share of the diagonal (0 when empty). */
  accuracy(): number {
    let correct = 0;
    for (let c = 0; c < this.numClasses; c++) correct += this.count(c, c);
    const total = this.total();
    return total === 0 ? 0 : correct / total;
  }

  /** The entries as metrics `confusion/<t>/<p>`. */
  toMetrics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let t = 0; t < this.numClasses; t++) {
      for (let p = 0; p < this.numClasses; p++) out[`${CONFUSION_PREFIX}${t}/${p}`] = this.count(t, p);
    }
    return out;
  }

  /** A text table: rows are true classes, columns predictions, with per-class recall. */
  format(classNames?: readonly string[]): string {
    const k = this.numClasses;
    const names = Array.from({ length: k }, (_, c) => classNames?.[c] ?? String(c));
    const cells = Array.from({ length: k }, (_, t) => Array.from({ length: k }, (_, p) => String(this.count(t, p))));
    const width = Math.max(...names.map((n) => n.length), ...cells.flat().map((c) => c.length), 4);
    const pad = (s: string): string => s.padStart(width);
    const header = `${'true\\pred'.padEnd(width + 2)}${names.map(pad).join(' ')}   recall`;
    const rows = cells.map((row, t) => {
      const support = row.reduce((a, c) => a + Number(c), 0);
      const recall = support === 0 ? '-' : (this.count(t, t) / support).toFixed(3);
      return `${names[t]!.padEnd(width + 2)}${row.map(pad).join(' ')}   ${recall}`;
    });
    return [header, ...rows].join('\n');
  }
}
