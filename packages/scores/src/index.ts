export * from './node-resources-fit/score.js';
export * from './priority-sort/index.js';
