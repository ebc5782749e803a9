export * from './space.js';
export * from './discrete.js';
export * from './box.js';
export * from './multi-discrete.js';
export * from './multi-binary.js';
export * from './tuple.js';
export * from './dict.js';
export * from './space-from-json.js';
export { flatOutput } from './space-utils.js';
