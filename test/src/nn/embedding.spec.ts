import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { Embedding } from '../../../src/nn/index.js';
import { Rng } from '../../../src/random/rng.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { jsContext } from './nn-helpers.js';

describe('Embedding', () => {
  function table(): Embedding {
    const layer = new Embedding(4, 2, { name: 'tokens' });
    layer.build([-1], new Rng(0));
    layer.embeddings.value.data.set([0, 1, 10, 11, 20, 21, 30, 31]);
    return layer;
  }

  it('looks up one row per id and appends the vector axis', () => {
    const { ctx } = jsContext();
    const y = table().forward(Tensor.from([[3, 0, 3], [1, 2, 1]]), ctx);
    expect(y.value.toArray()).toEqual([[[30, 31], [0, 1], [30, 31]], [[10, 11], [20, 21], [10, 11]]]);
  });

  it('scatter-adds gradients into the rows looked up (repeated ids accumulate)', () => {
    const { g, ctx } = jsContext();
    const layer = table();
    g.backward(g.sum(layer.forward(Tensor.from([[3, 0, 3]]), ctx)));
    expect(layer.embeddings.grad!.toArray()).toEqual([[1, 1], [0, 0], [0, 0], [2, 2]]);
  });

  it('throws naming the layer for ids that are not integers in range', () => {
    const { ctx } = jsContext();
    expect(() => table().forward(Tensor.from([[1, 4]]), ctx)).toThrow("Embedding 'tokens': input value 4 at flat index 1 is not an id in [0, 4)");
    expect(() => table().forward(Tensor.from([[1.5]]), ctx)).toThrow(ConfigError);
  });
});
