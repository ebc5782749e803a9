/**
 * Transfer learning: the weights format (manifest JSON + little-endian f32 .bin), pretrained
 * sources (run folders, checkpoints, weights prefixes, tfjs layers models), taking layers into a
 * new model, freezing, per-group learning rates, and the `pretrained` option / `TransferHook`
 * helpers that agents and plugins share.
 *
 * It reads checkpoints through the experiment layer's `readCheckpoint` (the one definition of
 * that format), so it sits beside the experiment layer rather than below it.
 */
export * from './apply-pretrained.js';
export * from './freeze.js';
export * from './grouped-optimizer.js';
export * from './layer-selection.js';
export * from './model-file.js';
export * from './network-snapshot.js';
export * from './pretrained-source.js';
export * from './take-layers.js';
export * from './tfjs-import.js';
export * from './transfer-hooks.js';
export * from './transfer-weights.js';
export * from './weights-format.js';
export * from './weights-io.js';
export * from './weights-load-into.js';
