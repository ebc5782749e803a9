export * from './cli-io.js';
export * from './run-cli.js';
export * from './load-config-file.js';
