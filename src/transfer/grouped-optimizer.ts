import type { Graph } from '../autograd/graph.js';
import { findNonFinite } from '../autograd/check-finite.js';
import type { Variable } from '../autograd/variable.js';
import { ConfigError, NonFiniteError, ShapeError, formatShape } from '../errors.js';
import type { NamedParams, Param } from '../nn/param.js';
import { clipGradNorm } from '../optim/clip-grad-norm.js';
import type { LearningRate } from '../optim/lr-schedules.js';
import type { Optimizer, OptimizerState, ParamState } from '../optim/optimizer.js';
import { globToRegExp } from './layer-selection.js';

/**
 * A parameter group with its own learning rate (PyTorch's `param_groups`): typically a smaller
 * rate for a pretrained trunk than for a new head. `match` is a glob (or several) tested against
 * each param's path (`conv2d_1/kernel`) and its layer name (`conv2d_1`); the first group that
 * matches a param owns it, and params no group matches use the base rate.
 */
export interface ParamGroup {
  readonly match: string | readonly string[];
  /** The group's rate where the base rate is `baseLr` (with a schedule, the schedule is scaled by `lr / baseLr`). */
  readonly lr?: number;
  /** Or: the group's rate as a multiple of the base rate / schedule. */
  readonly lrScale?: number;
}

/** Builds one optimizer of the chosen kind over some params with a rate (or schedule). */
export type OptimizerFactory = (params: NamedParams, lr: LearningRate) => Optimizer;

/** Options of {@link GroupedOptimizer}. */
export interface GroupedOptimizerOptions {
  /** The base rate or schedule. */
  readonly lr: LearningRate;
  /** The nominal base rate that a group's `lr` is relative to (default: `lr` when it is a number). */
  readonly baseLr?: number;
  readonly groups?: readonly ParamGroup[];
  /** Clip the global gradient norm (over every group) before each update; off by default. */
  readonly maxGradNorm?: number;
  /** Makes the optimizer of each group; pass it no `maxGradNorm` (clipping is global, here). */
  readonly create: OptimizerFactory;
}

/** One group as built: its name, params and optimizer. */
export interface BuiltParamGroup {
  /** `group-1`... in the order given, `default` for the rest. */
  readonly name: string;
  readonly scale: number;
  readonly params: readonly string[];
  readonly optimizer: Optimizer;
}

/**
 * An optimizer with per-group learning rates, made of one optimizer of the same kind per group.
 * It steps them together, so its state is exactly that of a single optimizer over all params
 * (same class name, step counter and per-param slots), and checkpoints stay interchangeable.
 * Gradient clipping and the NaN/Inf check span every group: an update happens everywhere or
 * nowhere. Frozen params get no update and no state, as with any optimizer.
 *
 * @example
 * ```ts
 * const optimizer = new GroupedOptimizer(model.namedParams(), {
 *   lr: 1e-3,
 *   groups: [{ match: 'conv*', lr: 1e-4 }],          // trunk 10x slower than the head
 *   create: (params, lr) => new Adam(params, { lr }),
 * });
 * const loss = optimizer.minimize(graph, () => softmaxCrossEntropy(graph, model.forward(x, ctx), labels));
 * ```
 */
export class GroupedOptimizer {
  readonly groups: readonly BuiltParamGroup[];
  readonly params: NamedParams;
  private readonly maxGradNorm: number | undefined;
  private readonly groupOf = new Map<string, BuiltParamGroup>();
  private steps = 0;

  constructor(params: NamedParams, options: GroupedOptimizerOptions) {
    this.params = { ...params };
    const { lr, groups = [] } = options;
    const baseLr = options.baseLr ?? (typeof lr === 'number' ? lr : undefined);
    if (options.maxGradNorm !== undefined && !(options.maxGradNorm > 0)) throw new ConfigError(`optimizer maxGradNorm must be positive, got ${options.maxGradNorm}`);
    this.maxGradNorm = options.maxGradNorm;
    const scales = groups.map((g, i) => groupScale(g, i, baseLr));
    const matchers = groups.map((g) => (typeof g.match === 'string' ? [g.match] : [...g.match]).map(globToRegExp));
    const members: Record<string, Param>[] = groups.map(() => ({}));
    const rest: Record<string, Param> = {};
    for (const [path, param] of Object.entries(params)) {
      const layer = path.includes('/') ? path.slice(0, path.indexOf('/')) : path;
      const i = matchers.findIndex((res) => res.some((re) => re.test(path) || re.test(layer)));
      if (i < 0) rest[path] = param;
      else members[i]![path] = param;
    }
    members.forEach((m, i) => {
      if (Object.keys(m).length === 0) {
        throw new ConfigError(`paramGroups[${i}]: match ${JSON.stringify(groups[i]!.match)} selects no param; params: ${Object.keys(params).join(', ')}`);
      }
    });
    // A fixed base rate gives a group its own `lr` exactly (no rounding through the scale).
    const rateOf = (i: number): LearningRate => {
      const scale = scales[i]!;
      if (typeof lr === 'number') return groups[i]!.lr ?? lr * scale;
      return scale === 1 ? lr : (step: number) => lr(step) * scale;
    };
    const built: BuiltParamGroup[] = members.map((m, i) => ({ name: `group-${i + 1}`, scale: scales[i]!, params: Object.keys(m), optimizer: options.create(m, rateOf(i)) }));
    if (Object.keys(rest).length > 0 || built.length === 0) built.push({ name: 'default', scale: 1, params: Object.keys(rest), optimizer: options.create(rest, lr) });
    this.groups = built;
    for (const group of built) for (const path of group.params) this.groupOf.set(path, group);
  }

  /** Class name of the optimizers (`Adam`...). */
  get className(): string {
    return this.groups[0]!.optimizer.className;
  }

  /** Number of completed `step()` calls. */
  get stepCount(): number {
    return this.steps;
  }

  /** The rate the next step uses for the param at `path` (the base rate when omitted). */
  learningRate(path?: string): number {
    const group = path === undefined ? (this.groups.find((g) => g.name === 'default') ?? this.groups[0]!) : this.groupOf.get(path);
    if (group === undefined) throw new ConfigError(`GroupedOptimizer: no param '${path}'; params: ${Object.keys(this.params).join(', ')}`);
    return group.optimizer.learningRate;
  }

  zeroGrad(): void {
    for (const p of Object.values(this.params)) p.grad = null;
  }

  /**
   * One update of every trainable param with a gradient, each with its group's rate. Checks all
   * gradients first: a NaN/Inf gradient throws a NonFiniteError naming the param and changes nothing.
   */
  step(): void {
    if (this.maxGradNorm !== undefined) clipGradNorm(this.params, this.maxGradNorm);
    for (const [path, p] of Object.entries(this.params)) {
      if (!p.trainable || p.grad === null) continue;
      const i = findNonFinite(p.grad.data);
      if (i >= 0) throw new NonFiniteError(`${this.className}: gradient of '${path}' is ${p.grad.data[i]} at index ${i} at step ${this.steps}; no param was updated`);
    }
    for (const group of this.groups) group.optimizer.step();
    this.steps++;
  }

  /** zeroGrad, loss, backward, step; returns the loss (see `Optimizer.minimize`). */
  minimize(graph: Graph, loss: () => Variable): number {
    this.zeroGrad();
    const lossVar = loss();
    if (lossVar.size !== 1) throw new ShapeError(`${this.className}.minimize: the loss must have one value, got shape ${formatShape(lossVar.shape)}`);
    const value = lossVar.value.data[0]!;
    if (!Number.isFinite(value)) throw new NonFiniteError(`${this.className}: loss (op '${lossVar.op}') is ${value} at step ${this.steps}`);
    graph.backward(lossVar);
    this.step();
    return value;
  }

  /** The state of a single optimizer over all params (see the class docs). */
  getState(): OptimizerState {
    const params: Record<string, ParamState> = {};
    for (const group of this.groups) Object.assign(params, group.optimizer.getState().params);
    return { className: this.className, step: this.steps, params };
  }

  /** Restores {@link GroupedOptimizer.getState} (or a single optimizer's state over the same params). */
  setState(state: OptimizerState): void {
    if (state.className !== this.className) throw new ConfigError(`${this.className}.setState: the state is for a ${state.className} optimizer`);
    const parts = new Map<BuiltParamGroup, Record<string, ParamState>>(this.groups.map((g) => [g, {}]));
    for (const [path, paramState] of Object.entries(state.params)) {
      const group = this.groupOf.get(path);
      if (group === undefined) throw new ConfigError(`${this.className}.setState: unknown param '${path}'; params: ${Object.keys(this.params).join(', ')}`);
      parts.get(group)![path] = paramState;
    }
    // Each group checks its part (slots, shapes) before the first one changes anything.
    const before = this.groups.map((g) => g.optimizer.getState());
    try {
      for (const group of this.groups) group.optimizer.setState({ className: state.className, step: state.step, params: parts.get(group)! });
    } catch (error) {
      this.groups.forEach((g, i) => g.optimizer.setState(before[i]!));
      throw error;
    }
    this.steps = state.step;
  }
}

function groupScale(group: ParamGroup, index: number, baseLr: number | undefined): number {
  const where = `paramGroups[${index}]`;
  if (group === null || typeof group !== 'object') throw new ConfigError(`${where}: expected { match, lr } or { match, lrScale }, got ${JSON.stringify(group)}`);
  const matches = typeof group.match === 'string' ? [group.match] : group.match;
  if (!Array.isArray(matches) || matches.length === 0 || !matches.every((m) => typeof m === 'string' && m !== '')) {
    throw new ConfigError(`${where}.match: expected a glob such as "conv*" (or an array of them), got ${JSON.stringify(group.match)}`);
  }
  if ((group.lr === undefined) === (group.lrScale === undefined)) throw new ConfigError(`${where}: give exactly one of lr or lrScale`);
  if (group.lrScale !== undefined) {
    if (!(Number.isFinite(group.lrScale) && group.lrScale >= 0)) throw new ConfigError(`${where}.lrScale: expected a finite number >= 0, got ${group.lrScale}`);
    return group.lrScale;
  }
  if (!(Number.isFinite(group.lr) && group.lr! >= 0)) throw new ConfigError(`${where}.lr: expected a finite number >= 0, got ${String(group.lr)}`);
  if (baseLr === undefined || !(baseLr > 0)) throw new ConfigError(`${where}.lr: needs a positive base learning rate to scale a schedule by (baseLr), got ${String(baseLr)}`);
  return group.lr! / baseLr;
}
