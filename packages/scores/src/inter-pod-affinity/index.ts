export * from './args.js';
export * from './score.js';
export * from './topology-score.js';
