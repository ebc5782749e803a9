export * from './classifier.js';
export * from './classifier-options.js';
export * from './confusion-matrix.js';
export * from './network-spec.js';
export * from './random-shift.js';
