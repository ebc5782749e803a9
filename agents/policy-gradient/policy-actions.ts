import { ConfigError } from '../../src/errors.js';
import { Box } from '../../src/spaces/box.js';
import { Discrete } from '../../src/spaces/discrete.js';
import type { Space } from '../../src/spaces/space.js';

/** A Discrete action or a Box action vector: what policy-gradient agents send to envs. */
export type PolicyAction = number | Float32Array;

/**
 * Converts between the policy's sampled action rows (`[n * actionSize]` floats: indices, or
 * unclipped Gaussian samples) and the actions of the env's space: `start + index` for
 * `Discrete(n, start)`, the sample clipped into the bounds for a `Box` (SB3 clips the same way;
 * the unclipped sample is what the rollout stores and the loss scores). Also stacks observation
 * rows into one batch.
 *
 * @example
 * ```ts
 * const conv = new PolicyActions(new Box(-2, 2, [1]));
 * conv.toEnv(Float32Array.of(3.5, -0.5), 2);   // [Float32Array [2], Float32Array [-0.5]]
 * conv.rows(Float32Array.of(3.5, -0.5), 2);    // [Float32Array [3.5], Float32Array [-0.5]]
 * ```
 */
export class PolicyActions {
  private readonly low: Float32Array | null;
  private readonly high: Float32Array | null;
  private readonly start: number;

  constructor(actionSpace: Space<unknown>) {
    if (actionSpace instanceof Box) {
      this.low = actionSpace.low;
      this.high = actionSpace.high;
      this.start = 0;
    } else if (actionSpace instanceof Discrete) {
      this.low = null;
      this.high = null;
      this.start = actionSpace.start;
    } else {
      throw new ConfigError(`policy-gradient agents support Discrete or Box action spaces, got ${actionSpace.toString()}`);
    }
  }

  /** The sampled rows as stored actions: indices (numbers) or per-copy subarrays of `actions`. */
  rows(actions: Float32Array, n: number): PolicyAction[] {
    if (this.low === null) return Array.from(actions);
    const d = actions.length / n;
    return Array.from({ length: n }, (_, i) => actions.subarray(i * d, (i + 1) * d));
  }

  /** The env actions of the sampled rows (fresh arrays for Box actions). */
  toEnv(actions: Float32Array, n: number): PolicyAction[] {
    const { low, high } = this;
    if (low === null || high === null) return Array.from(actions, (a) => this.start + a);
    const d = low.length;
    return Array.from({ length: n }, (_, i) => {
      const out = new Float32Array(d);
      for (let j = 0; j < d; j++) out[j] = Math.min(Math.max(actions[i * d + j]!, low[j]!), high[j]!);
      return out;
    });
  }

  /** Observation rows stacked into one row-major batch; throws on a row of the wrong size. */
  stack(observations: readonly Float32Array[], size: number): Float32Array {
    const out = new Float32Array(observations.length * size);
    observations.forEach((o, i) => {
      if (o.length !== size) throw new ConfigError(`policy: observation ${i} has ${o.length} values, expected ${size}`);
      out.set(o, i * size);
    });
    return out;
  }
}
