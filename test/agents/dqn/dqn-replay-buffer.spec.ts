import { describe, expect, it } from 'vitest';
import { DqnReplayBuffer, type DqnReplayBufferOptions } from '../../../agents/dqn/dqn-replay-buffer.js';
import type { StateSnapshot } from '../../../src/agent/state-snapshot.js';
import { ConfigError, ShapeError } from '../../../src/errors.js';
import { Rng } from '../../../src/random/rng.js';

type Step = [obs: number, action: number, reward: number, next: number, terminated: boolean, truncated: boolean];

function buffer(options: Partial<DqnReplayBufferOptions> = {}): DqnReplayBuffer {
  return new DqnReplayBuffer({ capacity: 100, observationShape: [1], rng: new Rng(1), numEnvs: 1, nSteps: 1, gamma: 0.5, ...options });
}

function fill(b: DqnReplayBuffer, steps: readonly Step[]): void {
  for (const [obs, action, reward, next, terminated, truncated] of steps) b.add(Float32Array.of(obs), action, reward, Float32Array.of(next), terminated, truncated);
}

/** The batch of `rows` as plain arrays. */
function rowsOf(b: DqnReplayBuffer, rows: number[]) {
  const batch = b.gather(rows);
  return {
    observations: [...batch.observations.data],
    actions: [...batch.actions],
    returns: [...batch.returns],
    discounts: [...batch.discounts],
    terminated: [...batch.terminated],
    next: [...batch.nextObservations.data],
  };
}

// Two episodes and a half: one that terminates, one truncated by a time limit, one in progress.
const EPISODES: Step[] = [
  [0, 0, 1, 1, false, false],
  [1, 1, 2, 2, false, false],
  [2, 0, 4, 3, true, false],
  [10, 1, 8, 11, false, false],
  [11, 0, 16, 12, false, true],
  [20, 1, 32, 21, false, false],
  [21, 0, 64, 22, false, false],
];

describe('DqnReplayBuffer', () => {
  it('with nSteps 1 gives the one-step transitions (r, gamma, own terminated, own next)', () => {
    const b = buffer();
    fill(b, EPISODES);
    expect(rowsOf(b, [0, 2, 4, 6])).toEqual({
      observations: [0, 2, 11, 21],
      actions: [0, 0, 0, 0],
      returns: [1, 4, 16, 64],
      discounts: [0.5, 0.5, 0.5, 0.5],
      terminated: [0, 1, 0, 0],
      next: [1, 3, 12, 22],
    });
  });

  it('sums n-step returns up to a termination, a truncation, or the newest transition', () => {
    const b = buffer({ nSteps: 3 });
    fill(b, EPISODES);
    expect(rowsOf(b, [0, 1, 2, 3, 4, 5, 6])).toEqual({
      observations: [0, 1, 2, 10, 11, 20, 21],
      actions: [0, 1, 0, 1, 0, 1, 0],
      // 1 + 2/2 + 4/4; 2 + 4/2; 4 | 8 + 16/2; 16 (truncated) | 32 + 64/2; 64 (nothing stored after)
      returns: [3, 4, 4, 16, 16, 64, 64],
      discounts: [0.125, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5],
      // a termination stops bootstrapping; a truncation bootstraps from its final observation
      terminated: [1, 1, 1, 0, 0, 0, 0],
      next: [3, 3, 3, 12, 12, 22, 22],
    });
    // Once the next transition arrives, the in-progress episode's returns grow.
    fill(b, [[22, 1, 128, 23, false, false]]);
    expect(rowsOf(b, [5, 6])).toMatchObject({ returns: [32 + 32 + 32, 64 + 64], discounts: [0.125, 0.25], next: [23, 23] });
  });

  it('walks the same env copy numEnvs rows apart', () => {
    const b = buffer({ numEnvs: 2, nSteps: 2 });
    // Copies A and B alternate: A0 B0 A1 B1 A2.
    fill(b, [
      [100, 0, 1, 101, false, false],
      [200, 1, 10, 201, false, false],
      [101, 0, 2, 102, false, false],
      [201, 1, 20, 202, false, false],
      [102, 0, 3, 103, false, false],
    ]);
    expect(rowsOf(b, [0, 1, 2, 3, 4])).toMatchObject({
      returns: [1 + 1, 10 + 10, 2 + 1.5, 20, 3],
      discounts: [0.25, 0.25, 0.25, 0.5, 0.5],
      next: [102, 202, 103, 202, 103],
    });
  });

  it('never walks past the write position into older transitions once the ring wraps', () => {
    const b = buffer({ capacity: 4, nSteps: 3 });
    // Six steps of one episode: rows hold t = 4, 5, 2, 3 and row 1 (t = 5) is the newest.
    fill(b, [0, 1, 2, 3, 4, 5].map((t): Step => [t, 0, 2 ** t, t + 1, false, false]));
    expect(b.size).toBe(4);
    expect(rowsOf(b, [2, 3, 0, 1])).toMatchObject({
      observations: [2, 3, 4, 5],
      returns: [4 + 8 / 2 + 16 / 4, 8 + 16 / 2 + 32 / 4, 16 + 32 / 2, 32],
      discounts: [0.125, 0.125, 0.25, 0.5],
      next: [5, 6, 6, 6],
    });
  });

  it('samples uniformly with weights 1 and subtracts the action start', () => {
    const b = buffer();
    fill(b, EPISODES);
    const batch = b.sample(2000, 0.4, 1);
    expect([...batch.weights].every((w) => w === 1)).toBe(true);
    const counts = new Array<number>(7).fill(0);
    for (const row of batch.indices) counts[row]!++;
    counts.forEach((c) => expect(c).toBeGreaterThan(200));
    expect(batch.actions[0]).toBe(EPISODES[batch.indices[0]!]![1] - 1);
    expect(() => b.updatePriorities(batch.indices, batch.returns)).toThrow(/samples uniformly/);
  });

  it('draws in proportion to priorities, stratified, with importance weights (N P)^-beta / max', () => {
    const b = buffer({ capacity: 8, prioritized: { alpha: 1, epsilon: 1e-6 } });
    fill(b, EPISODES.slice(0, 4));
    // New transitions enter at the largest priority so far (1): uniform.
    expect([0, 1, 2, 3].map((r) => b.probability(r))).toEqual([0.25, 0.25, 0.25, 0.25]);
    // One draw per quarter of the mass: each row exactly once.
    expect([...b.sample(4, 1).indices]).toEqual([0, 1, 2, 3]);
    b.updatePriorities(Int32Array.of(0, 1, 2, 3), [1, -2, 3, 4]);
    const p = [1, 2, 3, 4].map((e) => e + 1e-6);
    const total = p.reduce((a, c) => a + c, 0);
    [0, 1, 2, 3].forEach((r) => expect(b.probability(r)).toBeCloseTo(p[r]! / total, 6));
    const batch = b.sample(40_000, 1);
    const counts = new Array<number>(4).fill(0);
    for (const row of batch.indices) counts[row]!++;
    counts.forEach((c, r) => expect(c / 40_000).toBeCloseTo(p[r]! / total, 2));
    // beta 1: w = P_min / P_i.
    for (let i = 0; i < 8; i++) expect(batch.weights[i]).toBeCloseTo(p[0]! / p[batch.indices[i]!]!, 5);
    const half = b.sample(8, 0.5);
    for (let i = 0; i < 8; i++) expect(half.weights[i]).toBeCloseTo(Math.sqrt(p[0]! / p[half.indices[i]!]!), 5);
    expect([...b.sample(8, 0).weights].every((w) => w === 1)).toBe(true);
    // The next transition gets the largest priority seen (4 + epsilon).
    fill(b, EPISODES.slice(4, 5));
    expect(b.probability(4)).toBeCloseTo(p[3]! / (total + p[3]!), 6);
  });

  it('alpha 0 ignores priorities (uniform)', () => {
    const b = buffer({ prioritized: { alpha: 0, epsilon: 0.01 } });
    fill(b, EPISODES.slice(0, 3));
    b.updatePriorities(Int32Array.of(0, 1), [100, 0]);
    expect([0, 1, 2].map((r) => b.probability(r))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('restores contents, priorities and its Rng exactly from a JSON round trip', () => {
    const a = buffer({ capacity: 5, nSteps: 2, prioritized: { alpha: 0.6, epsilon: 1e-6 } });
    fill(a, EPISODES);
    a.updatePriorities(Int32Array.of(0, 3, 4), [0.3, 2.7, 0.01]);
    const state = a.getState();
    const copy: StateSnapshot = { json: JSON.parse(JSON.stringify(state.json)) as StateSnapshot['json'], tensors: state.tensors };
    const b = buffer({ capacity: 5, nSteps: 2, prioritized: { alpha: 0.6, epsilon: 1e-6 }, rng: new Rng(99) });
    b.setState(copy);
    const draw = (x: DqnReplayBuffer) => {
      const batch = x.sample(16, 0.7);
      return { indices: [...batch.indices], weights: [...batch.weights], returns: [...batch.returns], next: [...batch.nextObservations.data] };
    };
    expect(draw(b)).toEqual(draw(a));
    for (const x of [a, b]) {
      fill(x, [[22, 1, 128, 23, false, false]]);
      x.updatePriorities(Int32Array.of(1), [5]);
    }
    expect(draw(b)).toEqual(draw(a));
    expect(() => buffer({ capacity: 5, nSteps: 2 }).setState(copy)).toThrow(/prioritized buffer, this one is uniform/);
    expect(() => buffer({ capacity: 6 }).setState(copy)).toThrow(/capacity 5, this buffer 6/);
  });

  it('refuses bad options and inputs with errors that name them', () => {
    expect(() => buffer({ nSteps: 0 })).toThrow(/nSteps must be a positive integer, got 0/);
    expect(() => buffer({ gamma: 2 })).toThrow(/gamma must lie in \[0, 1\], got 2/);
    expect(() => buffer({ actionShape: [2] })).toThrow(ShapeError);
    expect(() => buffer({ prioritized: { alpha: 0.6, epsilon: 0 } })).toThrow(/epsilon must be finite and > 0/);
    const b = buffer();
    expect(() => b.sample(4)).toThrow(/buffer is empty/);
    expect(() => b.add(Float32Array.of(1, 2), 0, 0, Float32Array.of(1), false, false)).toThrow(/observation has 2 values, expected 1/);
    fill(b, EPISODES.slice(0, 1));
    expect(() => b.gather([1])).toThrow(/row 1 is outside \[0, 1\)/);
    expect(() => b.sample(0)).toThrow(ConfigError);
  });
});
