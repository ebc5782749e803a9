export * from './tokens.js';
export { bindContributionProvider } from './contribution-provider.js';
export type { TransferTarget } from './contributions.js';
export * from './plugin.js';
export * from './load-plugin-module.js';
export * from './core-module.js';
export * from './create-container.js';
export { DataRegistryImpl, type DataContext, type DataRegistration } from './data-registry.js';
export { SinkRegistryImpl, type MakeSinkContext, type SinkContext, type SinkRegistration } from './sink-registry.js';
