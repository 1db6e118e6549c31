export * from './builders.js';
export * from './harness.js';
