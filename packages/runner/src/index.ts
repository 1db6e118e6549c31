export { autoWorkers, runMany } from './run-many.js';
export { runTask } from './task.js';
export type * from './types.js';
