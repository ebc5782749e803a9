export * from './q-learning.js';
