export * from './char-rnn.js';
export * from './char-rnn-options.js';
