export * from './arbitraries.js';
export * from './builders.js';
export * from './harness.js';
export * from './oracles.js';
