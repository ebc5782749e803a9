export * from './broadcast.js';
export * from './check-finite.js';
export * from './grad-check.js';
export * from './graph.js';
export * as ops from './ops.js';
export type { Standardized } from './norm-ops.js';
export type { Axes } from './reductions.js';
export type { Indices } from './shape-ops.js';
export * from './variable.js';
