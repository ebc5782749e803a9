import { Graph } from '../../../src/autograd/graph.js';
import { JsBackend } from '../../../src/kernels/js/js-backend.js';
import type { ForwardContext } from '../../../src/nn/layer.js';

/** A graph over the js backend and a training-mode context on it. */
export function jsContext(training = true): { g: Graph; ctx: ForwardContext } {
  const g = new Graph(new JsBackend());
  return { g, ctx: { graph: g, training } };
}
