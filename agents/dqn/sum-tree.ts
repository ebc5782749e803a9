// The sum-tree of prioritized experience replay: T. Schaul, J. Quan, I. Antonoglou and D. Silver,
// "Prioritized Experience Replay", ICLR 2016 (arXiv:1511.05952), appendix B.2.1. Leaf i holds
// the priority p_i^alpha of buffer row i; every inner node holds the sum of its children (to draw
// rows proportionally in O(log n)) and the minimum (for the importance-sampling weight bound).

import { ConfigError } from '../../src/errors.js';

/**
 * A complete binary tree over `capacity` non-negative leaves keeping, at every inner node, the sum
 * and the minimum of the leaves below it: `set` and `find` are O(log capacity), `total` and `min`
 * O(1). Sums are float64, so drawing stays exact enough over millions of updates.
 *
 * @example
 * ```ts
 * const tree = new SumTree(4);
 * tree.set(0, 1); tree.set(1, 3);
 * tree.total;          // 4
 * tree.find(0.5);      // 0  (prefix sums: [0, 1) -> leaf 0, [1, 4) -> leaf 1)
 * tree.find(2);        // 1
 * tree.min;            // 1  (over the leaves set so far)
 * ```
 */
export class SumTree {
  readonly capacity: number;
  /** Leaves start at `size` (a power of two); node i has children 2i and 2i + 1. */
  private readonly size: number;
  private readonly sums: Float64Array;
  private readonly mins: Float64Array;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity <= 0) throw new ConfigError(`SumTree: capacity must be a positive integer, got ${String(capacity)}`);
    this.capacity = capacity;
    let size = 1;
    while (size < capacity) size *= 2;
    this.size = size;
    this.sums = new Float64Array(2 * size);
    // Unset leaves never win the minimum.
    this.mins = new Float64Array(2 * size).fill(Infinity);
  }

  /** The sum of all leaves. */
  get total(): number {
    return this.sums[1]!;
  }

  /** The smallest leaf set so far (Infinity while none is). */
  get min(): number {
    return this.mins[1]!;
  }

  /** Leaf `index`'s value. */
  get(index: number): number {
    this.check(index);
    return this.sums[this.size + index]!;
  }

  /** Sets leaf `index` to `value` (finite, >= 0) and updates its ancestors. */
  set(index: number, value: number): void {
    this.check(index);
    if (!(value >= 0 && Number.isFinite(value))) throw new ConfigError(`SumTree.set: leaf ${index} value must be finite and >= 0, got ${value}`);
    let node = this.size + index;
    this.sums[node] = value;
    this.mins[node] = value;
    node >>= 1;
    while (node >= 1) {
      const left = 2 * node;
      this.sums[node] = this.sums[left]! + this.sums[left + 1]!;
      this.mins[node] = Math.min(this.mins[left]!, this.mins[left + 1]!);
      node >>= 1;
    }
  }

  /**
   * The leaf whose prefix-sum interval [sum of leaves before it, that + its value) holds `mass`,
   * for `mass` in [0, total). Leaves of value 0 are never returned; a `mass` at or past `total`
   * (rounding) returns the last positive leaf.
   */
  find(mass: number): number {
    if (!(this.total > 0)) throw new ConfigError('SumTree.find: every leaf is 0; nothing to draw');
    let node = 1;
    let rest = Math.max(mass, 0);
    while (node < this.size) {
      const left = 2 * node;
      const leftSum = this.sums[left]!;
      // Go right when the mass lies past the left subtree, or when the left one is empty.
      if (rest < leftSum || this.sums[left + 1]! === 0) {
        node = left;
      } else {
        rest -= leftSum;
        node = left + 1;
      }
    }
    return node - this.size;
  }

  /** Sets every leaf to 0 (and the minimum back to Infinity). */
  clear(): void {
    this.sums.fill(0);
    this.mins.fill(Infinity);
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity) throw new ConfigError(`SumTree: leaf ${index} is outside [0, ${this.capacity})`);
  }
}
