export { createPriorityResolver, SYSTEM_PRIORITY_CLASSES } from './admission.js';
export { filterPluginMajor, firstFilterList } from './batch-filter.js';
export { buildProfile, type PluginEntry, type ProfileSpec } from './build-profile.js';
export * from './config/index.js';
export {
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  defaultSchedulerConfig,
  scheduleCluster,
  schedulerConfigFrom,
} from './container.js';
export { type CycleEnv, type CycleOutcome, runCycle, runPreFilter } from './cycle.js';
export { DECISION_KEYS, decisionRecord, decisionsJsonl, orderKeys } from './decision-jsonl.js';
export {
  createDefaultRegistry,
  inTreeRegistrations,
  joinHalves,
  type NodeResourcesFitArgs,
  NodeResourcesFitArgsSchema,
} from './default-registry.js';
export { type EvaluatorFactory, type NodeEvaluator, runPreScore, scoreRange } from './evaluator.js';
export * from './explain/index.js';
export { compareBytes, fitErrorMessage, NO_NODES_AVAILABLE } from './failure-message.js';
export {
  type ExtensionPointTiming,
  instrumentPlugin,
  instrumentRegistry,
  instrumentSchedulerConfig,
  type PluginMethodTiming,
  PluginTimer,
  type PluginTimingReport,
} from './instrument.js';
export { nodeTreeOrder, numFeasibleNodesToFind, zoneKey } from './node-tree.js';
export { Nominator } from './nominator.js';
export * from './plugin-loader/index.js';
export { DEFAULT_SCHEDULER_NAME, type Profile, type WeightedScorePlugin } from './profile.js';
export { type RandomSource, seededRandom } from './random.js';
export {
  EXTENSION_POINTS,
  type ExtensionPoint,
  type PluginRegistration,
  PluginRegistry,
  POINT_METHOD,
} from './registry.js';
export {
  type AttemptObserver,
  type ObservedAttempt,
  Scheduler,
  type SchedulerConfig,
  toDecision,
} from './scheduler.js';
export { SchedulingSession, type SessionConfig } from './session.js';
export type * from './types.js';
export * from './verify/index.js';
export * from './what-if/index.js';
export * from './workload-gen/index.js';
