export * from './node-resources-fit/filter.js';
export * from './reasons.js';
