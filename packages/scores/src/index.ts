export * from './node-resources-fit/score.js';
export * from './priority-sort/index.js';
export * from './scheduling-gates/index.js';
