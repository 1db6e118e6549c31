export { createPriorityResolver, SYSTEM_PRIORITY_CLASSES } from './admission.js';
export { createScheduler, scheduleCluster } from './container.js';
export { type CycleOutcome, runCycle } from './cycle.js';
export { compareBytes, fitErrorMessage, NO_NODES_AVAILABLE } from './failure-message.js';
export { DEFAULT_SCHEDULER_NAME, defaultProfile, type Profile, type WeightedScorePlugin } from './profile.js';
export { type RandomSource, seededRandom } from './random.js';
export { Scheduler } from './scheduler.js';
export type * from './types.js';
