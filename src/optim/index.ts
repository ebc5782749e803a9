export * from './adam.js';
export * from './clip-grad-norm.js';
export * from './lr-schedules.js';
export * from './optimizer.js';
export * from './rmsprop.js';
export * from './sgd.js';
export * from './optimizer-state-io.js';
