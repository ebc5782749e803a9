import type { Graph } from '../autograd/graph.js';
import type { Variable } from '../autograd/variable.js';
import { findNonFinite } from '../autograd/check-finite.js';
import { ConfigError, NonFiniteError, ShapeError, formatShape } from '../errors.js';
import type { NamedParams, Param } from '../nn/param.js';
import { Tensor } from '../tensor/tensor.js';
import { clipGradNorm } from './clip-grad-norm.js';
import type { LearningRate } from './lr-schedules.js';

/** Per-param optimizer state: its own update count and its moment tensors (`m`, `v`...). */
export interface ParamState {
  readonly step: number;
  readonly slots: Readonly<Record<string, Tensor>>;
}

/**
 * A snapshot of an optimizer: the global step and, by param name, each trained param's state.
 * Tensors are copies; `slots` names are the optimizer's (`momentum`, `m`, `v`, `squareAvg`...).
 */
export interface OptimizerState {
  readonly className: string;
  readonly step: number;
  readonly params: Readonly<Record<string, ParamState>>;
}

/** Options every optimizer accepts. */
export interface OptimizerOptions {
  /** A fixed rate or a schedule of the step. */
  readonly lr: LearningRate;
  /** Clip the global gradient norm to this before each update (off by default). */
  readonly maxGradNorm?: number;
  /** Throw a NonFiniteError when a gradient holds NaN/Inf instead of updating (default true). */
  readonly checkFinite?: boolean;
}

/** Mutable per-param state inside an optimizer. */
interface LiveState {
  step: number;
  readonly slots: Record<string, Tensor>;
}

/**
 * Base of the optimizers: owns the named params, the step counter, the learning-rate schedule,
 * the finite check and the state snapshot; a subclass supplies only its slot names and the
 * per-param update loop (plain typed-array math, written into the param value in place).
 * Frozen params (`trainable = false`) and params without a gradient are skipped and get no state.
 *
 * @example
 * ```ts
 * const opt = new Adam(model.namedParams(), { lr: 1e-3 });
 * const loss = opt.minimize(g, () => mseLoss(g, model.forward(x, ctx), y));
 * ```
 */
export abstract class Optimizer {
  abstract readonly className: string;
  /** The params this optimizer updates, by name. */
  readonly params: NamedParams;
  private readonly lr: LearningRate;
  private readonly maxGradNorm: number | undefined;
  private readonly checkFinite: boolean;
  private readonly states = new Map<string, LiveState>();
  private steps = 0;

  constructor(params: NamedParams, options: OptimizerOptions) {
    this.params = { ...params };
    if (typeof options.lr === 'number' && !(Number.isFinite(options.lr) && options.lr >= 0)) {
      throw new ConfigError(`optimizer lr must be a finite non-negative number, got ${options.lr}`);
    }
    if (options.maxGradNorm !== undefined && !(options.maxGradNorm > 0)) {
      throw new ConfigError(`optimizer maxGradNorm must be positive, got ${options.maxGradNorm}`);
    }
    this.lr = options.lr;
    this.maxGradNorm = options.maxGradNorm;
    this.checkFinite = options.checkFinite ?? true;
  }

  /** Names of the moment tensors each param gets (all zeros at first). */
  protected abstract slotNames(): readonly string[];

  /**
   * Updates one param in place. `step` is this param's update count including this one (1 on the
   * first update), `slots` its moment buffers, `lr` the current rate.
   */
  protected abstract update(value: Float32Array, grad: Float32Array, slots: Record<string, Float32Array>, step: number, lr: number): void;

  /** Number of completed `step()` calls. */
  get stepCount(): number {
    return this.steps;
  }

  /** The learning rate the next `step()` uses. */
  get learningRate(): number {
    const lr = typeof this.lr === 'number' ? this.lr : this.lr(this.steps);
    if (!Number.isFinite(lr) || lr < 0) throw new ConfigError(`${this.className}: the lr schedule gave ${lr} at step ${this.steps}`);
    return lr;
  }

  /** Drops the gradients of all params. */
  zeroGrad(): void {
    for (const p of Object.values(this.params)) p.grad = null;
  }

  /**
   * One update of every trainable param that has a gradient. Checks all gradients first, so a
   * NaN/Inf gradient throws a NonFiniteError naming the param and the step and changes nothing.
   */
  step(): void {
    const lr = this.learningRate;
    if (this.maxGradNorm !== undefined) clipGradNorm(this.params, this.maxGradNorm);
    const active: Array<[string, Param, Tensor]> = [];
    for (const [name, p] of Object.entries(this.params)) {
      if (!p.trainable || p.grad === null) continue;
      if (this.checkFinite) {
        const i = findNonFinite(p.grad.data);
        if (i >= 0) {
          throw new NonFiniteError(
            `${this.className}: gradient of '${name}' is ${p.grad.data[i]} at index ${i} at step ${this.steps}; no param was updated`,
          );
        }
      }
      active.push([name, p, p.grad]);
    }
    for (const [name, p, grad] of active) {
      let state = this.states.get(name);
      if (state === undefined) {
        const slots: Record<string, Tensor> = {};
        for (const slot of this.slotNames()) slots[slot] = new Tensor(p.shape);
        state = { step: 0, slots };
        this.states.set(name, state);
      }
      state.step++;
      const slotData: Record<string, Float32Array> = {};
      for (const [slot, t] of Object.entries(state.slots)) slotData[slot] = t.data;
      this.update(p.value.data, grad.data, slotData, state.step, lr);
    }
    this.steps++;
  }

  /**
   * zeroGrad, loss, backward, step: one training step on a one-value loss; returns the loss.
   * A NaN/Inf loss throws a NonFiniteError naming the op that produced it and the step.
   */
  minimize(graph: Graph, loss: () => Variable): number {
    this.zeroGrad();
    // A graph with `checkFinite` throws from inside the forward or backward naming the op; the
    // step is added here, where it is known.
    const withStep = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof NonFiniteError) throw new NonFiniteError(`${e.message} at step ${this.steps}`);
        throw e;
      }
    };
    const lossVar = withStep(loss);
    if (lossVar.size !== 1) {
      throw new ShapeError(`${this.className}.minimize: the loss must have one value, got shape ${formatShape(lossVar.shape)}`);
    }
    const value = lossVar.value.data[0]!;
    if (!Number.isFinite(value)) throw new NonFiniteError(`${this.className}: loss (op '${lossVar.op}') is ${value} at step ${this.steps}`);
    withStep(() => graph.backward(lossVar));
    this.step();
    return value;
  }

  /** A copy of the step counters and moment tensors (see {@link OptimizerState}). */
  getState(): OptimizerState {
    const params: Record<string, ParamState> = {};
    for (const [name, s] of this.states) {
      const slots: Record<string, Tensor> = {};
      for (const [slot, t] of Object.entries(s.slots)) slots[slot] = t.clone();
      params[name] = { step: s.step, slots };
    }
    return { className: this.className, step: this.steps, params };
  }

  /**
   * Restores a snapshot from {@link Optimizer.getState}. Throws when it is for another optimizer
   * type, names an unknown param, or a slot is missing or mis-shaped; params absent from the
   * snapshot start fresh.
   */
  setState(state: OptimizerState): void {
    if (state.className !== this.className) {
      throw new ConfigError(`${this.className}.setState: the state is for a ${state.className} optimizer`);
    }
    if (!Number.isInteger(state.step) || state.step < 0) throw new ConfigError(`${this.className}.setState: step must be a non-negative integer, got ${state.step}`);
    const restored = new Map<string, LiveState>();
    for (const [name, s] of Object.entries(state.params)) {
      const p = this.params[name];
      if (p === undefined) {
        throw new ConfigError(`${this.className}.setState: unknown param '${name}'; params: ${Object.keys(this.params).join(', ')}`);
      }
      const slots: Record<string, Tensor> = {};
      for (const slot of this.slotNames()) {
        const t = s.slots[slot];
        if (t === undefined) throw new ConfigError(`${this.className}.setState: param '${name}' has no '${slot}' slot`);
        if (!shapesMatch(t.shape, p.shape)) {
          throw new ShapeError(`${this.className}.setState: slot '${slot}' of '${name}' has shape ${formatShape(t.shape)}, the param has ${formatShape(p.shape)}`);
        }
        slots[slot] = t.clone();
      }
      restored.set(name, { step: s.step, slots });
    }
    this.states.clear();
    for (const [name, s] of restored) this.states.set(name, s);
    this.steps = state.step;
  }
}

function shapesMatch(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
