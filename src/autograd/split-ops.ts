import { ShapeError, formatShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Graph, Input } from './graph.js';
import type { Variable } from './variable.js';

/**
 * Splits x along `axis` into `count` equal pieces (tf.split with a count): the per-step inputs of
 * a recurrent layer, the gate blocks of an LSTM.
 *
 * Why not `count` slices: each slice's backward pads its gradient to the full shape, so splitting
 * a [batch, time, width] tensor into its steps by slicing costs O(time²) in backward. Here the
 * pieces hang off one hidden `split` node; each piece's backward only stores its gradient, and
 * that node, which the graph reaches after all of its pieces, joins them with one concat (zeros
 * for pieces that got no gradient) and passes the result to x: O(time) in total.
 *
 * @example
 * ```ts
 * const [i, f, c, o] = g.split(z, 4, 1);          // z [batch, 4·units]
 * const steps = g.split(projected, time, 1);      // [batch, 1, width] each
 * ```
 */
export function split(g: Graph, x: Input, count: number, axis: number): Variable[] {
  const xv = g.lift(x);
  const k = g.backend;
  const ax = axis < 0 ? axis + xv.rank : axis;
  const extent = xv.shape[ax];
  if (extent === undefined || ax < 0 || !Number.isInteger(count) || count < 1 || extent % count !== 0) {
    throw new ShapeError(`split: cannot split x ${formatShape(xv.shape)} into ${count} equal pieces along axis ${axis}`);
  }
  const size = extent / count;
  const pieceShape = xv.shape.map((d, i) => (i === ax ? size : d));
  const hub = g.node('split', xv.value, xv);
  const grads: Array<Tensor | null> = new Array<Tensor | null>(count).fill(null);
  if (hub.requiresGrad) {
    hub.backwardFn = () => {
      const parts = grads.map((gp) => gp ?? new Tensor(pieceShape));
      grads.fill(null);
      g.accumulate(xv, count === 1 ? parts[0]! : k.concat(parts, ax));
    };
  }
  const begin = new Array<number>(xv.rank).fill(0);
  return Array.from({ length: count }, (_, i) => {
    begin[ax] = i * size;
    const piece = g.node('split', count === 1 ? xv.value : k.slice(xv.value, begin, pieceShape), hub);
    if (piece.requiresGrad) {
      piece.backwardFn = (gy) => {
        grads[i] = grads[i] === null ? gy : k.binary('add', grads[i]!, gy);
        // A marker, so the graph runs the hub's backward; the hub joins the pieces' gradients.
        hub.grad ??= gy;
      };
    }
    return piece;
  });
}
