import type { Graph } from '../../src/autograd/graph.js';
import type { Variable } from '../../src/autograd/variable.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { binaryCrossEntropyWithLogits } from '../../src/nn/losses.js';
import type { GanLoss } from './gan-options.js';

// The adversarial losses on discriminator outputs (logits for the BCE games, scores for the
// Wasserstein critic), each a mean over the batch. Both players minimize their loss.

/**
 * The discriminator's loss. BCE games: BCE(D(real), realLabel) + BCE(D(fake), 0) (the same for
 * `minimax` and `nonSaturating`; they differ in the generator's loss). `wasserstein`: mean C(fake)
 * − mean C(real) (the gradient penalty is added by the caller).
 *
 * @example
 * ```ts
 * const loss = discriminatorLoss(g, 'nonSaturating', discriminator.forward(real, ctx), discriminator.forward(fake, ctx));
 * ```
 */
export function discriminatorLoss(g: Graph, kind: GanLoss, realScores: Variable, fakeScores: Variable, realLabel = 1): Variable {
  if (kind === 'wasserstein') return g.sub(g.mean(fakeScores), g.mean(realScores));
  const realLoss = binaryCrossEntropyWithLogits(g, realScores, Tensor.full(realScores.shape, realLabel));
  const fakeLoss = binaryCrossEntropyWithLogits(g, fakeScores, new Tensor(fakeScores.shape));
  return g.add(realLoss, fakeLoss);
}

/**
 * The generator's loss on D(G(z)). `minimax`: mean log(1 − σ(l)) = −mean softplus(l) (Goodfellow
 * et al.'s game, whose gradient vanishes when D rejects the fakes confidently); `nonSaturating`:
 * −mean log σ(l) = mean softplus(−l) (their practical variant); `wasserstein`: −mean C(fake).
 *
 * @example
 * ```ts
 * const loss = generatorLoss(g, 'nonSaturating', discriminator.forward(generator.forward(z, ctx), ctx));
 * ```
 */
export function generatorLoss(g: Graph, kind: GanLoss, fakeScores: Variable): Variable {
  switch (kind) {
    case 'minimax': return g.neg(g.mean(g.softplus(fakeScores)));
    case 'nonSaturating': return g.mean(g.softplus(g.neg(fakeScores)));
    case 'wasserstein': return g.neg(g.mean(fakeScores));
  }
}
