export * from './vae.js';
export * from './vae-options.js';
export * from './vae-networks.js';
