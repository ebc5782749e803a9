// The op implementations as free functions taking the graph first (`ops.matmul(g, x, w)`); the
// same ops are methods of Graph (`g.matmul(x, w)`), which is how most code calls them. Exported
// as the `ops` namespace so names like `max` and `log` do not crowd the package root.
export * from './arithmetic.js';
export * from './conv-ops.js';
export * from './norm-ops.js';
export * from './pool-ops.js';
export * from './nn-ops.js';
export * from './reductions.js';
export * from './shape-ops.js';
export * from './split-ops.js';
export * from './unary-math.js';
