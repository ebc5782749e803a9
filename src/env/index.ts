export * from './env.js';
export * from './env-spec.js';
export * from './env-errors.js';
export * from './registry.js';
export * from './make-env.js';
export * from './vector-env.js';
export * from './check-env.js';
export { editDistance, closeMatches } from './edit-distance.js';
export * from './wrappers/index.js';
