export * from './meta.js';
export * from './node.js';
export * from './pod.js';
