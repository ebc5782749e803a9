export * from './gan.js';
export * from './gan-options.js';
export * from './gan-losses.js';
export * from './gan-training.js';
export * from './gan-networks.js';
export * from './critic-input-gradient.js';
export * from './minibatch-std-dev.js';
