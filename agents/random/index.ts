export * from './random-agent.js';
